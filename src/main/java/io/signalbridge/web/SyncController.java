package io.signalbridge.web;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import io.signalbridge.marketo.MarketoActivityPull;
import io.signalbridge.marketo.MarketoPullJobs;
import io.signalbridge.salesforce.SalesforcePullJobs;
import io.signalbridge.signals.SyncRuns;
import io.signalbridge.writeback.MarketoLeadDrift;
import io.signalbridge.writeback.MarketoLeadPush;
import io.signalbridge.writeback.SalesforceWriteback;
import io.signalbridge.writeback.WritebackDrift;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Operations API of the sync jobs (Salesforce and Marketo pulls): what is scheduled, what ran, run one now. */
@RestController
@RequestMapping("/api/syncs")
public class SyncController {

    /**
     * A job as ops see it. {@code objects}: the Salesforce objects or the Marketo activity types it reads;
     * {@code parkedUntil}: set while the source's daily quota is used up.
     */
    public record SyncJob(String job, String source, String cron, List<String> objects, boolean running, Instant nextFire,
                          Instant parkedUntil, SyncRuns.Run lastRun) {
    }

    /**
     * One run as the console's charts draw it. {@code system}: where its API calls went ({@code salesforce},
     * {@code marketo}); {@code kind}: {@code pull} (reads the system into the signal store) or {@code write} (the
     * write-back, its drift check, the Marketo lead push); {@code recordsPulled}: records changed in the signal
     * store; {@code recordsWritten}: records the system accepted.
     */
    public record RunPoint(long id, String job, String system, String kind, Instant startedAt, SyncRuns.Status status,
                           long recordsPulled, long recordsWritten, int apiCalls) {
    }

    static final int MAX_CHART_DAYS = 31;

    private final SalesforcePullJobs salesforce;
    private final MarketoPullJobs marketo;
    private final SyncRuns runs;
    private final Clock clock;

    public SyncController(SalesforcePullJobs salesforce, MarketoPullJobs marketo, SyncRuns runs, Clock clock) {
        this.salesforce = salesforce;
        this.marketo = marketo;
        this.runs = runs;
        this.clock = clock;
    }

    @GetMapping
    public List<SyncJob> jobs() {
        return Stream.concat(
                salesforce.jobs().stream().map(j -> new SyncJob(j.job(), "salesforce", j.cron(), j.objects(), j.running(), j.nextFire(),
                        null, j.lastRun())),
                marketo.jobs().stream().map(j -> new SyncJob(j.job(), "marketo", j.cron(), j.activityTypes(), j.running(), j.nextFire(),
                        j.parkedUntil(), j.lastRun()))).toList();
    }

    @GetMapping("/runs")
    public List<SyncRuns.Run> runs(@RequestParam(required = false) String job, @RequestParam(defaultValue = "50") int limit) {
        return runs.recent(job, Math.max(1, Math.min(limit, 500)));
    }

    /** Every job's runs of the last {@code days} days (at most {@value #MAX_CHART_DAYS}), oldest first. */
    @GetMapping("/runs/series")
    public List<RunPoint> series(@RequestParam(defaultValue = "7") int days) {
        Instant since = clock.instant().minus(Duration.ofDays(Math.max(1, Math.min(days, MAX_CHART_DAYS))));
        return runs.startedSince(since).stream().map(run -> {
            String job = run.job();
            boolean writes = job.equals(SalesforceWriteback.JOB) || job.equals(WritebackDrift.JOB) || job.equals(MarketoLeadPush.JOB)
                    || job.equals(MarketoLeadDrift.JOB);
            String system = salesforce.exists(job) || job.equals(SalesforceWriteback.JOB) || job.equals(WritebackDrift.JOB) ? "salesforce"
                    : marketo.exists(job) || job.equals(MarketoLeadPush.JOB) || job.equals(MarketoLeadDrift.JOB) ? "marketo" : null;
            return new RunPoint(run.id(), job, system, writes ? "write" : "pull", run.startedAt(), run.status(),
                    pulled(run.recordsByObject()), written(run.recordsByObject()), run.apiCalls());
        }).toList();
    }

    /** A pull counts the records it changed under the object's plain name ({@code Task}); other counts are not records. */
    private static long pulled(Map<String, Long> counts) {
        return counts.entrySet().stream()
                .filter(e -> !e.getKey().contains(".") && !e.getKey().equals(MarketoActivityPull.UNRESOLVED_LEADS))
                .mapToLong(Map.Entry::getValue).sum();
    }

    /** A write-back counts under {@code <object>.written} what the target accepted. */
    private static long written(Map<String, Long> counts) {
        return counts.entrySet().stream().filter(e -> e.getKey().endsWith(".written")).mapToLong(Map.Entry::getValue).sum();
    }

    @PostMapping("/{job}/run")
    public ResponseEntity<Map<String, String>> run(@PathVariable String job) {
        boolean started;
        if (salesforce.exists(job)) {
            started = salesforce.runNow(job, "manual");
        } else if (marketo.exists(job)) {
            started = marketo.runNow(job, "manual");
        } else {
            return ResponseEntity.status(HttpStatus.NOT_FOUND).body(Map.of("error", "no sync job named '" + job + "'"));
        }
        if (!started) {
            return ResponseEntity.status(HttpStatus.CONFLICT).body(Map.of("job", job, "status", "already running"));
        }
        return ResponseEntity.accepted().body(Map.of("job", job, "status", "started"));
    }
}

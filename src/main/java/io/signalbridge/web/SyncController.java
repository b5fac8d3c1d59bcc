package io.signalbridge.web;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import io.signalbridge.marketo.MarketoPullJobs;
import io.signalbridge.salesforce.SalesforcePullJobs;
import io.signalbridge.signals.SyncRuns;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
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

    private final SalesforcePullJobs salesforce;
    private final MarketoPullJobs marketo;
    private final SyncRuns runs;

    public SyncController(SalesforcePullJobs salesforce, MarketoPullJobs marketo, SyncRuns runs) {
        this.salesforce = salesforce;
        this.marketo = marketo;
        this.runs = runs;
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

    @PostMapping("/{job}/run")
    @PreAuthorize("hasAnyRole('OPERATIONS', 'ADMIN')")
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

package io.signalbridge.salesforce;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.signalbridge.alerts.Alerts;
import io.signalbridge.cluster.JobLeases;
import io.signalbridge.failures.ExternalSystemGuard;
import io.signalbridge.failures.ExternalSystemGuard.SystemPausedException;
import io.signalbridge.failures.FailureDetails;
import io.signalbridge.salesforce.SalesforceQueries.Page;
import io.signalbridge.signals.PulledRecord;
import io.signalbridge.signals.SignalStore;
import io.signalbridge.signals.SyncRuns;
import io.signalbridge.signals.SyncRuns.Status;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Step bean of routes/salesforce-pull.yaml: one run of a pull job. For each object of the job it reads the
 * changes since the object's watermark (minus the overlap window) with queryAll, page by page, and commits
 * each page together with the watermark it reaches; a page is never held longer than it takes to store it.
 * The counts of a run are the records that were new or changed: rows read again through the overlap
 * window are not counted twice.
 * A run stops cleanly before it would pass its share of the org's daily API allocation, or when the org refuses
 * with REQUEST_LIMIT_EXCEEDED (status BUDGET_STOPPED, an alert, no failed exchange); while Salesforce's circuit
 * breaker is open a run does not start, and one that meets the open breaker stops (status PAUSED).
 */
@Component("salesforcePull")
public class SalesforcePull {

    public static final String SOURCE = "salesforce";
    private static final Logger log = LoggerFactory.getLogger(SalesforcePull.class);
    static final String REQUEST_LIMIT_EXCEEDED = "REQUEST_LIMIT_EXCEEDED";
    private static final DateTimeFormatter SALESFORCE_DATETIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSxx");

    private final SalesforcePullProperties settings;
    private final SalesforceQueries queries;
    private final SalesforceBulkQueries bulk;
    private final SignalStore store;
    private final SyncRuns runs;
    private final ExternalSystemGuard guard;
    private final Alerts alerts;
    private JobLeases leases = JobLeases.inProcess();

    /** A pull without circuit breaker or alerts: for tests and benchmarks that build their own. */
    public SalesforcePull(SalesforcePullProperties settings, SalesforceQueries queries, SalesforceBulkQueries bulk,
                          SignalStore store, SyncRuns runs) {
        this(settings, queries, bulk, store, runs, ExternalSystemGuard.unguarded(), Alerts.NONE);
    }

    @Autowired
    public SalesforcePull(SalesforcePullProperties settings, SalesforceQueries queries, SalesforceBulkQueries bulk,
                          SignalStore store, SyncRuns runs, ExternalSystemGuard guard, Alerts alerts) {
        this.settings = settings;
        this.queries = queries;
        this.bulk = bulk;
        this.store = store;
        this.runs = runs;
        this.guard = guard;
        this.alerts = alerts;
    }

    /** The run guard across nodes (the service's: job_lease rows); a pull built by hand guards this JVM only. */
    @Autowired(required = false)
    public void setJobLeases(JobLeases leases) {
        this.leases = leases;
    }

    /** For run-now: takes the job's lease for the run the caller starts next (false: one is running, on any node). */
    public boolean reserve(String job) {
        return leases.reserve(job);
    }

    /** Whether a run of the job is going on, on this node or another. */
    public boolean isRunning(String job) {
        return leases.isHeld(job);
    }

    /** Runs a job unless it is already running (on any node); returns the run's id, or empty when it was skipped. */
    public Optional<Long> run(String job, String trigger) {
        return start(job, trigger).map(RunResult::runId);
    }

    /**
     * The step of routes/salesforce-pull.yaml: a run as {@link #run}, but a failed run also fails the
     * exchange, so that the route's error policy retries it and keeps it for replay. Returns the run's id,
     * or null when the job was already running.
     */
    public Long runInRoute(String job, String trigger) {
        Optional<RunResult> result = start(job, trigger);
        if (result.isPresent() && result.get().failure() != null) {
            throw new PullRunFailedException(job, result.get().runId(), result.get().failure());
        }
        // a run paused by the circuit breaker did not do the job's work: it resolves nothing
        return result.filter(r -> !r.paused()).map(RunResult::runId).orElse(null);
    }

    /** A pull run ended FAILED (the run is recorded so); the cause is what stopped it. */
    public static class PullRunFailedException extends RuntimeException {
        public PullRunFailedException(String job, long runId, RuntimeException cause) {
            super("Pull job " + job + " run " + runId + " failed: " + cause.getMessage(), cause);
        }
    }

    private record RunResult(long runId, RuntimeException failure, boolean paused) {
        RunResult(long runId, RuntimeException failure) {
            this(runId, failure, false);
        }
    }

    private Optional<RunResult> start(String job, String trigger) {
        var definition = settings.jobs().get(job);
        if (definition == null) {
            throw new IllegalArgumentException("No pull job named '" + job + "'");
        }
        var lease = leases.tryAcquire(job, trigger);
        if (lease.isEmpty()) {
            log.info("Pull job {} is still running; this {} trigger is skipped", job, trigger);
            return Optional.empty();
        }
        try (var held = lease.get()) {
            return Optional.of(execute(job, definition, trigger));
        }
    }

    private RunResult execute(String job, SalesforcePullProperties.Job definition, String trigger) {
        long runId = runs.start(job, trigger);
        var progress = new RunProgress(runId);
        try {
            Optional<Instant> paused = guard.pausedUntil(SalesforceQueries.SYSTEM);
            if (paused.isPresent()) {
                throw new SystemPausedException(SalesforceQueries.SYSTEM, paused.get());
            }
            for (String object : definition.objects()) {
                if (!pullObject(object, progress)) {
                    String reason = "stopped before passing " + Math.round(settings.apiBudgetShare() * 100) + "% of the daily API allocation ("
                            + progress.usageText() + ")";
                    runs.finish(runId, Status.BUDGET_STOPPED, progress.counts, progress.apiCalls, progress.usageText(),
                            reason + "; the next run continues from the watermarks");
                    alerts.apiBudgetReached(SalesforceQueries.SYSTEM, "Pull job " + job + " " + reason);
                    return new RunResult(runId, null);
                }
            }
            runs.finish(runId, Status.SUCCEEDED, progress.counts, progress.apiCalls, progress.usageText(), null);
            return new RunResult(runId, null);
        } catch (SystemPausedException e) {
            log.warn("Pull job {} paused: {}", job, e.getMessage());
            runs.finish(runId, Status.PAUSED, progress.counts, progress.apiCalls, progress.usageText(),
                    e.getMessage() + "; the next run after that continues from the watermarks");
            return new RunResult(runId, null, true);
        } catch (RuntimeException e) {
            if (REQUEST_LIMIT_EXCEEDED.equals(FailureDetails.errorCode(e).orElse(null))) {
                // the org's whole allocation is spent (other integrations count too): no retry can help before it frees up
                String reason = "the org refused the call with REQUEST_LIMIT_EXCEEDED (its daily API allocation is spent"
                        + (progress.usage == null ? "" : ", last seen " + progress.usageText()) + ")";
                log.warn("Pull job {} stopped: {}", job, reason);
                runs.finish(runId, Status.BUDGET_STOPPED, progress.counts, progress.apiCalls, progress.usageText(),
                        reason + "; the next run continues from the watermarks");
                alerts.apiBudgetReached(SalesforceQueries.SYSTEM, "Pull job " + job + " stopped: " + reason);
                return new RunResult(runId, null);
            }
            log.warn("Pull job {} failed: {}", job, e.getMessage());
            runs.finish(runId, Status.FAILED, progress.counts, progress.apiCalls, progress.usageText(), e.getMessage());
            return new RunResult(runId, e);
        }
    }

    /** Pulls one object; false when the API budget stopped it. */
    private boolean pullObject(String object, RunProgress progress) {
        progress.counts.putIfAbsent(object, 0L);
        if (progress.budgetExhausted()) {
            return false;
        }
        Optional<Instant> watermark = store.watermark(SOURCE, object);
        if (watermark.isEmpty() && settings.bulkThreshold() > 0
                && bulk.countAll(object, progress::called) > settings.bulkThreshold()) {
            return firstLoadInBulk(object, progress);
        }
        Instant since = watermark.map(w -> w.minus(settings.overlap())).orElse(null);
        Page page = progress.call(() -> queries.queryAll(PullSoql.build(object, settings.fieldsOf(object), since)));
        while (true) {
            List<PulledRecord> records = toRecords(object, page.records());
            if (!records.isEmpty()) {
                int changed = store.commitPage(SOURCE, object, records, records.get(records.size() - 1).systemModstamp());
                progress.counts.merge(object, (long) changed, Long::sum);
            }
            runs.progress(progress.runId, progress.counts, progress.apiCalls, progress.usageText());
            if (page.done() || page.nextRecordsUrl() == null) {
                return true;
            }
            if (progress.budgetExhausted()) {
                return false;
            }
            String next = page.nextRecordsUrl();
            page = progress.call(() -> queries.next(next));
        }
    }

    /**
     * A first load through Bulk API 2.0. Its rows come in no particular order, so the watermark is set once,
     * to the newest SystemModstamp read, after the last chunk is stored; a load cut short starts over.
     */
    private boolean firstLoadInBulk(String object, RunProgress progress) {
        if (progress.budgetExhausted()) {
            return false;
        }
        Instant[] newest = {null};
        bulk.queryAll(object, PullSoql.unordered(object, settings.fieldsOf(object), null), 2_000, settings.bulkPollInterval(), chunk -> {
            List<PulledRecord> records = toRecords(object, chunk);
            int changed = store.commitPage(SOURCE, object, records, null);
            records.forEach(r -> newest[0] = newest[0] == null || r.systemModstamp().isAfter(newest[0]) ? r.systemModstamp() : newest[0]);
            progress.counts.merge(object, (long) changed, Long::sum);
            runs.progress(progress.runId, progress.counts, progress.apiCalls, progress.usageText());
        }, progress::called);
        if (newest[0] != null) {
            store.commitPage(SOURCE, object, List.of(), newest[0]);
        }
        return true;
    }

    static List<PulledRecord> toRecords(String object, Iterable<? extends JsonNode> records) {
        var result = new ArrayList<PulledRecord>();
        for (JsonNode record : records) {
            var fields = ((ObjectNode) record).deepCopy();
            fields.remove("attributes");
            String id = fields.path("Id").asText(null);
            String modstamp = fields.path("SystemModstamp").asText(null);
            if (id == null || modstamp == null) {
                throw new SalesforceQueries.SalesforceCallException(object + " record without Id or SystemModstamp in a query page", null);
            }
            result.add(new PulledRecord(SOURCE, object, id, OffsetDateTime.parse(modstamp, SALESFORCE_DATETIME).toInstant(),
                    fields.path("IsDeleted").asBoolean(false), fields));
        }
        return result;
    }

    /** What one run has done so far: records per object, calls made, the org's usage last reported. */
    private final class RunProgress {
        final long runId;
        final Map<String, Long> counts = new LinkedHashMap<>();
        int apiCalls;
        ApiUsage usage;

        RunProgress(long runId) {
            this.runId = runId;
        }

        Page call(java.util.function.Supplier<Page> request) {
            Page page = request.get();
            called(page.usage());
            return page;
        }

        void called(Optional<ApiUsage> reported) {
            apiCalls++;
            reported.ifPresent(u -> usage = u);
        }

        boolean budgetExhausted() {
            return usage != null && usage.nextCallExceeds(settings.apiBudgetShare());
        }

        String usageText() {
            return usage == null ? null : usage.toString();
        }
    }
}

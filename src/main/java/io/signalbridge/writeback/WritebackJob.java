package io.signalbridge.writeback;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import io.signalbridge.mapping.MappingService;
import io.signalbridge.signals.SyncRuns;
import io.signalbridge.cluster.JobLeases;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the write-back jobs (Salesforce write-back, Marketo lead push) share: one run at a time, started from the
 * API ({@link #run}) or as a route step ({@link #runInRoute}, where a FAILED run fails the exchange so that the
 * error policy retries it and then keeps it for replay). Public because Camel invokes the inherited methods.
 */
public abstract class WritebackJob {

    private static final Logger log = LoggerFactory.getLogger(WritebackJob.class);

    /** A run that was recorded: its id, and what failed it (null unless it ended FAILED). */
    protected record RunResult(long runId, RuntimeException failure) {
    }

    /** The trigger of the runs that follow a scoring run (routes/scoring.yaml). */
    public static final String AFTER_SCORING = "after-scoring";

    private final String job;
    private JobLeases leases = JobLeases.inProcess();

    protected WritebackJob(String job) {
        this.job = job;
    }

    /** The run guard across nodes (the service's: job_lease rows); a job built by hand guards this JVM only. */
    @org.springframework.beans.factory.annotation.Autowired(required = false)
    public void setJobLeases(JobLeases leases) {
        this.leases = leases;
    }

    /** Whether a run is going on, on this node or another. */
    public boolean isRunning() {
        return leases.isHeld(job);
    }

    /** For run-now: takes the job's lease for the run the caller starts next (false: one is running). */
    public boolean reserve() {
        return leases.reserve(job);
    }

    /** A run unless one is running or the job has nothing to do; the run's id, or empty when none was recorded. */
    public Optional<Long> run(String trigger) {
        return start(trigger).map(RunResult::runId);
    }

    /** The route step: as {@link #run}, but a FAILED run fails the exchange (retried, then kept for replay). */
    public Long runInRoute(String trigger) {
        Optional<RunResult> result = start(trigger);
        if (result.isPresent() && result.get().failure() != null) {
            throw new WritebackRunFailedException(result.get().runId(), result.get().failure());
        }
        return result.map(RunResult::runId).orElse(null);
    }

    private Optional<RunResult> start(String requestedTrigger) {
        String trigger = requestedTrigger == null ? AFTER_SCORING : requestedTrigger;
        var lease = leases.tryAcquire(job, trigger);
        if (lease.isEmpty()) {
            log.info("{} is still running; this {} trigger is skipped", job, trigger);
            return Optional.empty();
        }
        try (var held = lease.get()) {
            return runOnce(trigger);
        }
    }

    /**
     * What an after-scoring run must look at: the records changed since the previous run of this job started, less
     * {@code overlap} (a scoring run saves its scores, stamped with its start, when it ends: the overlap must cover
     * the longest scoring run). Null (every record) for any other trigger, when the previous run did not succeed or
     * left records to be sent again (what it left unwritten is anywhere), when there is none, or when the mapping has
     * a version newer than that.
     */
    protected Instant changedSince(String trigger, long runId, SyncRuns runs, MappingService mappings, String mapping, Duration overlap) {
        if (!AFTER_SCORING.equals(trigger) || overlap == null) {
            return null;
        }
        var previous = runs.recent(job, 2).stream().filter(r -> r.id() != runId).findFirst();
        if (previous.isEmpty() || previous.get().status() != SyncRuns.Status.SUCCEEDED) {
            return null;
        }
        // records it left to be sent again (a locked row, a timeout, an unprocessed bulk row) may not have changed since
        if (previous.get().recordsByObject().entrySet().stream().anyMatch(e -> e.getKey().endsWith(".retrying") && e.getValue() > 0)) {
            return null;
        }
        Instant since = previous.get().startedAt().minus(overlap);
        var activated = mappings.activeSince(mapping);
        return activated.isPresent() && activated.get().isBefore(since) ? since : null;
    }

    /** One run, recorded in sync_run from its start to its end status; empty when there is nothing to run (no run recorded). */
    protected abstract Optional<RunResult> runOnce(String trigger);

    /** A write-back run ended FAILED (recorded so in sync_run); the cause is what stopped it. */
    public static class WritebackRunFailedException extends RuntimeException {
        WritebackRunFailedException(long runId, RuntimeException cause) {
            super("Write-back run " + runId + " failed: " + cause.getMessage(), cause);
        }
    }
}

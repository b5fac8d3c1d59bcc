package io.signalbridge.cluster;

import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One run per job across every node on the database: a job runs only while its node holds the job's lease. The
 * service's leases are rows of job_lease ({@link DatabaseJobLeases}); {@link #inProcess()} keeps them in this JVM,
 * for the tests and benchmarks that build a job by hand.
 */
public interface JobLeases {

    /**
     * The trigger of a run that Quartz fires again because the node that ran it died (the routes set it from the
     * trigger group {@value #QUARTZ_RECOVERY_GROUP} of a recoverable job).
     */
    String RECOVERY_TRIGGER = "recovery";
    /** Quartz's group of the one-off triggers that recover the runs of a dead node ({@code Scheduler.DEFAULT_RECOVERY_GROUP}). */
    String QUARTZ_RECOVERY_GROUP = "RECOVERING_JOBS";

    /** The job's lease, held until closed; empty while a run of the job holds it, on this node or another. */
    Optional<JobLease> tryAcquire(String job);

    /**
     * The job's lease for a run of {@code trigger}: as {@link #tryAcquire(String)}, but a recovery run (the dead
     * node's run fired again) waits up to {@link #recoveryWait()} for the dead node's lease to expire. A node that
     * was only slow keeps renewing its lease, and the recovery run is then skipped: never two runs at once.
     */
    default Optional<JobLease> tryAcquire(String job, String trigger) {
        if (!RECOVERY_TRIGGER.equals(trigger)) {
            return tryAcquire(job);
        }
        long deadline = System.nanoTime() + recoveryWait().toNanos();
        while (true) {
            var lease = tryAcquire(job);
            if (lease.isPresent() || System.nanoTime() >= deadline) {
                return lease;
            }
            try {
                Thread.sleep(500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Optional.empty();
            }
        }
    }

    /** How long a recovery run waits for the lease of the node it recovers from: the time a dead node's lease lasts. */
    default Duration recoveryWait() {
        return Duration.ZERO;
    }

    /** Whether a run of the job holds its lease, on any node. */
    boolean isHeld(String job);

    /** Whether this node holds the job's lease. */
    boolean isHeldHere(String job);

    /** The jobs whose leases this node holds: its runs under way. */
    Set<String> heldHere();

    /**
     * For run-now: the lease taken on the request's thread, so that two nodes asked at once answer 202 and 409, and
     * handed to the run that the request starts in the background: this node's next {@link #tryAcquire} of the job
     * gets it. A reservation never claimed is given up after a while. False when the job's lease is held.
     */
    boolean reserve(String job);

    /**
     * The job's lease, waiting (polling every second) while a run holds it, on this node or another: for a step that
     * must run, one at a time across the nodes, rather than be skipped.
     */
    default JobLease acquire(String job) {
        while (true) {
            var lease = tryAcquire(job);
            if (lease.isPresent()) {
                return lease.get();
            }
            try {
                Thread.sleep(1_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while waiting for the lease of " + job, e);
            }
        }
    }

    /** A held lease; closing it frees the job. */
    interface JobLease extends AutoCloseable {
        String job();

        @Override
        void close();
    }

    /** Leases of this JVM only: one run per job in the process. */
    static JobLeases inProcess() {
        return new JobLeases() {
            private final Set<String> held = ConcurrentHashMap.newKeySet();
            private final Set<String> reserved = ConcurrentHashMap.newKeySet();

            @Override
            public Optional<JobLease> tryAcquire(String job) {
                if (!reserved.remove(job) && !held.add(job)) {
                    return Optional.empty();
                }
                return Optional.of(new JobLease() {
                    @Override
                    public String job() {
                        return job;
                    }

                    @Override
                    public void close() {
                        held.remove(job);
                    }
                });
            }

            @Override
            public boolean isHeld(String job) {
                return held.contains(job);
            }

            @Override
            public boolean isHeldHere(String job) {
                return held.contains(job);
            }

            @Override
            public Set<String> heldHere() {
                return Set.copyOf(held);
            }

            @Override
            public boolean reserve(String job) {
                if (!held.add(job)) {
                    return false;
                }
                reserved.add(job);
                return true;
            }
        };
    }
}

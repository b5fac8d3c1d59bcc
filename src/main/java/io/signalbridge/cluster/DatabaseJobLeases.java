package io.signalbridge.cluster;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.annotation.PreDestroy;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Job leases as rows of job_lease: a row per job with its owner (this node, {@link ClusterNode}) and an expiry that the
 * owner renews every third of {@code signalbridge.cluster.lease-ttl} while the run goes on. A lease whose expiry has
 * passed (its node died, or lost the database) is free: the next node to ask takes it over. Times are the nodes'
 * clocks (UTC), which must agree to well within the TTL.
 */
@Component
public class DatabaseJobLeases implements JobLeases {

    private static final Logger log = LoggerFactory.getLogger(DatabaseJobLeases.class);

    private final JdbcTemplate jdbc;
    private final Clock clock;
    private final String owner;
    private final Duration ttl;
    private final Duration reservationTimeout;
    /** The leases this node holds, by job. */
    private final Map<String, Lease> held = new ConcurrentHashMap<>();
    private final ScheduledExecutorService renewer = Executors.newSingleThreadScheduledExecutor(r -> {
        var thread = new Thread(r, "job-lease-renewer");
        thread.setDaemon(true);
        return thread;
    });

    public DatabaseJobLeases(JdbcTemplate jdbc, Clock clock, ClusterNode node, ClusterProperties settings) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.owner = node.id();
        this.ttl = settings.leaseTtl();
        this.reservationTimeout = settings.reservationTimeout();
        long every = Math.max(100, ttl.toMillis() / 3);
        renewer.scheduleWithFixedDelay(this::renewAll, every, every, TimeUnit.MILLISECONDS);
    }

    @Override
    public Optional<JobLease> tryAcquire(String job) {
        Lease reservation = held.get(job);
        if (reservation != null && reservation.reserved.compareAndSet(true, false)) {
            return Optional.of(reservation);
        }
        return take(job, false).map(JobLease.class::cast);
    }

    /** A lease expires at most a TTL after its node's last renewal; the margin (a renewal period) covers clock skew. */
    @Override
    public Duration recoveryWait() {
        return ttl.plus(Duration.ofMillis(Math.max(1_000, ttl.toMillis() / 3)));
    }

    @Override
    public boolean reserve(String job) {
        return take(job, true).isPresent();
    }

    @Override
    public boolean isHeld(String job) {
        Long live = jdbc.queryForObject("select count(*) from job_lease where job = ? and expires_at > ?", Long.class, job, now());
        return live != null && live > 0;
    }

    @Override
    public boolean isHeldHere(String job) {
        return held.containsKey(job);
    }

    @Override
    public Set<String> heldHere() {
        return Set.copyOf(held.keySet());
    }

    private Optional<Lease> take(String job, boolean reserved) {
        if (held.containsKey(job)) {
            return Optional.empty();
        }
        LocalDateTime now = now();
        LocalDateTime expires = utc(clock.instant().plus(ttl));
        // a free lease: an expired row taken over, or no row yet
        boolean taken = jdbc.update("update job_lease set owner = ?, acquired_at = ?, expires_at = ? where job = ? and expires_at <= ?",
                owner, now, expires, job, now) == 1;
        if (!taken) {
            try {
                taken = jdbc.update("insert into job_lease (job, owner, acquired_at, expires_at) values (?, ?, ?, ?)",
                        job, owner, now, expires) == 1;
            } catch (DataIntegrityViolationException heldElsewhere) {
                taken = false;
            }
        }
        if (!taken) {
            return Optional.empty();
        }
        var lease = new Lease(job, reserved ? clock.instant() : null);
        held.put(job, lease);
        return Optional.of(lease);
    }

    private void renewAll() {
        for (Lease lease : held.values()) {
            try {
                if (lease.reservedAt != null && lease.reserved.get()
                        && lease.reservedAt.plus(reservationTimeout).isBefore(clock.instant())) {
                    log.warn("The reservation of job {}'s lease was not claimed by a run within {}; given up", lease.job, reservationTimeout);
                    lease.close();
                    continue;
                }
                int renewed = jdbc.update("update job_lease set expires_at = ? where job = ? and owner = ?",
                        utc(clock.instant().plus(ttl)), lease.job, owner);
                if (renewed == 0) {
                    log.warn("The lease of job {} was lost (not renewed within {}): another node may run the job", lease.job, ttl);
                }
            } catch (DataAccessException | IllegalStateException e) {
                log.warn("Could not renew the lease of job {}: {}", lease.job, e.getMessage());
            }
        }
    }

    /** As a node that died: renews nothing more (its rows expire). Tests. */
    void stopRenewing() {
        renewer.shutdownNow();
    }

    /** On shutdown the leases of this node are given up, for the runs its graceful stop let finish. */
    @PreDestroy
    public void releaseAll() {
        renewer.shutdownNow();
        held.values().forEach(Lease::close);
    }

    private LocalDateTime now() {
        return utc(clock.instant());
    }

    private static LocalDateTime utc(Instant instant) {
        return LocalDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    private final class Lease implements JobLease {
        final String job;
        final Instant reservedAt;
        final AtomicBoolean reserved;
        private final AtomicBoolean closed = new AtomicBoolean();

        Lease(String job, Instant reservedAt) {
            this.job = job;
            this.reservedAt = reservedAt;
            this.reserved = new AtomicBoolean(reservedAt != null);
        }

        @Override
        public String job() {
            return job;
        }

        @Override
        public void close() {
            if (!closed.compareAndSet(false, true)) {
                return;
            }
            held.remove(job, this);
            try {
                jdbc.update("delete from job_lease where job = ? and owner = ?", job, owner);
            } catch (DataAccessException | IllegalStateException e) {
                log.warn("Could not release the lease of job {} (it expires within {}): {}", job, ttl, e.getMessage());
            }
        }
    }
}

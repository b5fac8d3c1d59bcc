package io.signalbridge.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/** Job leases between two nodes on one database (two {@link DatabaseJobLeases} of their own owner), on each database. */
abstract class JobLeasesContract {

    @Autowired
    JdbcTemplate jdbc;

    final String job = "job-" + UUID.randomUUID().toString().substring(0, 8);
    DatabaseJobLeases first;
    DatabaseJobLeases second;

    DatabaseJobLeases node(String name, Duration ttl) {
        var settings = new ClusterProperties(name, ttl, Duration.ofSeconds(1), Duration.ofSeconds(5), new ClusterProperties.Quartz(Duration.ofSeconds(7), Duration.ofSeconds(60), 1));
        return new DatabaseJobLeases(jdbc, Clock.systemUTC(), new ClusterNode(settings), settings);
    }

    @AfterEach
    void stop() {
        if (first != null) {
            first.releaseAll();
        }
        if (second != null) {
            second.releaseAll();
        }
    }

    @Test
    void aLeaseHeldByOneNodeIsRefusedToTheOtherUntilReleased() {
        first = node("node-a-" + job, Duration.ofSeconds(30));
        second = node("node-b-" + job, Duration.ofSeconds(30));

        var lease = first.tryAcquire(job);
        assertThat(lease).isPresent();
        assertThat(second.tryAcquire(job)).as("held by the other node").isEmpty();
        assertThat(first.tryAcquire(job)).as("held by a run of this node").isEmpty();
        assertThat(second.isHeld(job)).isTrue();
        assertThat(second.isHeldHere(job)).isFalse();
        assertThat(first.isHeldHere(job)).isTrue();

        lease.get().close();
        assertThat(first.isHeld(job)).isFalse();
        var taken = second.tryAcquire(job);
        assertThat(taken).as("free once released").isPresent();
        taken.get().close();
    }

    @Test
    void aLeaseIsRenewedWhileHeldAndTakenOverOnceItsNodeStopsRenewingIt() throws Exception {
        first = node("node-a-" + job, Duration.ofMillis(900));
        second = node("node-b-" + job, Duration.ofMillis(900));

        var lease = first.tryAcquire(job);
        assertThat(lease).isPresent();
        Thread.sleep(2_000);
        assertThat(second.tryAcquire(job)).as("renewed by its node: still held after twice its TTL").isEmpty();

        // the node dies: its renewals stop, the row stays
        first.stopRenewing();
        Thread.sleep(1_500);
        var takenOver = second.tryAcquire(job);
        assertThat(takenOver).as("expired: taken over").isPresent();
        assertThat(jdbc.queryForObject("select owner from job_lease where job = ?", String.class, job)).isEqualTo("node-b-" + job);
        takenOver.get().close();
    }

    @Test
    void aRecoveryRunWaitsForTheDeadNodesLeaseButNotForALiveOne() throws Exception {
        first = node("node-a-" + job, Duration.ofMillis(900));
        second = node("node-b-" + job, Duration.ofMillis(900));

        var lease = first.tryAcquire(job);
        assertThat(lease).isPresent();
        long asked = System.nanoTime();
        assertThat(second.tryAcquire(job, JobLeases.RECOVERY_TRIGGER)).as("its node still renews it: the recovery run is skipped").isEmpty();
        assertThat(Duration.ofNanos(System.nanoTime() - asked)).as("after waiting for it").isGreaterThanOrEqualTo(second.recoveryWait());

        first.stopRenewing();
        assertThat(second.tryAcquire(job, "schedule")).as("a fire time does not wait").isEmpty();
        asked = System.nanoTime();
        var recovered = second.tryAcquire(job, JobLeases.RECOVERY_TRIGGER);
        assertThat(recovered).as("the dead node's lease, once expired").isPresent();
        assertThat(Duration.ofNanos(System.nanoTime() - asked)).isLessThan(second.recoveryWait());
        recovered.get().close();
    }

    @Test
    void aReservationIsHandedToThisNodesNextRunAndRefusedToOthers() throws Exception {
        // renewed (and reservations checked) every second
        first = node("node-a-" + job, Duration.ofSeconds(3));
        second = node("node-b-" + job, Duration.ofSeconds(3));

        assertThat(first.reserve(job)).isTrue();
        assertThat(second.reserve(job)).as("run-now on the other node: 409").isFalse();
        assertThat(first.reserve(job)).as("run-now again on this node: 409").isFalse();
        var run = first.tryAcquire(job);
        assertThat(run).as("the run started by the reservation gets it").isPresent();
        assertThat(first.tryAcquire(job)).as("and no other run").isEmpty();
        run.get().close();

        assertThat(first.reserve(job)).isTrue();
        Thread.sleep(3_000); // reservation timeout 1 s, checked at each renewal
        assertThat(second.tryAcquire(job)).as("a reservation no run claimed is given up").isPresent();
    }
}

package io.signalbridge.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;

import io.signalbridge.support.ServiceProcessTest;
import io.signalbridge.support.ServiceProcesses;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Issue 19, three nodes on one database: the service as three JVMs (the test's classpath, sandbox profile) on one
 * PostgreSQL schema, salesforce-activities every 10 seconds. Quartz's clustered job store fires each fire time on one
 * node: every fire time while all three run has exactly one run in sync_run, no node was asked to run one twice (its
 * log), and none fails. Then run-now of one job
 * asked of two nodes at once: one answers 202, the other 409 (the job's lease), and the job runs once.
 */
@ServiceProcessTest
class ClusterOnPostgresTest {

    static final String CRON = "0/10 * * * * ?";
    static final int PERIODS = 3;

    final ServiceProcesses services = new ServiceProcesses("sbcluster");
    final JdbcTemplate jdbc = services.jdbc;

    @AfterEach
    void stopAndDrop() throws Exception {
        services.close();
    }

    @Test
    void threeNodesRunEachFireTimeOnceAndRunNowOnceAcrossNodes() throws Exception {
        long start = System.nanoTime();
        // the first node migrates the schema and generates the sandbox org; the others join it
        Process first = startNode("node-1");
        services.awaitReady(first, Duration.ofSeconds(150));
        Process second = startNode("node-2");
        Process third = startNode("node-3");
        services.awaitReady(second, Duration.ofSeconds(150));
        services.awaitReady(third, Duration.ofSeconds(150));
        Awaitility.await("three Quartz instances checked in").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500))
                .until(() -> services.count("qrtz_scheduler_state", "select count(*) from qrtz_scheduler_state") == 3);
        LocalDateTime allUp = jdbc.queryForObject("select localtimestamp at time zone 'UTC'", LocalDateTime.class);
        System.out.printf("three nodes up after %.1f s%n", (System.nanoTime() - start) / 1e9);

        // (a) every fire time once
        Awaitility.await(PERIODS + " fire times with all three nodes up").atMost(Duration.ofSeconds(20L * PERIODS + 30))
                .pollInterval(Duration.ofSeconds(1))
                .until(() -> fireTimes(allUp).size() > PERIODS);
        Map<LocalDateTime, Long> runsByFireTime = fireTimes(allUp);
        System.out.println("salesforce-activities runs by fire time: " + runsByFireTime);
        System.out.println(services.syncRuns());
        assertThat(runsByFireTime.values()).as("runs per fire time").allMatch(n -> n == 1);
        assertThat(jdbc.queryForObject("select count(*) from sync_run where status = 'FAILED'", Long.class))
                .as("failed runs").isZero();
        assertThat(jdbc.queryForObject("select count(*) from sync_run where error like '%duplicate key%'", Long.class))
                .as("duplicate keys").isZero();
        // the job's lease would also hide a fire time fired on several nodes (the runs overlap): no node was even asked twice
        for (int node = 1; node <= 3; node++) {
            assertThat(Files.readString(Path.of("target/crash-test-cluster-node-" + node + ".log")))
                    .as("node-" + node + " log: a fire time that found the job running").doesNotContain("schedule trigger is skipped");
        }
        long doubled = jdbc.queryForObject("select count(*) - count(distinct id) from signal_record where source = 'salesforce'", Long.class);
        assertThat(doubled).isZero();

        // (b) run-now asked of two nodes at once
        var barrier = new CyclicBarrier(2);
        var answers = new ArrayList<CompletableFuture<Integer>>();
        for (Process node : List.of(first, second)) {
            answers.add(CompletableFuture.supplyAsync(() -> {
                try {
                    barrier.await();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
                return services.post(node, "/api/syncs/salesforce-accounts/run");
            }));
        }
        List<Integer> statuses = answers.stream().map(CompletableFuture::join).sorted().toList();
        System.out.println("run-now of salesforce-accounts on node-1 and node-2 at once: " + statuses);
        assertThat(statuses).containsExactly(202, 409);
        Awaitility.await("the run-now run finished").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                .until(() -> jdbc.queryForObject("select count(*) from sync_run where job = 'salesforce-accounts' and trigger_kind = 'manual'"
                        + " and status <> 'RUNNING'", Long.class) == 1);
        assertThat(services.post(third, "/api/syncs/salesforce-accounts/run")).as("free again once it ended").isEqualTo(202);
        Awaitility.await("the second run-now run finished").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                .until(() -> jdbc.queryForObject("select count(*) from sync_run where job = 'salesforce-accounts' and trigger_kind = 'manual'"
                        + " and status <> 'RUNNING'", Long.class) == 2);
        assertThat(jdbc.queryForList("select status from sync_run where job = 'salesforce-accounts' and trigger_kind = 'manual'", String.class))
                .as("one run per request that was answered 202").containsExactly("SUCCEEDED", "SUCCEEDED");
        System.out.printf("%.1f s in all%n", (System.nanoTime() - start) / 1e9);
    }

    /** The scheduled runs of salesforce-activities started after {@code since}, counted by the fire time they belong to. */
    private Map<LocalDateTime, Long> fireTimes(LocalDateTime since) {
        var byFireTime = new TreeMap<LocalDateTime, Long>();
        for (LocalDateTime started : jdbc.queryForList("select started_at from sync_run where job = 'salesforce-activities'"
                + " and trigger_kind = 'schedule' and started_at > ? order by started_at", LocalDateTime.class, since)) {
            // a run starts within moments of its fire time (every 10 s on the 0-second mark)
            LocalDateTime fireTime = started.withNano(0).withSecond(started.getSecond() / 10 * 10);
            byFireTime.merge(fireTime, 1L, Long::sum);
        }
        return byFireTime;
    }

    private Process startNode(String name) throws Exception {
        return services.start("cluster-" + name, List.of("--signalbridge.sandbox.generator.accounts=60",
                "--signalbridge.salesforce.pull.jobs.salesforce-activities.cron=" + CRON,
                // the schedules alone: no start-up pulls nor scoring, so that every run in sync_run is a fire time's or a request's
                "--signalbridge.salesforce.pull.run-on-start=false",
                "--signalbridge.marketo.pull.run-on-start=false",
                "--signalbridge.scoring.run-after-startup-pulls=false",
                // its "trigger is skipped" lines
                "--logging.level.io.signalbridge.salesforce.SalesforcePull=INFO"));
    }

}

package io.signalbridge.failures;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;

import io.signalbridge.support.ServiceProcessTest;
import io.signalbridge.support.ServiceProcesses;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The crash test of issue 6: the service runs as a separate JVM (the test's classpath) on PostgreSQL (a schema of
 * its own) with a generated sandbox org, pulling it at start-up; it is killed with SIGKILL in the middle of the
 * pull, started again, and lets the pull finish. The signal store must then hold exactly the org's records of the
 * pulled objects (nothing lost, nothing doubled), and each object's watermark must be its newest SystemModstamp.
 */
@ServiceProcessTest
class PullCrashOnPostgresTest {

    static final List<String> PULLED = List.of("Account", "Contact", "Lead", "Opportunity", "OpportunityContactRole", "Campaign",
            "CampaignMember", "Task", "Event");
    static final int ACCOUNTS = 250;

    final ServiceProcesses services = new ServiceProcesses("sbcrash");
    final JdbcTemplate jdbc = services.jdbc;

    @AfterEach
    void stopAndDrop() throws Exception {
        services.close();
    }

    @Test
    void aServiceKilledMidPullResumesAfterRestartWithNothingLostOrDoubled() throws Exception {
        long start = System.nanoTime();
        Process first = startService("first");
        long[] atKill = new long[2];
        Awaitility.await("a pull under way, partly stored").atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(100))
                .until(() -> {
                    atKill[0] = stored();
                    atKill[1] = services.count("sync_run", "select count(*) from sync_run where status = 'RUNNING'");
                    return atKill[0] >= 1_500 && atKill[1] > 0;
                });
        services.kill(first);
        long storedAtKill = stored();
        long orgSize = orgSize();
        System.out.printf("killed with %d of %d records stored, %d run(s) RUNNING, after %.1f s%n", storedAtKill, orgSize, atKill[1],
                (System.nanoTime() - start) / 1e9);
        assertThat(storedAtKill).as("killed in the middle of the pull").isGreaterThan(0).isLessThan(orgSize);

        startService("second");
        Awaitility.await("both pull jobs succeeded after the restart").atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(250))
                .until(() -> succeededAfterRestart("salesforce-accounts") && succeededAfterRestart("salesforce-activities"));
        System.out.printf("after restart: %d of %d records stored, %.1f s in all%n", stored(), orgSize, (System.nanoTime() - start) / 1e9);
        long doubled = jdbc.queryForObject("select count(*) - count(distinct id) from signal_record where source = 'salesforce'", Long.class);
        System.out.println(ServiceProcesses.TABLE_HEADER);
        System.out.println(ServiceProcesses.tableRow("SIGKILL mid-pull, restart", orgSize, stored(), doubled));

        assertThat(jdbc.queryForObject("select count(*) from sync_run where status = 'INTERRUPTED'", Long.class))
                .as("the runs the kill cut off are marked so").isPositive();
        String objects = "('" + String.join("','", PULLED) + "')";
        assertThat(jdbc.queryForObject("select count(*) from sandbox_sf_record o where o.object_name in " + objects
                + " and not exists (select 1 from signal_record s where s.source = 'salesforce' and s.id = o.id)", Long.class))
                .as("lost").isZero();
        assertThat(jdbc.queryForObject("select count(*) from signal_record s where s.source = 'salesforce'"
                + " and not exists (select 1 from sandbox_sf_record o where o.id = s.id)", Long.class)).as("not in the org").isZero();
        assertThat(doubled).as("doubled").isZero();
        assertThat(stored()).isEqualTo(orgSize);
        for (String object : PULLED) {
            assertThat(jdbc.queryForObject("select watermark from sync_watermark where source = 'salesforce' and object_name = ?",
                    java.time.LocalDateTime.class, object))
                    .as(object + " watermark = its newest SystemModstamp")
                    .isEqualTo(jdbc.queryForObject("select max(system_modstamp) from sandbox_sf_record where object_name = ?",
                            java.time.LocalDateTime.class, object));
        }
    }

    private Process startService(String name) throws Exception {
        return services.start(name, List.of("--signalbridge.sandbox.generator.accounts=" + ACCOUNTS,
                "--signalbridge.salesforce.pull.run-on-start=true",
                "--signalbridge.marketo.pull.run-on-start=false",
                // no scoring (and so no write-back) after the start-up pulls: its saves would move the org's newest
                // SystemModstamp past the watermark that the test compares with it
                "--signalbridge.scoring.run-after-startup-pulls=false"));
    }

    private boolean succeededAfterRestart(String job) {
        return Boolean.TRUE.equals(jdbc.queryForObject("select count(*) > 0 from sync_run r where job = ? and status = 'SUCCEEDED'"
                + " and id > (select max(id) from sync_run where status = 'INTERRUPTED')", Boolean.class, job));
    }

    private long stored() {
        return services.count("signal_record", "select count(*) from signal_record where source = 'salesforce'");
    }

    private long orgSize() {
        return jdbc.queryForObject("select count(*) from sandbox_sf_record where object_name in ('" + String.join("','", PULLED) + "')", Long.class);
    }
}

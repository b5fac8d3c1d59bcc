package io.signalbridge.failures;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.signalbridge.support.ServiceProcessTest;
import io.signalbridge.support.ServiceProcesses;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The write-back half of issue 6's crash test: the service (a separate JVM on PostgreSQL, with a generated sandbox
 * org kept in the same database) pulls, scores and starts writing the scores back to Account, Contact and Lead in
 * sObject Collections calls of {@value #COLLECTION_SIZE} records, or in Bulk API 2.0 jobs; it is killed with SIGKILL
 * while the write-back run is RUNNING and part of the records are written, started again (no pull, no scoring) and
 * the write-back is run once more. Then every scored record must hold in the org the values its written state says,
 * none may be blocked or kept as a failure, the cut-off run must be INTERRUPTED, and only records in flight at the
 * kill (accepted by the org but not yet recorded as written, or in a bulk job the org had not finished) may have been
 * written a second time: with the same values, which the write is idempotent for.
 */
@ServiceProcessTest
class WritebackCrashOnPostgresTest {

    static final int ACCOUNTS = 250;
    /** Small calls, so the run takes many of them and the kill lands between two. */
    static final int COLLECTION_SIZE = 10;
    static final String WRITTEN_OBJECTS = "('Account', 'Contact', 'Lead')";

    final ServiceProcesses services = new ServiceProcesses("sbwbcrash");
    final JdbcTemplate jdbc = services.jdbc;

    @AfterEach
    void stopAndDrop() throws Exception {
        services.close();
    }

    /** A way of writing back: its settings, and when the run counts as "in the middle" (SQL giving a count > 0). */
    record Scenario(String fault, List<String> settings, String inTheMiddle) {
        @Override
        public String toString() {
            return fault;
        }
    }

    static List<Scenario> scenarios() {
        return List.of(
                new Scenario("SIGKILL mid-write-back (Collections)", List.of("--signalbridge.writeback.collection-size=" + COLLECTION_SIZE,
                        "--signalbridge.writeback.bulk-threshold=1000000"),
                        "select count(*) from writeback_state having count(*) >= 200"),
                // every object above the threshold: one Bulk API 2.0 job each; killed while one is open or running, after the first
                new Scenario("SIGKILL mid-write-back (Bulk API 2.0)", List.of("--signalbridge.writeback.bulk-threshold=100",
                        "--signalbridge.writeback.bulk-poll-interval=100ms"),
                        "select count(*) from sandbox_sf_bulk_job where job_type = 'INGEST' and state in ('Open', 'UploadComplete', 'InProgress')"
                                + " and exists (select 1 from writeback_state)"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scenarios")
    void aServiceKilledMidWritebackConvergesAfterRestartWithNothingLostOrWrittenTwiceDifferently(Scenario scenario) throws Exception {
        long start = System.nanoTime();
        var settings = new ArrayList<>(List.of("--signalbridge.sandbox.generator.accounts=" + ACCOUNTS,
                "--signalbridge.salesforce.pull.run-on-start=true",
                "--signalbridge.marketo.pull.run-on-start=false",
                "--signalbridge.scoring.run-after-startup-pulls=true"));
        settings.addAll(scenario.settings());
        Process first = services.start("writeback-first", settings);
        Awaitility.await("a write-back run under way, part of it written").atMost(Duration.ofSeconds(240)).pollInterval(Duration.ofMillis(50))
                .until(() -> services.count("sync_run", "select count(*) from sync_run where job = 'salesforce-writeback' and status = 'RUNNING'") > 0
                        && services.tableExists("writeback_state") && !jdbc.queryForList(scenario.inTheMiddle(), Long.class).isEmpty()
                        && jdbc.queryForList(scenario.inTheMiddle(), Long.class).get(0) > 0);
        services.kill(first);
        long expected = expected();
        long writtenAtKill = jdbc.queryForObject("select count(*) from writeback_state", Long.class);
        // accepted by the org but not recorded as written: the call the kill cut off between the org's answer and our commit
        long acceptedNotRecorded = jdbc.queryForObject("select count(*) from sandbox_sf_record o where o.object_name in " + WRITTEN_OBJECTS
                + " and o.saves > 0 and not exists (select 1 from writeback_state w where w.record_id = o.id)", Long.class);
        // uploaded in a bulk job not finished: the org may still apply them (as Salesforce would), after our next run sent them again
        long inUnfinishedJobs = jdbc.queryForObject("select coalesce(sum(d.record_count), 0) from sandbox_sf_bulk_job j join sandbox_sf_bulk_data d"
                + " on d.job_id = j.id and d.kind = 'UPLOAD' where j.job_type = 'INGEST' and j.state in ('Open', 'UploadComplete', 'InProgress')",
                Long.class);
        System.out.printf("%s: killed with %d of %d records written (%d accepted by the org, not recorded; %d in unfinished bulk jobs),"
                + " after %.1f s%n", scenario, writtenAtKill, expected, acceptedNotRecorded, inUnfinishedJobs, (System.nanoTime() - start) / 1e9);
        assertThat(writtenAtKill).as("killed in the middle of the write-back").isPositive().isLessThan(expected);

        settings.set(1, "--signalbridge.salesforce.pull.run-on-start=false");
        settings.set(3, "--signalbridge.scoring.run-after-startup-pulls=false");
        Process second = services.start("writeback-second", settings);
        Awaitility.await("the write-back started after the restart").atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(250))
                .until(() -> services.post(second, "/api/syncs/salesforce-writeback/run") == 202);
        try {
            Awaitility.await("the write-back run after the restart succeeded").atMost(Duration.ofSeconds(240)).pollInterval(Duration.ofMillis(250))
                    .until(() -> succeededAfterRestart(second));
        } finally {
            System.out.println(services.syncRuns());
        }

        long written = jdbc.queryForObject("select count(*) from writeback_state where blocked_code is null", Long.class);
        // a value differs unless equal as JSON (81 = 81.0) or, for date-times, as instants (...Z = ...+0000)
        long holdingWritten = expected - jdbc.queryForObject("""
                select count(distinct w.record_id) from writeback_state w
                join sandbox_sf_record o on o.id = w.record_id
                cross join lateral jsonb_each(cast(w.fields as jsonb)) f
                where not coalesce((cast(o.fields as jsonb) -> f.key) = f.value
                    or (jsonb_typeof(f.value) = 'string' and f.value #>> '{}' ~ '^\\d{4}-\\d{2}-\\d{2}T'
                        and cast(cast(o.fields as jsonb) ->> f.key as timestamptz) = cast(f.value #>> '{}' as timestamptz)), false)""",
                Long.class);
        long writtenTwice = jdbc.queryForObject("select count(*) from sandbox_sf_record where object_name in " + WRITTEN_OBJECTS
                + " and saves > 1", Long.class);
        System.out.printf("after restart: %d of %d records written, %.1f s in all%n", written, expected, (System.nanoTime() - start) / 1e9);
        System.out.println(ServiceProcesses.TABLE_HEADER);
        System.out.println(ServiceProcesses.tableRow(scenario.fault(), expected, holdingWritten, writtenTwice));

        assertThat(jdbc.queryForObject("select count(*) from sync_run where job = 'salesforce-writeback' and status = 'INTERRUPTED'", Long.class))
                .as("the run the kill cut off is marked so").isEqualTo(1);
        assertThat(jdbc.queryForObject("select count(*) from sync_run where status = 'RUNNING'", Long.class)).as("stale RUNNING runs").isZero();
        assertThat(written).as("every scored record written").isEqualTo(expected);
        assertThat(jdbc.queryForObject("select count(*) from writeback_state w where not exists (select 1 from sandbox_sf_record o"
                + " where o.id = w.record_id and o.object_name in " + WRITTEN_OBJECTS + ")", Long.class)).as("written state of no org record").isZero();
        assertThat(holdingWritten).as("records holding in the org the values last written").isEqualTo(expected);
        assertThat(jdbc.queryForObject("select count(*) from sandbox_sf_record where object_name in " + WRITTEN_OBJECTS + " and saves = 0"
                + " and id in (select record_id from writeback_state)", Long.class)).as("recorded as written but never saved by the org").isZero();
        assertThat(writtenTwice).as("written twice: only the records in flight at the kill (sent again, same values)")
                .isBetween(acceptedNotRecorded, acceptedNotRecorded + inUnfinishedJobs);
        assertThat(jdbc.queryForObject("select count(*) from failed_exchange", Long.class)).as("failed exchanges").isZero();
        assertThat(jdbc.queryForObject("select count(*) from writeback_pending", Long.class)).as("pending rows left").isZero();
    }

    /**
     * Whether a write-back run started after the restart succeeded. A run PAUSED by Salesforce's circuit breaker
     * (calls timing out on a loaded machine) is a legitimate end that leaves the rest to the next run: it is started.
     */
    private boolean succeededAfterRestart(Process service) {
        String last = jdbc.query("select status from sync_run where job = 'salesforce-writeback'"
                + " and id > (select max(id) from sync_run where status = 'INTERRUPTED') order by id desc limit 1",
                (rs, i) -> rs.getString(1)).stream().findFirst().orElse("none");
        if (last.equals("PAUSED")) {
            services.post(service, "/api/syncs/salesforce-writeback/run");
        }
        return last.equals("SUCCEEDED");
    }

    /** The records the write-back has scores for: every account, and every Contact and Lead with a person score. */
    private long expected() {
        return jdbc.queryForObject("select (select count(*) from account_score) + (select count(*) from person_score"
                + " where person_type in ('CONTACT', 'LEAD'))", Long.class);
    }
}

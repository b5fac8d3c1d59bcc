package io.signalbridge.scores;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.LocalDateTime;

import io.signalbridge.support.FreePorts;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The demo's first start: the sandbox org is generated, every pull job runs on start, and scoring runs once as soon
 * as they have all finished, so scores are there without waiting for the scoring schedule.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT, properties = {
        "signalbridge.sandbox.seed-on-start=true",
        "signalbridge.salesforce.pull.run-on-start=true",
        "signalbridge.marketo.pull.run-on-start=true",
        "signalbridge.scoring.run-after-startup-pulls=true",
        // only the start-up runs: a scheduled pull (every 15 minutes) firing during the test would add a run
        "signalbridge.salesforce.pull.jobs.salesforce-accounts.cron=0 0 0 1 1 ? 2099",
        "signalbridge.salesforce.pull.jobs.salesforce-activities.cron=0 0 0 1 1 ? 2099",
        "signalbridge.marketo.pull.jobs.marketo-activities.cron=0 0 0 1 1 ? 2099"})
@ActiveProfiles({"sandbox", "test"})
class ScoringAfterStartupPullsTest {

    // its own port: this context's configuration differs from the other defined-port tests'
    static final int PORT = FreePorts.find();

    @DynamicPropertySource
    static void port(DynamicPropertyRegistry registry) {
        registry.add("server.port", () -> PORT);
    }

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void scoresOnceTheStartupPullsHaveFinished() {
        Awaitility.await().atMost(Duration.ofMinutes(4)).pollInterval(Duration.ofSeconds(1)).until(() ->
                jdbc.queryForObject("select count(*) from scoring_run where status <> 'RUNNING'", Integer.class) > 0);

        assertThat(jdbc.queryForObject("select count(*) from scoring_run", Integer.class)).isEqualTo(1);
        assertThat(jdbc.queryForObject("select status || ':' || run_type from scoring_run", String.class)).isEqualTo("SUCCEEDED:FULL");
        assertThat(jdbc.queryForObject("select count(*) from account_score", Integer.class)).isPositive();
        assertThat(jdbc.queryForObject("select count(*) from person_score where intent_score is not null", Integer.class)).isPositive();
        // every start-up pull (two Salesforce jobs, one Marketo job) had ended before scoring started; the
        // orchestrations, the write-back and the Marketo lead push that follow scoring record runs of their own
        String pulls = "sync_run where job in ('salesforce-accounts', 'salesforce-activities', 'marketo-activities')";
        assertThat(jdbc.queryForObject("select count(*) from " + pulls + " and ended_at is not null", Integer.class)).isEqualTo(3);
        var lastPullEnded = jdbc.queryForObject("select max(ended_at) from " + pulls, LocalDateTime.class);
        var scoringStarted = jdbc.queryForObject("select started_at from scoring_run", LocalDateTime.class);
        assertThat(scoringStarted).isAfterOrEqualTo(lastPullEnded);
    }
}

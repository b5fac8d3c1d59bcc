package io.signalbridge.signals;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDateTime;

import io.signalbridge.signals.SyncRuns.Status;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ActiveProfiles;

/**
 * Start-up recovery marks INTERRUPTED the runs a dead process left RUNNING, not a run this process has already
 * started (the web server takes a run-now request before the started event on which recovery runs).
 */
@SpringBootTest
@ActiveProfiles("test")
class SyncRunsInterruptedTest {

    @Autowired
    SyncRuns runs;
    @Autowired
    JdbcTemplate jdbc;

    @Test
    void onlyTheRunsOfADeadProcessAreMarkedInterrupted() {
        jdbc.update("delete from sync_run where job = 'recovery-test'");
        jdbc.update("insert into sync_run (job, trigger_kind, started_at, status, records_by_object, api_calls)"
                + " values ('recovery-test', 'schedule', ?, 'RUNNING', '{}', 0)", LocalDateTime.now().minusMinutes(5));
        long leftByDeadProcess = jdbc.queryForObject("select max(id) from sync_run where job = 'recovery-test'", Long.class);
        long startedHere = runs.start("recovery-test", "manual");

        assertThat(runs.markInterrupted()).isPositive();

        assertThat(runs.find(leftByDeadProcess).orElseThrow().status()).isEqualTo(Status.INTERRUPTED);
        assertThat(runs.find(startedHere).orElseThrow().status()).isEqualTo(Status.RUNNING);
        runs.finish(startedHere, Status.SUCCEEDED, java.util.Map.of(), 0, null, null);
        assertThat(runs.find(startedHere).orElseThrow().status()).isEqualTo(Status.SUCCEEDED);
    }
}

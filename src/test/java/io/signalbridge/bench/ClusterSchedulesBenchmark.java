package io.signalbridge.bench;

import java.time.Duration;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.signalbridge.support.ServiceProcesses;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Issue 19's figure: runs and API calls per hour of the same schedules with one node and with three, on PostgreSQL
 * with the real service as JVMs (sandbox profile, 60 accounts): salesforce-activities every 10 s, salesforce-accounts
 * every 20 s, marketo-activities every 15 s, counted over {@code -Dbench.cluster.window} (default 120 s) once every
 * node is up. Clustered, the figures are those of one node: each fire time runs once, wherever.
 */
@Tag("bench")
class ClusterSchedulesBenchmark {

    static final Duration WINDOW = Duration.ofSeconds(Long.getLong("bench.cluster.window", 120));

    @Test
    void runsAndApiCallsPerHourWithOneNodeAndWithThree() throws Exception {
        var rows = new ArrayList<String>();
        for (int nodes : List.of(1, 3)) {
            rows.add(measure(nodes));
        }
        System.out.println();
        System.out.printf("%-6s | %-64s | %14s | %20s%n", "nodes", "runs per hour, by job", "run API calls/h", "sandbox API calls/h");
        rows.forEach(System.out::println);
    }

    private String measure(int count) throws Exception {
        try (var services = new ServiceProcesses("sbbench")) {
            var nodes = new ArrayList<Process>();
            for (int i = 1; i <= count; i++) {
                nodes.add(services.start("bench-cluster-" + count + "-" + i, List.of("--signalbridge.sandbox.generator.accounts=60",
                        "--signalbridge.salesforce.pull.jobs.salesforce-activities.cron=0/10 * * * * ?",
                        "--signalbridge.salesforce.pull.jobs.salesforce-accounts.cron=5/20 * * * * ?",
                        "--signalbridge.marketo.pull.jobs.marketo-activities.cron=0/15 * * * * ?",
                        "--signalbridge.salesforce.pull.run-on-start=false",
                        "--signalbridge.marketo.pull.run-on-start=false",
                        "--signalbridge.scoring.run-after-startup-pulls=false")));
            }
            for (Process node : nodes) {
                services.awaitReady(node, Duration.ofSeconds(240));
            }
            // the first run of each job reads everything: start counting once those are done
            Thread.sleep(25_000);
            var jdbc = services.jdbc;
            LocalDateTime from = jdbc.queryForObject("select localtimestamp at time zone 'UTC'", LocalDateTime.class);
            long sandboxCallsBefore = jdbc.queryForObject("select coalesce(sum(calls), 0) from sandbox_api_usage", Long.class);
            Thread.sleep(WINDOW.toMillis());
            LocalDateTime to = jdbc.queryForObject("select localtimestamp at time zone 'UTC'", LocalDateTime.class);
            long sandboxCalls = jdbc.queryForObject("select coalesce(sum(calls), 0) from sandbox_api_usage", Long.class) - sandboxCallsBefore;
            double perHour = 3600.0 / Duration.between(from, to).toSeconds();
            Map<String, Long> runs = new TreeMap<>();
            long runCalls = 0;
            for (var row : jdbc.queryForList("select job, count(*) as runs, coalesce(sum(api_calls), 0) as calls from sync_run"
                    + " where started_at >= ? and started_at < ? and trigger_kind = 'schedule' group by job", from, to)) {
                runs.put((String) row.get("job"), ((Number) row.get("runs")).longValue());
                runCalls += ((Number) row.get("calls")).longValue();
            }
            var byJob = new StringBuilder();
            runs.forEach((job, n) -> byJob.append(job).append(' ').append(Math.round(n * perHour)).append("  "));
            long failed = jdbc.queryForObject("select count(*) from sync_run where status = 'FAILED'", Long.class);
            return String.format("%-6d | %-64s | %14d | %20d%s", count, byJob.toString().trim(), Math.round(runCalls * perHour),
                    Math.round(sandboxCalls * perHour), failed > 0 ? "  (" + failed + " failed runs)" : "");
        }
    }
}

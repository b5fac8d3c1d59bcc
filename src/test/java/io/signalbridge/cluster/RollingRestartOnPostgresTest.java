package io.signalbridge.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.signalbridge.support.ServiceProcessTest;
import io.signalbridge.support.ServiceProcesses;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Issue 19, a rolling restart: two nodes on one PostgreSQL schema, salesforce-activities every 10 seconds, while a
 * rep logs a Task in the org about once a second. Node 1 is stopped with SIGTERM (as Kubernetes stops a pod), started
 * again, then node 2 the same; the first stop lands in the middle of a full salesforce-accounts run on node 1, which
 * the graceful stop lets finish. Every Task the org accepted and every record of the full pull is stored once, no run
 * failed or was cut off, no fire time ran twice or beside another run, and no period went without a run: the schedule
 * does not stop for a restart.
 */
@ServiceProcessTest
class RollingRestartOnPostgresTest {

    static final String CRON = "0/10 * * * * ?";
    static final int ACCOUNTS = 250;
    static final List<String> ACCOUNT_OBJECTS = List.of("Account", "Contact", "Lead", "Opportunity", "OpportunityContactRole", "Campaign");
    static final String DATA = "/sandbox/salesforce/services/data/v62.0";

    final ServiceProcesses services = new ServiceProcesses("sbrolling");
    final JdbcTemplate jdbc = services.jdbc;
    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    final ObjectMapper json = new ObjectMapper();

    @AfterEach
    void stopAndDrop() throws Exception {
        services.close();
    }

    @Test
    void aRollingRestartLosesNothingAndKeepsTheSchedule() throws Exception {
        long start = System.nanoTime();
        Process[] nodes = {startNode("node-1", 1), null};
        services.awaitReady(nodes[0], Duration.ofSeconds(150));
        nodes[1] = startNode("node-2", 1);
        services.awaitReady(nodes[1], Duration.ofSeconds(150));
        LocalDateTime bothUp = utcNow();
        System.out.printf("two nodes up after %.1f s%n", (System.nanoTime() - start) / 1e9);

        var contacts = new ArrayList<String[]>();
        for (Map<String, Object> row : jdbc.queryForList("select id, fields from sandbox_sf_record where object_name = 'Contact' order by id limit 40")) {
            contacts.add(new String[] {(String) row.get("id"), json.readTree((String) row.get("fields")).path("AccountId").asText()});
        }
        String token = orgToken(nodes[0]);
        var created = new CopyOnWriteArrayList<String>();
        var refused = new AtomicInteger();
        var writing = new AtomicBoolean(true);
        Thread rep = new Thread(() -> {
            while (writing.get()) {
                String[] contact = contacts.get(ThreadLocalRandom.current().nextInt(contacts.size()));
                String id = createTask(nodes, token, contact[0], contact[1]);
                if (id == null) {
                    refused.incrementAndGet();
                } else {
                    created.add(id);
                }
                sleep(Duration.ofMillis(900));
            }
        }, "rep-logging-tasks");
        rep.start();

        sleep(Duration.ofSeconds(15));
        for (int i = 0; i < nodes.length; i++) {
            if (i == 0) {
                // the first stop lands in the middle of the first full salesforce-accounts run, which this node runs
                assertThat(services.post(nodes[0], "/api/syncs/salesforce-accounts/run")).isEqualTo(202);
                Awaitility.await("the full pull under way on node-1").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50))
                        .until(() -> storedOf(ACCOUNT_OBJECTS) >= 200);
                assertThat(storedOf(ACCOUNT_OBJECTS)).as("stopped mid-run").isLessThan(orgSize(ACCOUNT_OBJECTS));
            }
            long stopping = System.nanoTime();
            int exit = services.stop(nodes[i], Duration.ofSeconds(90));
            System.out.printf("node-%d stopped with SIGTERM in %.1f s (exit %d), %d Tasks logged so far%n", i + 1,
                    (System.nanoTime() - stopping) / 1e9, exit, created.size());
            nodes[i] = startNode("node-" + (i + 1), 2);
            services.awaitReady(nodes[i], Duration.ofSeconds(150));
            System.out.printf("node-%d up again after %.1f s%n", i + 1, (System.nanoTime() - stopping) / 1e9);
            sleep(Duration.ofSeconds(12));
        }
        writing.set(false);
        rep.join();
        LocalDateTime lastTask = utcNow();
        System.out.printf("%d Tasks logged, %d refused (the org answered nothing but errors for a moment)%n", created.size(), refused.get());

        Awaitility.await("two fire times after the last Task").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1))
                .until(() -> jdbc.queryForObject("select count(*) from sync_run where job = 'salesforce-activities' and started_at > ?"
                        + " and status = 'SUCCEEDED'", Long.class, lastTask) >= 2);
        LocalDateTime end = utcNow();
        System.out.println(services.syncRuns());

        String ids = "('" + String.join("','", created) + "')";
        long stored = jdbc.queryForObject("select count(distinct id) from signal_record where source = 'salesforce' and id in " + ids, Long.class);
        long doubled = jdbc.queryForObject("select count(*) - count(distinct id) from signal_record where source = 'salesforce'", Long.class);
        System.out.println(ServiceProcesses.TABLE_HEADER);
        System.out.println(ServiceProcesses.tableRow("rolling restart of two nodes, Tasks logged", created.size(), stored, doubled));
        assertThat(created).as("Tasks the org accepted during the restart").hasSizeGreaterThan(40);
        System.out.println(ServiceProcesses.tableRow("SIGTERM mid full pull, salesforce-accounts", orgSize(ACCOUNT_OBJECTS),
                storedOf(ACCOUNT_OBJECTS), doubled));
        assertThat(storedOf(ACCOUNT_OBJECTS)).as("the full pull a stop landed in: lost").isEqualTo(orgSize(ACCOUNT_OBJECTS));
        assertThat(stored).as("lost").isEqualTo(created.size());
        assertThat(doubled).as("doubled").isZero();
        assertThat(jdbc.queryForList("select job || ' ' || status from sync_run where status not in ('SUCCEEDED')", String.class))
                .as("runs that did not succeed: a graceful stop lets a run finish").isEmpty();

        // A fire time the stopping node had acquired is handed to the other node at that node's next scan, so it may run
        // late (by up to a period here), a moment before the next one: runs never overlap, there are no more runs than fire
        // times (none ran twice), and no period goes without one.
        List<LocalDateTime[]> runs = jdbc.query("select started_at, ended_at from sync_run where job = 'salesforce-activities'"
                + " and trigger_kind = 'schedule' and started_at > ? order by started_at",
                (rs, i) -> new LocalDateTime[] {rs.getObject(1, LocalDateTime.class), rs.getObject(2, LocalDateTime.class)}, bothUp);
        Duration longestGap = Duration.ZERO;
        for (int i = 1; i < runs.size(); i++) {
            assertThat(runs.get(i)[0]).as("run %d starts after run %d ended", i, i - 1).isAfterOrEqualTo(runs.get(i - 1)[1]);
            Duration gap = Duration.between(runs.get(i - 1)[0], runs.get(i)[0]);
            longestGap = gap.compareTo(longestGap) > 0 ? gap : longestGap;
        }
        System.out.printf("%d scheduled salesforce-activities runs, the longest gap between two %.1f s (period 10 s)%n", runs.size(),
                longestGap.toMillis() / 1e3);
        assertThat(longestGap).as("no period without a run while one node was always up").isLessThan(Duration.ofSeconds(25));
        LocalDateTime firstFireTime = runs.get(0)[0].withNano(0).withSecond(runs.get(0)[0].getSecond() / 10 * 10);
        long fireTimes = Duration.between(firstFireTime, runs.get(runs.size() - 1)[0]).toSeconds() / 10 + 1;
        assertThat(runs).as("runs from the first fire time to the last run's, one per fire time at most").hasSizeLessThanOrEqualTo((int) fireTimes);
        System.out.printf("%.1f s in all%n", (System.nanoTime() - start) / 1e9);
    }

    private long storedOf(List<String> objects) {
        return jdbc.queryForObject("select count(*) from signal_record s where s.source = 'salesforce' and exists (select 1 from sandbox_sf_record o"
                + " where o.id = s.id and o.object_name in ('" + String.join("','", objects) + "'))", Long.class);
    }

    private long orgSize(List<String> objects) {
        return jdbc.queryForObject("select count(*) from sandbox_sf_record where object_name in ('" + String.join("','", objects) + "')", Long.class);
    }

    /** Logs a Task through whichever node answers (the org is in the shared database); null when none accepted it. */
    private String createTask(Process[] nodes, String token, String contactId, String accountId) {
        String body = json.createObjectNode().put("Subject", "Call: rollout question").put("Type", "Call").put("TaskSubtype", "Call")
                .put("Status", "Completed").put("ActivityDate", LocalDate.now(ZoneOffset.UTC).toString())
                .put("WhoId", contactId).put("WhatId", accountId).toString();
        for (Process node : nodes) {
            if (node == null || !node.isAlive()) {
                continue;
            }
            var request = HttpRequest.newBuilder(URI.create(services.baseUrl(node) + DATA + "/sobjects/Task"))
                    .timeout(Duration.ofSeconds(10))
                    .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build();
            try {
                HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 201) {
                    return json.readTree(response.body()).get("id").asText();
                }
            } catch (java.io.IOException stoppingOrDown) {
                // the next node
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            }
        }
        return null;
    }

    private String orgToken(Process node) throws Exception {
        String form = "grant_type=password&client_id=sandbox&client_secret=sandbox&username=integration@sandbox.local&password=sandbox";
        var request = HttpRequest.newBuilder(URI.create(services.baseUrl(node) + "/sandbox/salesforce/services/oauth2/token"))
                .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(form)).build();
        JsonNode token = json.readTree(http.send(request, HttpResponse.BodyHandlers.ofString()).body());
        return token.get("access_token").asText();
    }

    private Process startNode(String name, int generation) throws Exception {
        return services.start("rolling-" + name + "-" + generation, List.of("--signalbridge.sandbox.generator.accounts=" + ACCOUNTS,
                "--signalbridge.cluster.node-id=" + name + "-" + generation,
                // pages of 200 that take 150 ms each, as on a real org: the full pull lasts seconds, not a moment the
                // test can miss on a fast machine
                "--signalbridge.sandbox.salesforce.page-size=200",
                "--signalbridge.sandbox.salesforce.query-latency=150ms",
                "--signalbridge.salesforce.pull.jobs.salesforce-activities.cron=" + CRON,
                "--signalbridge.salesforce.pull.run-on-start=false",
                "--signalbridge.marketo.pull.run-on-start=false",
                "--signalbridge.scoring.run-after-startup-pulls=false",
                "--logging.level.io.signalbridge.salesforce.SalesforcePull=INFO"));
    }

    private LocalDateTime utcNow() {
        return jdbc.queryForObject("select localtimestamp at time zone 'UTC'", LocalDateTime.class);
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

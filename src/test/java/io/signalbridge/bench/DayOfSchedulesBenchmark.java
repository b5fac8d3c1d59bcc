package io.signalbridge.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.signalbridge.mapping.MappingService;
import io.signalbridge.scores.AccountScoring;
import io.signalbridge.support.FreePorts;
import io.signalbridge.support.ShippedMappings;

import org.apache.camel.ProducerTemplate;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.util.LinkedMultiValueMap;

/**
 * A day of 15-minute schedules, simulated: 96 cycles of the whole chain (Salesforce and Marketo pulls, scoring,
 * segment membership, Salesforce write-back, Marketo lead push) on the sandbox demo org, (a) with no new activity,
 * then (b) with a new Task on 1 % of the accounts before each cycle. The clock runs as real time plus 15 minutes a
 * cycle, so the day's full rescore (00:00 in the scoring zone) falls inside each simulated day. Prints, per cycle,
 * the scoring run, the Salesforce records saved and Marketo leads updated, and the API calls to each org (all
 * calls, pulls included, as counted by the sandbox orgs; and the write-back's own).
 * Run: {@code ./mvnw -Pbench test -Dtest=DayOfSchedulesBenchmark [-Dbench.accounts=500]}.
 */
@Tag("bench")
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT)
@ActiveProfiles({"sandbox", "test"})
class DayOfSchedulesBenchmark {

    static final int ACCOUNTS = Integer.getInteger("bench.accounts", 300);
    static final int CYCLES = 96;
    static final int PORT = FreePorts.find();
    static final Path MAPPINGS = Path.of("target/bench-day-mappings-" + UUID.randomUUID());
    static final String DATA = "/sandbox/salesforce/services/data/v62.0";

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("server.port", () -> PORT);
        registry.add("signalbridge.sandbox.seed-on-start", () -> true);
        registry.add("signalbridge.sandbox.generator.accounts", () -> ACCOUNTS);
        registry.add("signalbridge.mappings.directory", MAPPINGS::toString);
        registry.add("signalbridge.mappings.load-on-start", () -> true);
        registry.add("signalbridge.mappings.reload-interval", () -> "1h");
        registry.add("logging.level.io.signalbridge", () -> "WARN");
    }

    /** Real time plus a jump the benchmark makes: timeouts and rate windows still run, the day moves 15 min a cycle. */
    static final class JumpingClock extends Clock {
        final AtomicReference<Duration> jumped = new AtomicReference<>(Duration.ZERO);

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return Clock.offset(Clock.system(zone), jumped.get());
        }

        @Override
        public Instant instant() {
            return Instant.now().plus(jumped.get());
        }
    }

    @TestConfiguration(proxyBeanMethods = false)
    static class Time {
        @Bean
        @Primary
        JumpingClock jumpingClock() {
            return new JumpingClock();
        }
    }

    @BeforeAll
    static void copyShippedMappings() throws IOException {
        ShippedMappings.copy(MAPPINGS, List.of("salesforce-account", "salesforce-contact", "salesforce-lead", "marketo-lead"));
    }

    @Autowired
    ProducerTemplate camel;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    MappingService mappings;
    @Autowired
    TestRestTemplate http;
    @Autowired
    ObjectMapper json;
    @Autowired
    JumpingClock clock;

    @Test
    void aDayOfSchedules() {
        Awaitility.await().atMost(Duration.ofMinutes(5)).until(() -> mappings.active("marketo-lead").isPresent()
                && mappings.active("salesforce-lead").isPresent() && jdbc.queryForObject(
                "select count(*) from sandbox_sf_record where object_name = 'Account'", Integer.class) >= ACCOUNTS);
        List<String[]> contacts = jdbc.query("select id, fields from sandbox_sf_record where object_name = 'Contact' and not is_deleted",
                (rs, i) -> new String[] {rs.getString(1), accountOf(rs.getString(2))});
        System.out.printf("%nDay of schedules: %d accounts, %d contacts, %d cycles of 15 minutes per day%n", ACCOUNTS,
                contacts.size(), CYCLES);
        var random = new SplittableRandom(42);
        for (String scenario : List.of("a: no new activity", "b: a new Task on 1 % of the accounts before each cycle")) {
            boolean active = scenario.startsWith("b");
            System.out.printf("%nScenario %s%n%5s %-17s %-16s %9s %9s %9s %9s %9s %7s%n", scenario, "cycle", "simulated time",
                    "scoring", "SF saved", "SF calls", "SF write", "MKTO upd", "MKTO call", "secs");
            long saved = 0;
            long updated = 0;
            long sfCalls = 0;
            long mktoCalls = 0;
            for (int cycle = 1; cycle <= CYCLES; cycle++) {
                clock.jumped.updateAndGet(d -> d.plus(Duration.ofMinutes(15)));
                if (active) {
                    String token = salesforceToken();
                    int tasks = Math.max(1, ACCOUNTS / 100);
                    for (int t = 0; t < tasks; t++) {
                        String[] contact = contacts.get(random.nextInt(contacts.size()));
                        createTask(token, contact[0], contact[1]);
                    }
                }
                long saves = sfSaves();
                var leads = marketoLeadTimes();
                long sf = calls("SALESFORCE");
                long mkto = calls("MARKETO");
                long started = System.nanoTime();
                var summary = cycle();
                double seconds = (System.nanoTime() - started) / 1e9;
                long cycleSaved = sfSaves() - saves;
                long cycleUpdated = updatedLeads(leads, marketoLeadTimes());
                long cycleSf = calls("SALESFORCE") - sf;
                long cycleMkto = calls("MARKETO") - mkto;
                saved += cycleSaved;
                updated += cycleUpdated;
                sfCalls += cycleSf;
                mktoCalls += cycleMkto;
                System.out.printf("%5d %-17s %-16s %9d %9d %9d %9d %9d %7.1f%n", cycle,
                        clock.instant().atZone(ZoneOffset.UTC).toLocalDateTime().withNano(0).toString().replace('T', ' '),
                        summary.type() + " " + summary.accounts(), cycleSaved, cycleSf, writeCalls(summary.run(), "salesforce-writeback"),
                        cycleUpdated, cycleMkto, seconds);
            }
            System.out.printf("Scenario %s, day total: %d Salesforce records saved, %d Marketo leads updated, %d Salesforce calls,"
                    + " %d Marketo calls%n", scenario.substring(0, 1), saved, updated, sfCalls, mktoCalls);
        }
    }

    AccountScoring.RunSummary cycle() {
        for (String job : List.of("salesforce-accounts", "salesforce-activities")) {
            camel.requestBodyAndHeaders("direct:salesforce-pull", null, Map.of("job", job, "trigger", "schedule"));
        }
        camel.requestBodyAndHeaders("direct:marketo-pull", null, Map.of("job", "marketo-activities", "trigger", "schedule"));
        return camel.requestBody("direct:score-accounts", null, AccountScoring.RunSummary.class);
    }

    /** Saves the Salesforce org stored (updates: the saves counter; creations other than our Tasks do not happen). */
    long sfSaves() {
        return jdbc.queryForObject("select coalesce(sum(saves), 0) from sandbox_sf_record where object_name <> 'Task'", Long.class);
    }

    /** Each Marketo lead's updatedAt, which the instance moves on every update. */
    Map<Long, String> marketoLeadTimes() {
        var times = new java.util.HashMap<Long, String>();
        jdbc.query("select id, updated_at from sandbox_mkto_lead", rs -> {
            times.put(rs.getLong(1), rs.getString(2));
        });
        return times;
    }

    static long updatedLeads(Map<Long, String> before, Map<Long, String> after) {
        return after.entrySet().stream().filter(e -> !e.getValue().equals(before.get(e.getKey()))).count();
    }

    long calls(String org) {
        return jdbc.queryForObject("select coalesce(sum(calls), 0) from sandbox_api_usage where org = ?", Long.class, org);
    }

    long writeCalls(long scoringRun, String job) {
        var started = jdbc.queryForObject("select started_at from scoring_run where id = ?", java.time.LocalDateTime.class, scoringRun);
        return jdbc.queryForObject("select coalesce(sum(api_calls), 0) from sync_run where job = ? and started_at >= ?",
                Long.class, job, started);
    }

    String salesforceToken() {
        var form = new LinkedMultiValueMap<String, String>();
        form.add("grant_type", "refresh_token");
        form.add("client_id", "sandbox");
        form.add("client_secret", "sandbox");
        form.add("refresh_token", "sandbox-refresh-token");
        var headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_FORM_URLENCODED);
        return http.postForObject("/sandbox/salesforce/services/oauth2/token", new HttpEntity<>(form, headers), JsonNode.class)
                .get("access_token").asText();
    }

    void createTask(String token, String contactId, String accountId) {
        var headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);
        headers.setBearerAuth(token);
        var task = json.createObjectNode().put("Subject", "Call: follow-up").put("Type", "Call").put("TaskSubtype", "Call")
                .put("Status", "Completed").put("ActivityDate", LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC).toString())
                .put("WhoId", contactId).put("WhatId", accountId);
        http.postForObject(DATA + "/sobjects/Task", new HttpEntity<>(task.toString(), headers), JsonNode.class);
    }

    String accountOf(String fields) {
        try {
            return json.readTree(fields).path("AccountId").asText(null);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}

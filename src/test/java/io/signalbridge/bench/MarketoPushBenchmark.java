package io.signalbridge.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.signalbridge.alerts.Alerts;
import io.signalbridge.failures.ExternalSystemGuard;
import io.signalbridge.failures.FailedExchangeStore;
import io.signalbridge.mapping.MappingService;
import io.signalbridge.marketo.MarketoClient;
import io.signalbridge.marketo.MarketoProperties;
import io.signalbridge.marketo.MarketoQuota;
import io.signalbridge.sandbox.SandboxApiUsage;
import io.signalbridge.sandbox.SandboxTokenStore;
import io.signalbridge.sandbox.marketo.MarketoCallLimits;
import io.signalbridge.sandbox.marketo.MarketoLead;
import io.signalbridge.sandbox.marketo.MarketoStore;
import io.signalbridge.signals.SyncRuns;
import io.signalbridge.support.FreePorts;
import io.signalbridge.writeback.MappedValues;
import io.signalbridge.writeback.MarketoLeadPush;
import io.signalbridge.writeback.MarketoLeadWrites;
import io.signalbridge.writeback.MarketoPushProperties;
import io.signalbridge.writeback.WrittenState;

import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The Marketo lead push of 100,000 linked leads (20,000 scored accounts, 100,000 scored contacts) to the sandbox
 * instance, heap capped at 512 MB (the bench profile), with the shipped mapping: the first push (every lead
 * changed), nothing changed, 1 % of the leads changed, then every lead changed again. Prints leads pushed per
 * second and Sync Leads calls per 100,000 leads. The client gets 95 calls / 20 s, just under the instance's
 * 100 / 20 s, so a full push is bound by Marketo's rate limit (at most 1,500 leads/s at 300 a call) as it would
 * be against a real instance. Run: {@code ./mvnw -Pbench test -Dtest=MarketoPushBenchmark}.
 */
@Tag("bench")
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT)
@ActiveProfiles("test")
class MarketoPushBenchmark {

    static final int LEADS = 100_000;
    static final int LEADS_PER_ACCOUNT = 5;
    static final long FIRST_LEAD = 7_000_000L;
    static final int PORT = FreePorts.find();
    static final String DB = "target/bench-marketo-push/" + UUID.randomUUID();

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("server.port", () -> PORT);
        registry.add("spring.datasource.url", () -> "jdbc:h2:file:./" + DB + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH");
        registry.add("logging.level.io.signalbridge", () -> "WARN");
    }

    @Autowired
    MarketoProperties clientSettings;
    @Autowired
    MarketoPushProperties pushSettings;
    @Autowired
    MappingService mappings;
    @Autowired
    MappedValues values;
    @Autowired
    WrittenState state;
    @Autowired
    FailedExchangeStore failures;
    @Autowired
    SyncRuns runs;
    @Autowired
    MarketoQuota quota;
    @Autowired
    ExternalSystemGuard guard;
    @Autowired
    MarketoStore instance;
    @Autowired
    MarketoCallLimits instanceLimits;
    @Autowired
    SandboxApiUsage instanceUsage;
    @Autowired
    ProducerTemplate camel;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    ObjectMapper json;
    @Autowired
    Clock clock;

    @Test
    void pushesOnlyWhatChanged() throws Exception {
        var report = mappings.update("marketo-lead", Files.readString(Path.of("mappings/marketo-lead.yaml")), "bench", "api");
        if (!report.valid()) {
            throw new AssertionError("shipped mapping refused: " + report.errors());
        }
        fill();
        var settings = new MarketoProperties(clientSettings.baseUrl(), clientSettings.clientId(), clientSettings.clientSecret(), 95,
                Duration.ofSeconds(20), 5, 3, Duration.ofSeconds(20));
        var client = new MarketoClient(settings, camel, json, quota, clock);
        var push = new MarketoLeadPush(pushSettings, mappings, values, state, new MarketoLeadWrites(client, json), failures, runs, json,
                quota, guard, Alerts.NONE);

        measure("first push (100 % changed)", push, LEADS);
        measure("nothing changed (0 %)", push, 0);
        changeContacts(LEADS / 100);
        measure("1 % changed", push, LEADS / 100);
        changeAccounts();
        measure("100 % changed", push, LEADS);
    }

    private void measure(String what, MarketoLeadPush push, long expected) {
        System.gc();
        long started = System.nanoTime();
        long runId = push.run("bench").orElseThrow();
        double seconds = (System.nanoTime() - started) / 1e9;
        var run = runs.find(runId).orElseThrow();
        long written = run.recordsByObject().getOrDefault("Lead.written", 0L);
        Runtime runtime = Runtime.getRuntime();
        System.out.printf("%nMarketoPushBenchmark %s: %s, %,d of %,d leads pushed in %.1f s = %,.0f leads pushed/s, %,.0f leads scanned/s;"
                        + " %d Sync Leads calls = %.0f calls per 100,000 leads (%.0f per 100,000 leads pushed); heap used now %d MB of %d MB%n%n",
                what, run.status(), written, LEADS, seconds, written / seconds, LEADS / seconds, run.apiCalls(),
                run.apiCalls() * 100_000.0 / LEADS, written == 0 ? 0.0 : run.apiCalls() * 100_000.0 / written,
                (runtime.totalMemory() - runtime.freeMemory()) >> 20, runtime.maxMemory() >> 20);
        if (written != expected) {
            throw new AssertionError(what + ": pushed " + written + ", expected " + expected + ": " + run);
        }
    }

    /** The engagement score of the first {@code count} contacts changes: their leads, and only they, are pushed. */
    private void changeContacts(int count) {
        jdbc.update("update person_score set engagement_score = engagement_score + 1 where person_id < ?", contactId(count));
    }

    private void changeAccounts() {
        jdbc.update("update account_score set intent_score = intent_score + 1");
    }

    /** 100,000 leads in the sandbox instance, each linked to a scored contact of a scored account. */
    private void fill() {
        instance.deleteAll();
        instanceLimits.reset();
        instanceUsage.reset(SandboxTokenStore.Org.MARKETO);
        var start = clock.instant();
        var leads = new ArrayList<MarketoLead>(5_000);
        var links = new ArrayList<Object[]>(5_000);
        for (int i = 0; i < LEADS; i++) {
            String email = "p" + i + "@company" + i / LEADS_PER_ACCOUNT + ".example";
            var fields = json.createObjectNode().put("email", email).put("sfdcContactId", contactId(i)).put("sfdcAccountId", accountId(i));
            leads.add(new MarketoLead(FIRST_LEAD + i, email, start, start, fields));
            links.add(new Object[] {String.valueOf(FIRST_LEAD + i), contactId(i), accountId(i)});
            if (leads.size() == 5_000) {
                instance.insertLeads(leads);
                leads.clear();
                insertLinks(links);
                links.clear();
            }
        }
        instance.insertLeads(leads);
        insertLinks(links);
        var scoredAt = LocalDateTime.ofInstant(start, ZoneOffset.UTC);
        var today = LocalDate.now(clock);
        jdbc.batchUpdate("""
                insert into account_score (account_id, as_of, profile_score, profile_fit, profile_probability, intent_score,
                    in_market_probability, reach_score, reach_level, reach, buying_stage, open_opportunity, qualified,
                    qualified_since, qualified_until, qualified_age_days, contributors, scored_at)
                values (?, ?, ?, 'Moderate', 0.5, ?, 0.4, 40, 'Medium', 0.4, 'Awareness', false, ?, ?, null, ?, '[]', ?)""",
                IntStream.range(0, LEADS / LEADS_PER_ACCOUNT).boxed().toList(), 5_000, (ps, n) -> {
                    ps.setString(1, accountId(n * LEADS_PER_ACCOUNT));
                    ps.setObject(2, today);
                    ps.setInt(3, n % 100);
                    ps.setInt(4, (n * 7) % 90);
                    ps.setBoolean(5, n % 5 == 0);
                    ps.setObject(6, n % 5 == 0 ? today.minusDays(n % 30) : null);
                    ps.setObject(7, n % 5 == 0 ? n % 30 : null);
                    ps.setObject(8, scoredAt);
                });
        jdbc.batchUpdate("""
                insert into person_score (person_id, account_id, person_type, as_of, profile_score, profile_fit, profile_probability,
                    engagement_score, grade, engagement, contributors, scored_at, intent_score)
                values (?, ?, 'CONTACT', ?, ?, 'Strong', 0.5, ?, 'B', 0.5, '[]', ?, ?)""",
                IntStream.range(0, LEADS).boxed().toList(), 5_000, (ps, n) -> {
                    ps.setString(1, contactId(n));
                    ps.setString(2, accountId(n));
                    ps.setObject(3, today);
                    ps.setInt(4, n % 100);
                    ps.setInt(5, (n * 3) % 90);
                    ps.setObject(6, scoredAt);
                    ps.setInt(7, (n * 11) % 100);
                });
    }

    private void insertLinks(List<Object[]> links) {
        jdbc.batchUpdate("insert into marketo_lead_link (marketo_lead_id, contact_id, lead_id, account_id, resolved_via, updated_at)"
                + " values (?, ?, null, ?, 'salesforceIds', current_timestamp)", links);
    }

    private static String contactId(int n) {
        return String.format("003%015d", n);
    }

    private static String accountId(int n) {
        return String.format("001%015d", n / LEADS_PER_ACCOUNT);
    }
}

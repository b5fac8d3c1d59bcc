package io.signalbridge.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.UUID;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.signalbridge.failures.FailedExchangeStore;
import io.signalbridge.mapping.MappingService;
import io.signalbridge.sandbox.salesforce.SalesforceIds;
import io.signalbridge.sandbox.salesforce.SalesforceRecord;
import io.signalbridge.sandbox.salesforce.SalesforceRecordStore;
import io.signalbridge.signals.SyncRuns;
import io.signalbridge.support.FreePorts;
import io.signalbridge.writeback.SalesforceWriteback;
import io.signalbridge.mapping.TargetSchema;
import io.signalbridge.segments.SegmentAudience;
import io.signalbridge.segments.SegmentDraft;
import io.signalbridge.segments.SegmentKind;
import io.signalbridge.segments.SegmentMembership;
import io.signalbridge.segments.SegmentProperties;
import io.signalbridge.segments.SegmentService;
import io.signalbridge.segments.SegmentStore;
import io.signalbridge.signals.PulledRecord;
import io.signalbridge.signals.SignalStore;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The segment membership step over 100,000 pulled accounts (also in the sandbox org) with scores and 50 published
 * filter segments (10 industries × 5 employee thresholds, about 3 segments an account), then again with no change,
 * then with 1 % of the memberships changed (accounts whose employee count drops below one threshold, scores
 * untouched). After each, the write-back sends what changed to the sandbox org through the shipped Account mapping.
 * Prints the step's time, the membership rows and segment-name values changed, and the write-back's Salesforce
 * calls. The describe is a fixed answer for the step, and no segment has an audience list, so the step itself
 * makes no API call. Run: {@code ./mvnw -Pbench test -Dtest=SegmentBenchmark}.
 */
@Tag("bench")
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT)
@ActiveProfiles("test")
class SegmentBenchmark {

    static final int PORT = FreePorts.find();
    static final String DB = "target/bench-segments/" + UUID.randomUUID();

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("server.port", () -> PORT);
        registry.add("spring.datasource.url", () -> "jdbc:h2:file:./" + DB + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH");
        registry.add("logging.level.io.signalbridge", () -> "WARN");
        registry.add("signalbridge.sandbox.salesforce.daily-api-limit", () -> 10_000_000);
    }

    static final int ACCOUNTS = 100_000;
    static final int SEGMENTS = 50;
    static final String[] INDUSTRIES = {"Software", "Banking", "Retail", "Insurance", "Healthcare", "Manufacturing", "Energy",
            "Media", "Telecom", "Education"};

    @Autowired
    SignalStore signals;
    @Autowired
    SegmentStore store;
    @Autowired
    SegmentService service;
    @Autowired
    SegmentAudience audience;
    @Autowired
    FailedExchangeStore failures;
    @Autowired
    SegmentProperties properties;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    TransactionTemplate transaction;
    @Autowired
    ObjectMapper json;
    @Autowired
    Clock clock;
    @Autowired
    SalesforceRecordStore org;
    @Autowired
    MappingService mappings;
    @Autowired
    SalesforceWriteback writeback;
    @Autowired
    SyncRuns runs;

    @Test
    void membershipOf100kAccountsIn50PublishedSegments() throws Exception {
        var report = mappings.update("salesforce-account", Files.readString(Path.of("mappings/salesforce-account.yaml")), "bench", "api");
        if (!report.valid()) {
            throw new AssertionError("shipped mapping refused: " + report.errors());
        }
        var random = new SplittableRandom(7);
        Instant now = clock.instant();
        var page = new ArrayList<PulledRecord>();
        var inOrg = new ArrayList<SalesforceRecord>();
        var scores = new ArrayList<Object[]>();
        for (int i = 0; i < ACCOUNTS; i++) {
            String id = SalesforceIds.of("001", 7_000_000L + i);
            var fields = json.createObjectNode().put("Id", id).put("Name", "Account " + i)
                    .put("Industry", INDUSTRIES[i % INDUSTRIES.length]).put("NumberOfEmployees", random.nextInt(0, 50_000))
                    .put("BillingCountry", "United States").put("Website", "company" + i + ".example");
            page.add(new PulledRecord("salesforce", "Account", id, now, false, fields));
            inOrg.add(new SalesforceRecord(id, "Account", now, false, fields.deepCopy().put("IsDeleted", false)));
            scores.add(new Object[] {id, LocalDate.now(clock), random.nextInt(100), Timestamp.from(now)});
            if (page.size() == 5_000) {
                signals.commitPage("salesforce", "Account", page, null);
                org.insertAll(inOrg);
                page.clear();
                inOrg.clear();
            }
        }
        jdbc.batchUpdate("""
                insert into account_score (account_id, as_of, profile_score, profile_fit, profile_probability, intent_score,
                    in_market_probability, reach_score, reach_level, reach, buying_stage, open_opportunity, qualified, contributors, scored_at)
                values (?, ?, 50, 'Moderate', 0.5, ?, 0.5, 50, 'Medium', 0.5, 'Awareness', false, false, '[]', ?)""", scores);
        for (int k = 0; k < SEGMENTS; k++) {
            var filter = json.createObjectNode();
            var all = filter.putArray("all");
            all.addObject().put("field", "industry").put("value", INDUSTRIES[k % INDUSTRIES.length]);
            all.addObject().put("field", "employees").put("op", "gte").put("value", (k / INDUSTRIES.length) * 10_000);
            long id = service.create(new SegmentDraft(String.format("ABM %s %d+ employees segment %02d", INDUSTRIES[k % INDUSTRIES.length],
                    (k / INDUSTRIES.length) * 10_000, k), "ABM - FY26 Q1 - Benchmark", List.of("bench"), SegmentKind.FILTER, filter, null, null),
                    "bench").segment().id();
            service.publish(id, "bench");
        }
        TargetSchema describe = (object, field) -> Optional.of(new TargetSchema.TargetField(field, "textarea", 32_768, true, List.of()));
        var membership = new SegmentMembership(signals, store, audience, describe, failures, properties, jdbc, transaction, clock);

        var first = timed("first run (every membership new)", membership);
        writeBack("first write-back (scores and names, all new)");
        int memberships = jdbc.queryForObject("select count(*) from segment_member", Integer.class);
        timed("second run (no change)", membership);
        writeBack("write-back after no change");

        // 1 % of the memberships change: accounts with 10,000+ employees drop 10,000 (one threshold each), as a pull would bring
        int toChange = memberships / 100;
        var moved = new ArrayList<PulledRecord>();
        signals.forEach("salesforce", "Account", account -> {
            int employees = account.fields().path("NumberOfEmployees").asInt();
            if (moved.size() < toChange && employees >= 10_000) {
                moved.add(new PulledRecord("salesforce", "Account", account.id(), now.plusSeconds(60), false,
                        account.fields().deepCopy().put("NumberOfEmployees", employees - 10_000)));
            }
        });
        signals.commitPage("salesforce", "Account", moved, null);
        var third = timed("third run (1 % of memberships change)", membership);
        var calls = writeBack("write-back after 1 % of memberships changed");

        System.out.printf("SegmentBenchmark: %,d accounts, %d published segments, %,d memberships (%.2f per account)%n", ACCOUNTS, SEGMENTS,
                memberships, memberships / (double) ACCOUNTS);
        System.out.printf("SegmentBenchmark: first run %,d entries, %,d segment-name rows written%n", first.entries(), first.namesChanged());
        System.out.printf("SegmentBenchmark: 1 %% change: %,d entries + %,d exits (%.2f %% of memberships), %,d segment-name rows"
                + " written (of %,d accounts), %d refused, %d Marketo calls, %d Salesforce write calls%n", third.entries(), third.exits(),
                100.0 * (third.entries() + third.exits()) / memberships, third.namesChanged(), ACCOUNTS, third.namesRefused(),
                third.marketoCalls(), calls);
        if (first.entries() != memberships || third.namesChanged() != moved.size()) {
            throw new AssertionError("unexpected counts: " + first + " / " + third);
        }
    }

    private long writeBack(String what) {
        long started = System.nanoTime();
        var run = runs.find(writeback.run("bench").orElseThrow()).orElseThrow();
        long millis = (System.nanoTime() - started) / 1_000_000;
        System.out.printf("SegmentBenchmark: %s: %s in %,d ms, %d Salesforce API calls; %s%n", what, run.status(), millis, run.apiCalls(),
                run.recordsByObject());
        return run.apiCalls();
    }

    private SegmentMembership.RunSummary timed(String what, SegmentMembership membership) {
        long started = System.nanoTime();
        var summary = membership.run();
        long millis = (System.nanoTime() - started) / 1_000_000;
        System.out.printf("SegmentBenchmark: %s: %,d ms; %,d entries, %,d exits, %,d segment-name rows written%n", what, millis,
                summary.entries(), summary.exits(), summary.namesChanged());
        return summary;
    }
}

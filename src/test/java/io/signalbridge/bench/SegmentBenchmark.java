package io.signalbridge.bench;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.signalbridge.failures.FailedExchangeStore;
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
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The segment membership step over 100,000 pulled accounts with scores and 50 published filter segments (10
 * industries × 5 intent thresholds, about 3 segments an account), then again with no change, then with 1 % of
 * the memberships changed (accounts whose intent drops below one threshold). Prints the step's time, the
 * membership rows and segment-name values changed. The describe is a fixed answer (no server), and no segment has
 * an audience list, so the step makes no API call. Run: {@code ./mvnw -Pbench test -Dtest=SegmentBenchmark}.
 */
@Tag("bench")
@SpringBootTest
@ActiveProfiles("test")
class SegmentBenchmark {

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

    @Test
    void membershipOf100kAccountsIn50PublishedSegments() {
        var random = new SplittableRandom(7);
        Instant now = clock.instant();
        var page = new ArrayList<PulledRecord>();
        var scores = new ArrayList<Object[]>();
        for (int i = 0; i < ACCOUNTS; i++) {
            String id = String.format("001B%014d", i);
            page.add(new PulledRecord("salesforce", "Account", id, now, false, json.createObjectNode().put("Id", id)
                    .put("Industry", INDUSTRIES[i % INDUSTRIES.length]).put("NumberOfEmployees", random.nextInt(10, 50_000))
                    .put("BillingCountry", "United States").put("Website", "company" + i + ".example")));
            scores.add(new Object[] {id, LocalDate.now(clock), random.nextInt(100), Timestamp.from(now)});
            if (page.size() == 5_000) {
                signals.commitPage("salesforce", "Account", page, null);
                page.clear();
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
            all.addObject().put("field", "intent").put("op", "gte").put("value", (k / INDUSTRIES.length) * 20);
            long id = service.create(new SegmentDraft(String.format("ABM %s intent %02d+ segment %02d", INDUSTRIES[k % INDUSTRIES.length],
                    (k / INDUSTRIES.length) * 20, k), "ABM - FY26 Q1 - Benchmark", List.of("bench"), SegmentKind.FILTER, filter, null, null),
                    "bench").segment().id();
            service.publish(id, "bench");
        }
        TargetSchema describe = (object, field) -> Optional.of(new TargetSchema.TargetField(field, "textarea", 32_768, true, List.of()));
        var membership = new SegmentMembership(signals, store, audience, describe, failures, properties, jdbc, transaction, clock);

        var first = timed("first run (every membership new)", membership);
        int memberships = jdbc.queryForObject("select count(*) from segment_member", Integer.class);
        timed("second run (no change)", membership);

        // 1 % of the memberships change: accounts with intent in [20, 100) drop 20 points, crossing one threshold each
        int toChange = memberships / 100;
        List<String> moved = jdbc.queryForList("select account_id from account_score where intent_score >= 20 order by account_id limit ?",
                String.class, toChange);
        jdbc.batchUpdate("update account_score set intent_score = intent_score - 20 where account_id = ?", moved, 1_000,
                (ps, id) -> ps.setString(1, id));
        var third = timed("third run (1 % of memberships change)", membership);

        System.out.printf("SegmentBenchmark: %,d accounts, %d published segments, %,d memberships (%.2f per account)%n", ACCOUNTS, SEGMENTS,
                memberships, memberships / (double) ACCOUNTS);
        System.out.printf("SegmentBenchmark: first run %,d entries, %,d segment-name rows written%n", first.entries(), first.namesChanged());
        System.out.printf("SegmentBenchmark: 1 %% change: %,d entries + %,d exits (%.2f %% of memberships), %,d segment-name rows"
                + " written (of %,d accounts), %d refused, %d Marketo calls%n", third.entries(), third.exits(),
                100.0 * (third.entries() + third.exits()) / memberships, third.namesChanged(), ACCOUNTS, third.namesRefused(),
                third.marketoCalls());
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

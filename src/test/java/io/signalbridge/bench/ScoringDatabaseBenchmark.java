package io.signalbridge.bench;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.signalbridge.sandbox.marketo.MutableTestClock;
import io.signalbridge.scores.AccountScoring;
import io.signalbridge.signals.PulledRecord;
import io.signalbridge.signals.SignalStore;
import io.signalbridge.support.PostgresTestSupport;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.ActiveProfiles;

/**
 * Scoring with the database included, on the real PostgreSQL: synthetic Marketo activities ingested into the
 * signal store the way the pulls commit them (pages of 2,000), then a full run (stream the store, train, rescore
 * every account, write the scores) and an incremental run after one more page. Prints events ingested per second
 * and both run times. Scale with -Dbench.accounts / -Dbench.events (defaults 10,000 / 1,000,000).
 * Run: {@code ./mvnw -Pbench test -Dtest=ScoringDatabaseBenchmark}.
 */
@Tag("bench")
@SpringBootTest
@ActiveProfiles("test")
@Import(MutableTestClock.Config.class)
class ScoringDatabaseBenchmark extends PostgresTestSupport {

    static final int ACCOUNTS = Integer.getInteger("bench.accounts", 10_000);
    static final int EVENTS = Integer.getInteger("bench.events", 1_000_000);
    static final int PAGE = 2_000;
    static final int[] ACTIVITY_TYPES = {1, 2, 6, 7, 10, 11};

    @Autowired
    SignalStore store;
    @Autowired
    AccountScoring scoring;
    @Autowired
    MutableTestClock clock;

    @Test
    void ingestsIntoTheStoreAndRescoresFromPostgres() {
        Instant now = clock.instant();
        var random = new SplittableRandom(42);
        var accounts = new ArrayList<PulledRecord>();
        var opportunities = new ArrayList<PulledRecord>();
        for (int a = 0; a < ACCOUNTS; a++) {
            ObjectNode fields = JsonNodeFactory.instance.objectNode();
            fields.put("Industry", "industry" + random.nextInt(12));
            fields.put("NumberOfEmployees", random.nextInt(20_000));
            fields.put("AnnualRevenue", random.nextDouble() * 1e9);
            fields.put("BillingCountry", "country" + random.nextInt(20));
            accounts.add(new PulledRecord("salesforce", "Account", account(a), now, false, fields));
            if (random.nextInt(5) == 0) {
                Instant created = now.minus(Duration.ofDays(random.nextInt(540)));
                ObjectNode opportunity = JsonNodeFactory.instance.objectNode();
                opportunity.put("AccountId", account(a));
                opportunity.put("StageName", "Closed Won");
                opportunity.put("CreatedDate", created.toString());
                opportunity.put("CloseDate", LocalDate.ofInstant(created, ZoneOffset.UTC).plusDays(60).toString());
                opportunity.put("IsClosed", true);
                opportunities.add(new PulledRecord("salesforce", "Opportunity", "006" + a, created, false, opportunity));
            }
        }
        commit("Account", accounts);
        commit("Opportunity", opportunities);

        long started = System.nanoTime();
        long historySeconds = 540L * 86_400;
        var page = new ArrayList<PulledRecord>(PAGE);
        for (int e = 0; e < EVENTS; e++) {
            page.add(activity(e, random, now.minusSeconds(1 + random.nextLong(historySeconds))));
            if (page.size() == PAGE) {
                store.commitPage("marketo", "Activity", page, null);
                page.clear();
            }
        }
        store.commitPage("marketo", "Activity", page, null);
        double ingestSeconds = seconds(started);

        clock.advance(Duration.ofMinutes(30));
        started = System.nanoTime();
        var full = scoring.runFull();
        double fullSeconds = seconds(started);

        clock.advance(Duration.ofMinutes(30));
        page.clear();
        for (int e = 0; e < PAGE; e++) {
            page.add(activity(EVENTS + e, random, clock.instant().minusSeconds(60 + e)));
        }
        store.commitPage("marketo", "Activity", page, null);
        clock.advance(Duration.ofMinutes(30));
        started = System.nanoTime();
        var incremental = scoring.run();
        double incrementalSeconds = seconds(started);

        System.out.printf("Scoring database benchmark (PostgreSQL): %,d activity events ingested into the signal store in %.1f s "
                        + "(%,.0f events/s); full run (stream %,d events, train, rescore and write %,d accounts) %.1f s (%,.0f events/s); "
                        + "%s run after one page of %,d new events: %,d accounts rescored in %.1f s%n",
                EVENTS, ingestSeconds, EVENTS / ingestSeconds, EVENTS, full.accounts(), fullSeconds, EVENTS / fullSeconds,
                incremental.type(), PAGE, incremental.accounts(), incrementalSeconds);
    }

    void commit(String object, List<PulledRecord> records) {
        for (int i = 0; i < records.size(); i += PAGE) {
            store.commitPage("salesforce", object, records.subList(i, Math.min(records.size(), i + PAGE)), null);
        }
    }

    static String account(int a) {
        return "001B" + a;
    }

    static PulledRecord activity(long id, SplittableRandom random, Instant at) {
        int a = random.nextInt(ACCOUNTS);
        ObjectNode fields = JsonNodeFactory.instance.objectNode();
        fields.put("id", id);
        fields.put("activityTypeId", ACTIVITY_TYPES[random.nextInt(ACTIVITY_TYPES.length)]);
        fields.put("activityDate", at.toString());
        fields.put("accountId", account(a));
        fields.put("contactId", "003B" + a + "-" + random.nextInt(5));
        return new PulledRecord("marketo", "Activity", String.valueOf(id), at, false, fields);
    }

    static double seconds(long startedNanos) {
        return (System.nanoTime() - startedNanos) / 1e9;
    }
}

package io.signalbridge.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.signalbridge.mapping.MappingService;
import io.signalbridge.sandbox.marketo.MutableTestClock;
import io.signalbridge.scores.AccountScoring;
import io.signalbridge.signals.PulledRecord;
import io.signalbridge.signals.SignalStore;
import io.signalbridge.support.PostgresTestSupport;
import io.signalbridge.writeback.MappedValues;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.ActiveProfiles;

/**
 * Scoring with the database included, on the real PostgreSQL: synthetic accounts, their contacts and Marketo
 * activities ingested into the signal store the way the pulls commit them (pages of 2,000), then a full run (stream
 * the store, train, rescore every account and person, write the scores) and an incremental run after
 * {@code bench.new-events} new events on at most {@code bench.touched} accounts. Prints events ingested per second,
 * both run times and the peak heap after collections (the bench profile caps the heap at 512 MB). Scale with
 * -Dbench.accounts / -Dbench.people / -Dbench.events (defaults 10,000 / 50,000 / 1,000,000; the scale is
 * 100,000 / 500,000 / 10,000,000). Run: {@code ./mvnw -Pbench test -Dtest=ScoringDatabaseBenchmark}.
 */
@Tag("bench")
@SpringBootTest
@ActiveProfiles("test")
@Import(MutableTestClock.Config.class)
class ScoringDatabaseBenchmark extends PostgresTestSupport {

    static final int ACCOUNTS = Integer.getInteger("bench.accounts", 10_000);
    static final int EVENTS = Integer.getInteger("bench.events", 1_000_000);
    static final int PEOPLE_PER_ACCOUNT = Integer.getInteger("bench.people", ACCOUNTS * 5) / ACCOUNTS;
    static final int NEW_EVENTS = Integer.getInteger("bench.new-events", 10_000);
    static final int TOUCHED = Integer.getInteger("bench.touched", 2_000);
    static final int PAGE = 2_000;
    static final int[] ACTIVITY_TYPES = {1, 2, 6, 7, 10, 11};

    @Autowired
    SignalStore store;
    @Autowired
    AccountScoring scoring;
    @Autowired
    MutableTestClock clock;
    @Autowired
    MappingService mappings;
    @Autowired
    MappedValues values;

    @Test
    void ingestsIntoTheStoreAndRescoresFromPostgres() throws java.io.IOException {
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
        var contacts = new ArrayList<PulledRecord>(PAGE);
        for (int a = 0; a < ACCOUNTS; a++) {
            for (int p = 0; p < PEOPLE_PER_ACCOUNT; p++) {
                ObjectNode fields = JsonNodeFactory.instance.objectNode();
                fields.put("AccountId", account(a));
                fields.put("Title", TITLES[random.nextInt(TITLES.length)]);
                fields.put("Department", "department" + random.nextInt(8));
                contacts.add(new PulledRecord("salesforce", "Contact", contact(a, p), now, false, fields));
                if (contacts.size() == PAGE) {
                    store.commitPage("salesforce", "Contact", contacts, null);
                    contacts.clear();
                }
            }
        }
        store.commitPage("salesforce", "Contact", contacts, null);

        var heap = new PeakHeap();
        long started = System.nanoTime();
        long historySeconds = 540L * 86_400;
        var page = new ArrayList<PulledRecord>(PAGE);
        for (int e = 0; e < EVENTS; e++) {
            page.add(activity(e, random.nextInt(ACCOUNTS), random, now.minusSeconds(1 + random.nextLong(historySeconds))));
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

        // New activity on at most TOUCHED accounts, committed as the activities pull would, then the next run.
        clock.advance(Duration.ofMinutes(30));
        int[] touched = random.ints(0, ACCOUNTS).distinct().limit(Math.min(TOUCHED, ACCOUNTS)).toArray();
        page.clear();
        for (int e = 0; e < NEW_EVENTS; e++) {
            page.add(activity(EVENTS + e, touched[random.nextInt(touched.length)], random, clock.instant().minusSeconds(60 + e % 600)));
            if (page.size() == PAGE) {
                store.commitPage("marketo", "Activity", page, null);
                page.clear();
            }
        }
        store.commitPage("marketo", "Activity", page, null);
        clock.advance(Duration.ofMinutes(30));
        Instant incrementalAt = clock.instant();
        started = System.nanoTime();
        var incremental = scoring.run();
        double incrementalSeconds = seconds(started);

        // The write-back after it: the diff pass over what that run rescored (an after-scoring run's scope), against
        // the pass over every scored record that a write-back without a scope makes.
        started = System.nanoTime();
        long scoped = diffPassRecords(incrementalAt);
        double scopedSeconds = seconds(started);
        started = System.nanoTime();
        long all = diffPassRecords(null);
        double allSeconds = seconds(started);
        heap.stop();

        System.out.printf("Scoring database benchmark (PostgreSQL, load average %.1f): %,d accounts, %,d contacts; %,d activity events "
                        + "ingested into the signal store in %.1f s (%,.0f events/s); full run (stream %,d events, train, rescore and "
                        + "write %,d accounts and their people) %.1f s (%,.0f events/s); %s run after %,d new events on %,d accounts: "
                        + "%,d accounts rescored in %.1f s; the write-back's diff pass after it reads %,d account and contact "
                        + "records in %.1f s (%,d in %.1f s without its scope); peak heap after collections %,d MB of %,d MB%n",
                java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(), ACCOUNTS,
                ACCOUNTS * PEOPLE_PER_ACCOUNT, EVENTS, ingestSeconds, EVENTS / ingestSeconds, EVENTS, full.accounts(), fullSeconds,
                EVENTS / fullSeconds, incremental.type(), NEW_EVENTS, touched.length, incremental.accounts(), incrementalSeconds, scoped, scopedSeconds,
                all, allSeconds,
                heap.peakMegabytes(), Runtime.getRuntime().maxMemory() >> 20);
    }

    /** Account and contact records the write-back's diff pass reads: those changed since then, or (null) all. */
    long diffPassRecords(Instant changedSince) throws java.io.IOException {
        long[] read = {0};
        for (String mapping : List.of("salesforce-account", "salesforce-contact")) {
            var parsed = mappings.parsed(mapping, Files.readString(Path.of("mappings", mapping + ".yaml"))).orElseThrow();
            values.forEach(parsed, parsed.system() + ":" + parsed.object(), false, null, changedSince, r -> read[0]++);
        }
        return read[0];
    }

    static final String[] TITLES = {"VP Marketing", "Director of Demand Generation", "Marketing Operations Manager", "CMO",
            "Sales Development Representative", "Software Engineer", "CFO", "Head of Growth"};

    /** The largest heap in use right after a collection while the benchmark runs: what the run really holds. */
    static final class PeakHeap {
        private final java.util.List<javax.management.NotificationEmitter> emitters = new ArrayList<>();
        private final javax.management.NotificationListener listener;
        private volatile long peak;

        PeakHeap() {
            listener = (notification, handback) -> {
                long used = 0;
                for (var pool : java.lang.management.ManagementFactory.getMemoryPoolMXBeans()) {
                    if (pool.getType() == java.lang.management.MemoryType.HEAP && pool.getCollectionUsage() != null) {
                        used += pool.getCollectionUsage().getUsed();
                    }
                }
                peak = Math.max(peak, used);
            };
            for (var collector : java.lang.management.ManagementFactory.getGarbageCollectorMXBeans()) {
                if (collector instanceof javax.management.NotificationEmitter emitter) {
                    emitter.addNotificationListener(listener, null, null);
                    emitters.add(emitter);
                }
            }
        }

        void stop() {
            for (var emitter : emitters) {
                try {
                    emitter.removeNotificationListener(listener);
                } catch (javax.management.ListenerNotFoundException ignored) {
                    // already gone
                }
            }
        }

        long peakMegabytes() {
            return peak >> 20;
        }
    }

    void commit(String object, List<PulledRecord> records) {
        for (int i = 0; i < records.size(); i += PAGE) {
            store.commitPage("salesforce", object, records.subList(i, Math.min(records.size(), i + PAGE)), null);
        }
    }

    static String account(int a) {
        return "001B" + a;
    }

    static String contact(int account, int person) {
        return "003B" + account + "-" + person;
    }

    static PulledRecord activity(long id, int account, SplittableRandom random, Instant at) {
        ObjectNode fields = JsonNodeFactory.instance.objectNode();
        fields.put("id", id);
        fields.put("activityTypeId", ACTIVITY_TYPES[random.nextInt(ACTIVITY_TYPES.length)]);
        fields.put("activityDate", at.toString());
        fields.put("accountId", account(account));
        fields.put("contactId", contact(account, random.nextInt(PEOPLE_PER_ACCOUNT)));
        return new PulledRecord("marketo", "Activity", String.valueOf(id), at, false, fields);
    }

    static double seconds(long startedNanos) {
        return (System.nanoTime() - startedNanos) / 1e9;
    }
}

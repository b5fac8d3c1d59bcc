package io.signalbridge.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.signalbridge.failures.FailedExchangeStore;
import io.signalbridge.mapping.MappingService;
import io.signalbridge.salesforce.SalesforceQueries;
import io.signalbridge.sandbox.salesforce.SalesforceIds;
import io.signalbridge.sandbox.salesforce.SalesforceRecord;
import io.signalbridge.sandbox.salesforce.SalesforceRecordStore;
import io.signalbridge.signals.SyncRuns;
import io.signalbridge.support.FreePorts;
import io.signalbridge.writeback.MappedValues;
import io.signalbridge.writeback.SalesforceWriteback;
import io.signalbridge.writeback.SalesforceWrites;
import io.signalbridge.writeback.WritebackProperties;
import io.signalbridge.writeback.WrittenState;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The write-back of 100,000 scored accounts to the sandbox org, heap capped at 512 MB (the bench profile):
 * the first write, then 1 %, 10 % and 100 % of the accounts changed, with the default threshold (Collections
 * up to 2,000 changed records, one Bulk API 2.0 job above), and 10 % once more through Collections only.
 * Prints API calls and records per second. Run: {@code ./mvnw -Pbench test -Dtest=WritebackBenchmark}.
 */
@Tag("bench")
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT)
@ActiveProfiles("test")
class WritebackBenchmark {

    static final int ACCOUNTS = 100_000;
    static final int PORT = FreePorts.find();
    static final String DB = "target/bench-writeback/" + UUID.randomUUID();

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("server.port", () -> PORT);
        registry.add("spring.datasource.url", () -> "jdbc:h2:file:./" + DB + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH");
        registry.add("logging.level.io.signalbridge", () -> "WARN");
        // the sandbox counts every call against its daily limit: room for the whole benchmark
        registry.add("signalbridge.sandbox.salesforce.daily-api-limit", () -> 10_000_000);
    }

    @Autowired
    SalesforceWriteback writeback;
    @Autowired
    WritebackProperties settings;
    @Autowired
    MappingService mappings;
    @Autowired
    MappedValues values;
    @Autowired
    WrittenState state;
    @Autowired
    SalesforceWrites writes;
    @Autowired
    SalesforceQueries queries;
    @Autowired
    FailedExchangeStore failures;
    @Autowired
    SyncRuns runs;
    @Autowired
    SalesforceRecordStore org;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    ObjectMapper json;
    @Autowired
    Clock clock;

    @Test
    void writesOnlyWhatChanged() throws Exception {
        var report = mappings.update("salesforce-account", Files.readString(Path.of("mappings/salesforce-account.yaml")), "bench", "api");
        if (!report.valid()) {
            throw new AssertionError("shipped mapping refused: " + report.errors());
        }
        List<String> ids = fill();
        var fast = new WritebackProperties(settings.mappings(), settings.bulkThreshold(), 200, 1.0, Duration.ofMillis(200),
                Duration.ofMinutes(30), settings.previewSample(), settings.driftCron(), settings.changeOverlap());
        var engine = new SalesforceWriteback(fast, mappings, values, state, writes, queries, failures, runs, json);
        var collectionsOnly = new SalesforceWriteback(new WritebackProperties(settings.mappings(), Integer.MAX_VALUE, 200, 1.0,
                Duration.ofMillis(200), Duration.ofMinutes(30), settings.previewSample(), settings.driftCron(), settings.changeOverlap()),
                mappings, values, state, writes, queries, failures, runs, json);

        measure("first write (100 % new)", engine, ACCOUNTS);
        measure("nothing changed (0 %)", engine, 0);
        change(ids, ACCOUNTS / 100, 1);
        measure("1 % changed", engine, ACCOUNTS / 100);
        change(ids, ACCOUNTS / 10, 2);
        measure("10 % changed", engine, ACCOUNTS / 10);
        change(ids, ACCOUNTS / 10, 3);
        measure("10 % changed, Collections only", collectionsOnly, ACCOUNTS / 10);
        change(ids, ACCOUNTS, 4);
        measure("100 % changed", engine, ACCOUNTS);
    }

    private void measure(String what, SalesforceWriteback engine, long expected) {
        System.gc();
        long started = System.nanoTime();
        long runId = engine.run("bench").orElseThrow();
        double seconds = (System.nanoTime() - started) / 1e9;
        var run = runs.find(runId).orElseThrow();
        long written = run.recordsByObject().getOrDefault("Account.written", 0L);
        Runtime runtime = Runtime.getRuntime();
        System.out.printf("WritebackBenchmark %s: %s, %d of %d accounts written in %.1f s, %.0f changed records/s, %.0f scanned records/s, "
                        + "%d API calls (Collections calls %d, bulk jobs %d), heap used now %d MB of %d MB%n",
                what, run.status(), written, ACCOUNTS, seconds, written / seconds, ACCOUNTS / seconds, run.apiCalls(),
                run.recordsByObject().getOrDefault("Account.writeCalls", 0L), run.recordsByObject().getOrDefault("Account.bulkJobs", 0L),
                (runtime.totalMemory() - runtime.freeMemory()) >> 20, runtime.maxMemory() >> 20);
        if (written != expected) {
            throw new AssertionError(what + ": written " + written + ", expected " + expected + ": " + run);
        }
    }

    /** Raises the intent score of the first {@code count} accounts to a value they have not had. */
    private void change(List<String> ids, int count, int round) {
        jdbc.batchUpdate("update account_score set intent_score = ? where account_id = ?", ids.subList(0, count), 5_000, (ps, id) -> {
            ps.setInt(1, 100 + round);
            ps.setString(2, id);
        });
    }

    /** 100,000 accounts in the sandbox org, each with a score. */
    private List<String> fill() {
        String stamp = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSxx").withZone(ZoneOffset.UTC).format(clock.instant());
        var ids = new ArrayList<String>(ACCOUNTS);
        var batch = new ArrayList<SalesforceRecord>(5_000);
        for (int i = 0; i < ACCOUNTS; i++) {
            String id = SalesforceIds.of("001", 5_000_000L + i);
            ids.add(id);
            var fields = json.createObjectNode().put("Id", id).put("IsDeleted", false).put("Name", "Account " + i)
                    .put("CreatedDate", stamp).put("LastModifiedDate", stamp).put("SystemModstamp", stamp);
            batch.add(new SalesforceRecord(id, "Account", clock.instant(), false, fields));
            if (batch.size() == 5_000) {
                org.insertAll(batch);
                batch.clear();
            }
        }
        org.insertAll(batch);
        var scoredAt = LocalDateTime.ofInstant(clock.instant(), ZoneOffset.UTC);
        var today = LocalDate.now(clock);
        jdbc.batchUpdate("""
                insert into account_score (account_id, as_of, profile_score, profile_fit, profile_probability, intent_score,
                    in_market_probability, reach_score, reach_level, reach, buying_stage, open_opportunity, qualified,
                    qualified_since, qualified_until, qualified_age_days, contributors, scored_at)
                values (?, ?, ?, 'Moderate', 0.5, ?, 0.4, 40, 'Medium', 0.4, 'Awareness', false, ?, ?, null, ?, '[]', ?)""",
                java.util.stream.IntStream.range(0, ACCOUNTS).boxed().toList(), 5_000, (ps, n) -> {
                    ps.setString(1, ids.get(n));
                    ps.setObject(2, today);
                    ps.setInt(3, n % 100);
                    ps.setInt(4, (n * 7) % 100);
                    ps.setBoolean(5, n % 5 == 0);
                    ps.setObject(6, n % 5 == 0 ? today.minusDays(n % 30) : null);
                    ps.setObject(7, n % 5 == 0 ? n % 30 : null);
                    ps.setObject(8, scoredAt);
                });
        return ids;
    }
}

package io.signalbridge.signals;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.signalbridge.support.PostgresTestSupport;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;

/**
 * Issue 19: two nodes pulling the same object store overlapping pages at once. On PostgreSQL the upsert (COPY into a
 * staging table, INSERT ... ON CONFLICT in key order) and the watermark's (INSERT ... ON CONFLICT) must never fail with a
 * duplicate key nor deadlock, and what is stored is each record once, at its newest version.
 */
@SpringBootTest
@ActiveProfiles("test")
class SignalStoreConcurrencyOnPostgresTest extends PostgresTestSupport {

    static final int WRITERS = 4;
    static final int ROUNDS = 15;
    static final int RECORDS = 600;

    @Autowired
    SignalStore store;
    @Autowired
    ObjectMapper json;

    @Test
    void writersCommittingOverlappingPagesAtOnceNeverFailAndStoreEachRecordOnce() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(WRITERS);
        try {
            Instant t0 = Instant.parse("2025-06-01T00:00:00Z");
            for (int round = 0; round < ROUNDS; round++) {
                // a fresh object each round: its first pages also race to create the watermark
                String source = "conc-" + UUID.randomUUID().toString().substring(0, 8);
                var barrier = new CyclicBarrier(WRITERS);
                var futures = new ArrayList<Future<?>>();
                for (int writer = 0; writer < WRITERS; writer++) {
                    long seed = round * 31L + writer;
                    futures.add(pool.submit(() -> {
                        // each writer its own page boundaries and order over the same records, as two pulls with their own overlap
                        var random = new Random(seed);
                        var records = new ArrayList<PulledRecord>();
                        for (int i = 0; i < RECORDS; i++) {
                            records.add(record(source, "00Q" + i, t0.plusSeconds(i), "v" + random.nextInt(3)));
                        }
                        Collections.shuffle(records, random);
                        barrier.await(30, TimeUnit.SECONDS);
                        int from = 0;
                        while (from < records.size()) {
                            int to = Math.min(records.size(), from + 50 + random.nextInt(200));
                            List<PulledRecord> page = records.subList(from, to);
                            Instant newest = page.stream().map(PulledRecord::systemModstamp).max(Instant::compareTo).orElseThrow();
                            store.commitPage(source, "Lead", page, newest);
                            from = to;
                        }
                        return null;
                    }));
                }
                for (Future<?> future : futures) {
                    future.get(60, TimeUnit.SECONDS); // rethrows a writer's failure (duplicate key, deadlock)
                }
                assertThat(store.count(source, "Lead")).as("round " + round + ": each record once").isEqualTo(RECORDS);
                assertThat(store.watermark(source, "Lead")).contains(t0.plusSeconds(RECORDS - 1));
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private PulledRecord record(String source, String id, Instant modstamp, String name) {
        var fields = json.createObjectNode().put("Id", id).put("LastName", name).put("SystemModstamp", modstamp.toString());
        return new PulledRecord(source, "Lead", id, modstamp, false, fields);
    }
}

package io.signalbridge.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Comparator;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.signalbridge.sandbox.generator.DemoOrgGenerator;
import io.signalbridge.sandbox.generator.GenerationSummary;
import io.signalbridge.sandbox.generator.GeneratorSettings;
import io.signalbridge.sandbox.marketo.MarketoStore;
import io.signalbridge.sandbox.salesforce.SalesforceRecordStore;
import io.signalbridge.sandbox.salesforce.SalesforceSchema;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

/**
 * Generates a demo org of at least a million Salesforce + Marketo rows into an H2 file database under
 * target/ and prints the throughput and the peak heap. Run: {@code ./mvnw -Pbench test -Dtest=GeneratorBenchmark}.
 */
@Tag("bench")
class GeneratorBenchmark {

    static final long TARGET_ROWS = 1_000_000;
    /** Measured rows per account at seed 42 are about 131; a margin so the target is always reached. */
    static final double ROWS_PER_ACCOUNT = 125;

    @Test
    void generateAMillionRows() throws IOException {
        Path directory = Path.of("target/bench-generator");
        deleteRecursively(directory);
        Files.createDirectories(directory);
        String url = "jdbc:h2:file:" + directory.toAbsolutePath().resolve("org")
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH";
        var dataSource = new SingleConnectionDataSource(url, "sa", "", true);
        Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").load().migrate();
        var jdbc = new JdbcTemplate(dataSource);
        var transactions = new DataSourceTransactionManager(dataSource);
        var json = new ObjectMapper();
        var salesforce = new SalesforceRecordStore(jdbc, transactions, json);
        var marketo = new MarketoStore(jdbc, json);
        var generator = new DemoOrgGenerator(SalesforceSchema.loadDefault(), salesforce, marketo, transactions);
        int accounts = (int) Math.ceil(TARGET_ROWS / ROWS_PER_ACCOUNT);

        System.gc();
        ManagementFactory.getMemoryPoolMXBeans().forEach(MemoryPoolMXBean::resetPeakUsage);
        var liveHeap = new LiveHeapSampler();
        liveHeap.start();
        GenerationSummary summary = generator.generate(GeneratorSettings.of(42, accounts, 18, Clock.systemUTC()));
        liveHeap.interrupt();
        long peakHeap = heapPools().mapToLong(pool -> pool.getPeakUsage().getUsed()).sum();

        double seconds = summary.elapsed().toMillis() / 1000.0;
        System.out.printf("%nGeneratorBenchmark: %d accounts, %d rows (%d Salesforce, %d Marketo leads, %d Marketo activities)%n",
                accounts, summary.total(), summary.salesforceRecords(), summary.count(GenerationSummary.MARKETO_LEAD),
                summary.count(GenerationSummary.MARKETO_ACTIVITY));
        System.out.printf("GeneratorBenchmark: %.1f s, %.0f rows/s, largest batch %d rows%n", seconds, summary.total() / seconds,
                summary.largestBatch());
        System.out.printf("GeneratorBenchmark: peak heap used %d MB (sum of the pools' peaks, garbage included), peak live heap"
                + " after GC %d MB, max heap %d MB%n%n", peakHeap >> 20, liveHeap.peak >> 20, Runtime.getRuntime().maxMemory() >> 20);
        dataSource.destroy();
        if (summary.total() < TARGET_ROWS) {
            throw new AssertionError("Generated only " + summary.total() + " rows");
        }
    }

    private static Stream<MemoryPoolMXBean> heapPools() {
        return ManagementFactory.getMemoryPoolMXBeans().stream().filter(pool -> pool.getType() == MemoryType.HEAP);
    }

    /** Tracks the largest heap left after a collection: what the generation keeps alive, garbage excluded. */
    static final class LiveHeapSampler extends Thread {

        volatile long peak;

        LiveHeapSampler() {
            setDaemon(true);
        }

        @Override
        public void run() {
            while (!isInterrupted()) {
                long live = heapPools().filter(pool -> pool.getCollectionUsage() != null)
                        .mapToLong(pool -> pool.getCollectionUsage().getUsed()).sum();
                peak = Math.max(peak, live);
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }
    }

    private static void deleteRecursively(Path directory) throws IOException {
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(directory)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}

package io.signalbridge.sandbox.salesforce.streaming;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import io.signalbridge.support.PostgresTestSupport;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

/**
 * Issue 18 on several nodes: two nodes append change events to one PostgreSQL at once while a subscriber on a third
 * reads after its position, as a long poll does. Replay ids are consecutive, and the reader never sees a later id
 * before an earlier one has committed (it would skip the earlier event for good).
 */
class ChangeEventLogAcrossNodesOnPostgresTest {

    private final String schema = "sbcdc_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    private final List<SingleConnectionDataSource> dataSources = new ArrayList<>();
    private ExecutorService threads;

    @BeforeEach
    void createSchema() throws Exception {
        var admin = new JdbcTemplate(node("public"));
        admin.execute("create schema " + schema);
        var jdbc = new JdbcTemplate(node(schema));
        for (String statement : Files.readString(Path.of("src/main/resources/db/sandbox/V10__sandbox_salesforce_streaming.sql"))
                .replaceAll("(?m)^--.*$", "").split(";")) {
            if (!statement.isBlank()) {
                jdbc.execute(statement);
            }
        }
        threads = Executors.newFixedThreadPool(3);
    }

    @AfterEach
    void dropSchema() {
        threads.shutdownNow();
        new JdbcTemplate(dataSources.get(0)).execute("drop schema if exists " + schema + " cascade");
        dataSources.forEach(SingleConnectionDataSource::destroy);
    }

    private SingleConnectionDataSource node(String currentSchema) {
        var dataSource = new SingleConnectionDataSource(PostgresTestSupport.URL + "?currentSchema=" + currentSchema, PostgresTestSupport.USER, "", true);
        dataSources.add(dataSource);
        return dataSource;
    }

    private ChangeEventLog log() {
        var dataSource = node(schema);
        return new ChangeEventLog(new JdbcTemplate(dataSource), new DataSourceTransactionManager(dataSource));
    }

    @Test
    void twoNodesAppendingAtOnceGiveConsecutiveIdsThatAReaderSeesInOrder() throws Exception {
        ChangeEventLog first = log();
        ChangeEventLog second = log();
        ChangeEventLog reader = log();
        int batches = 60;
        int perBatch = 5;
        List<Future<?>> writers = new ArrayList<>();
        for (ChangeEventLog node : List.of(first, second)) {
            writers.add(threads.submit(() -> {
                for (int b = 0; b < batches; b++) {
                    var events = new ArrayList<ChangeEventLog.NewEvent>();
                    for (int i = 0; i < perBatch; i++) {
                        events.add(new ChangeEventLog.NewEvent("Account", "{\"n\":" + i + "}"));
                    }
                    node.append(events, Instant.now());
                }
                return null;
            }));
        }
        var seen = new ArrayList<Long>();
        long position = 0;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (seen.size() < 2 * batches * perBatch && System.nanoTime() < deadline) {
            for (var event : reader.after(position, null, Instant.EPOCH, 50)) {
                seen.add(event.replayId());
                position = event.replayId();
            }
        }
        for (Future<?> writer : writers) {
            writer.get(60, TimeUnit.SECONDS);
        }

        assertThat(seen).hasSize(2 * batches * perBatch);
        for (int i = 0; i < seen.size(); i++) {
            assertThat(seen.get(i)).as("the %dth event read", i).isEqualTo(i + 1L);
        }
        assertThat(first.latestReplayId()).isEqualTo(seen.size());
        assertThat(reader.retained(seen.size(), Instant.EPOCH)).isTrue();
        assertThat(reader.purgeBefore(Instant.now().plusSeconds(1))).isEqualTo(seen.size());
        assertThat(reader.retained(1, Instant.EPOCH)).isFalse();
    }
}

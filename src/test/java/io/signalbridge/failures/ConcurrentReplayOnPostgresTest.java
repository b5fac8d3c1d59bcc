package io.signalbridge.failures;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import io.signalbridge.failures.FailureReplay.Result;
import io.signalbridge.support.PostgresTestSupport;

import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ActiveProfiles;

@SpringBootTest
@ActiveProfiles("test")
@Import(FlakyTestRoute.class)
class ConcurrentReplayOnPostgresTest extends PostgresTestSupport {

    @Autowired
    ProducerTemplate camel;
    @Autowired
    FlakyTestRoute.FlakyStep step;
    @Autowired
    FailedExchangeStore store;
    @Autowired
    FailureReplay replay;
    @Autowired
    JdbcTemplate jdbc;

    @Test
    void twoReplaysOfTheSameFailureAtOnceEnterTheRouteOnce() throws Exception {
        assertThat(jdbc.queryForObject("select version()", String.class)).startsWith("PostgreSQL");
        step.reset(Integer.MAX_VALUE);
        camel.send(FlakyTestRoute.URI, exchange -> {
            exchange.getIn().setHeader(FailedExchangeRecorder.FAILURE_KEY, "concurrent-1");
            exchange.getIn().setBody("payload");
        });
        long id = store.list(new FailureFilter(FlakyTestRoute.ROUTE_ID, null, null, null, FailureStatus.FAILED), 10).stream()
                .filter(f -> f.failureKey().equals("concurrent-1")).findFirst().orElseThrow().id();
        step.reset(0);
        // the first replay holds the route until both have started
        var gate = new CountDownLatch(1);
        step.gate = gate;
        var start = new CountDownLatch(1);

        var pool = Executors.newFixedThreadPool(2);
        try {
            var first = pool.submit(() -> {
                start.await();
                return replay.replay(id, "ops-1");
            });
            var second = pool.submit(() -> {
                start.await();
                return replay.replay(id, "ops-2");
            });
            start.countDown();
            // whichever lost the claim returns at once; then the winner may finish
            var loser = waitForFirstDone(first, second);
            gate.countDown();

            assertThat(loser.result()).isEqualTo(Result.NOT_FAILED);
            assertThat(first.get(10, TimeUnit.SECONDS).result().equals(Result.REPLAYED)
                    ^ second.get(10, TimeUnit.SECONDS).result().equals(Result.REPLAYED)).isTrue();
        } finally {
            gate.countDown();
            pool.shutdownNow();
        }

        assertThat(step.deliveries).as("entered the route once").hasValue(1);
        assertThat(store.find(id).orElseThrow().status()).isEqualTo(FailureStatus.REPLAYED);
        assertThat(store.auditTrail(id)).hasSize(2);
    }

    private static FailureReplay.Outcome waitForFirstDone(java.util.concurrent.Future<FailureReplay.Outcome> a,
                                                          java.util.concurrent.Future<FailureReplay.Outcome> b) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            if (a.isDone()) {
                return a.get();
            }
            if (b.isDone()) {
                return b.get();
            }
            Thread.sleep(5);
        }
        throw new AssertionError("neither replay returned while the route was held");
    }
}

package io.signalbridge.failures;

import java.util.List;
import java.util.Optional;
import java.time.Duration;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

/** A test-only route under the error policy of every route: its step fails as many times as it is told. */
@TestConfiguration
public class FlakyTestRoute {

    public static final String URI = "direct:test-flaky";
    public static final String ROUTE_ID = "test-flaky";

    /** The route's step: counts deliveries, keeps what it received, fails while failures are left. */
    public static class FlakyStep {
        final AtomicInteger failuresLeft = new AtomicInteger();
        final AtomicInteger deliveries = new AtomicInteger();
        final List<Exchange> received = new CopyOnWriteArrayList<>();
        volatile CountDownLatch gate;

        public void deliver(Exchange exchange) throws InterruptedException {
            deliveries.incrementAndGet();
            received.add(exchange.copy());
            CountDownLatch waitFor = gate;
            if (waitFor != null) {
                waitFor.await(10, TimeUnit.SECONDS);
            }
            if (failuresLeft.getAndDecrement() > 0) {
                throw new RemoteRefusal("remote refused: password=hunter2 session 00D000000000001!AQ4AQFakeSessionToken");
            }
        }

        void reset(int failures) {
            failuresLeft.set(failures);
            deliveries.set(0);
            received.clear();
            gate = null;
        }
    }

    /** A failure as a client of ours would raise it: with the remote system's code. */
    public static class RemoteRefusal extends RuntimeException implements FailureDetails.Coded, FailureDetails.RetryAfter {
        public RemoteRefusal(String message) {
            super(message);
        }

        @Override
        public String errorCode() {
            return "TEST_REFUSED";
        }

        @Override
        public Optional<Duration> retryAfter() {
            return Optional.empty();
        }
    }

    @Bean
    FlakyStep flakyStep() {
        return new FlakyStep();
    }

    @Bean
    RouteBuilder flakyRoute(FlakyStep step) {
        return new RouteBuilder() {
            @Override
            public void configure() {
                from(URI).routeId(ROUTE_ID).bean(step, "deliver");
            }
        };
    }
}

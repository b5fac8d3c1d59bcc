package io.signalbridge.failures;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;

/** The error policy in a bare Camel context: the waits it computes are the ones Camel waits. */
class ErrorPolicyRetryAfterTest {

    /** Stands in for the store: the policy sends exhausted exchanges to the bean named failedExchangeRecorder. */
    public static class Recorded {
        final List<Exchange> exchanges = new CopyOnWriteArrayList<>();

        public void record(Exchange exchange) {
            exchanges.add(exchange);
        }
    }

    static class Throttled extends RuntimeException implements FailureDetails.RetryAfter {
        Throttled() {
            super("429 Too Many Requests");
        }

        @Override
        public Optional<Duration> retryAfter() {
            return Optional.of(Duration.ofMillis(150));
        }
    }

    @Test
    void redeliveriesWaitTheRetryAfterThenTheExchangeGoesToTheStore() throws Exception {
        var settings = new RedeliveryProperties(3, Duration.ofMillis(1), 2.0, Duration.ofSeconds(1), 0.0);
        var recorded = new Recorded();
        var deliveries = new CopyOnWriteArrayList<Long>();
        try (var camel = new DefaultCamelContext()) {
            camel.getRegistry().bind("failedExchangeRecorder", recorded);
            camel.addRoutes(new ErrorPolicy(settings, Clock.systemUTC()));
            camel.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from("direct:throttled").routeId("throttled").process(exchange -> {
                        deliveries.add(System.nanoTime());
                        throw new Throttled();
                    });
                }
            });
            camel.start();

            Exchange result = camel.createProducerTemplate().send("direct:throttled", exchange -> exchange.getIn().setBody("x"));

            assertThat(result.getException()).as("handled by the dead letter channel").isNull();
            assertThat(deliveries).hasSize(3);
            assertThat(recorded.exchanges).hasSize(1);
            for (int i = 1; i < deliveries.size(); i++) {
                assertThat(Duration.ofNanos(deliveries.get(i) - deliveries.get(i - 1))).isGreaterThanOrEqualTo(Duration.ofMillis(140));
            }
        }
    }
}

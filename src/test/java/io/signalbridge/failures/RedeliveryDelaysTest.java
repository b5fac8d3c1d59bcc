package io.signalbridge.failures;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;

import org.apache.camel.http.base.HttpOperationFailedException;
import org.junit.jupiter.api.Test;

class RedeliveryDelaysTest {

    static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");
    static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    static final RedeliveryProperties SETTINGS = new RedeliveryProperties(6, Duration.ofSeconds(1), 2.0, Duration.ofMinutes(2), 0.2);

    @Test
    void waitsGrowExponentiallyUpToTheCeiling() {
        var noJitter = new RedeliveryDelays(SETTINGS, CLOCK, () -> 0.5);
        var failure = new IllegalStateException("down");

        assertThat(noJitter.before(1, failure)).isEqualTo(Duration.ofSeconds(1));
        assertThat(noJitter.before(2, failure)).isEqualTo(Duration.ofSeconds(2));
        assertThat(noJitter.before(4, failure)).isEqualTo(Duration.ofSeconds(8));
        assertThat(noJitter.before(20, failure)).isEqualTo(Duration.ofMinutes(2));
    }

    @Test
    void jitterMovesEachWaitByAtMostItsShare() {
        var failure = new IllegalStateException("down");
        assertThat(new RedeliveryDelays(SETTINGS, CLOCK, () -> 0.0).before(3, failure)).isEqualTo(Duration.ofMillis(3200));
        assertThat(new RedeliveryDelays(SETTINGS, CLOCK, () -> 0.999_999).before(3, failure).toMillis()).isEqualTo(4800);
    }

    @Test
    void aRetryAfterIsWaitedOutUpToTheCeiling() {
        var delays = new RedeliveryDelays(SETTINGS, CLOCK, () -> 0.5);

        assertThat(delays.before(1, asking(Duration.ofSeconds(30)))).isEqualTo(Duration.ofSeconds(30));
        assertThat(delays.before(1, new RuntimeException("wrapped", asking(Duration.ofSeconds(30))))).isEqualTo(Duration.ofSeconds(30));
        assertThat(delays.before(1, asking(Duration.ofHours(1)))).isEqualTo(Duration.ofMinutes(2));
        assertThat(delays.before(5, asking(Duration.ofSeconds(1)))).as("backoff already longer").isEqualTo(Duration.ofSeconds(16));
    }

    @Test
    void anHttpRetryAfterIsReadInSecondsOrAsADate() {
        var delays = new RedeliveryDelays(SETTINGS, CLOCK, () -> 0.5);

        assertThat(delays.before(1, httpFailure(503, "17"))).isEqualTo(Duration.ofSeconds(17));
        assertThat(delays.before(1, httpFailure(429, "Mon, 23 Nov 2026 12:00:45 GMT"))).isEqualTo(Duration.ofSeconds(45));
        assertThat(delays.before(1, httpFailure(503, "soon"))).isEqualTo(Duration.ofSeconds(1));
        assertThat(FailureDetails.errorCode(httpFailure(503, "17"))).contains("503");
    }

    private static HttpOperationFailedException httpFailure(int status, String retryAfter) {
        return new HttpOperationFailedException("http://remote/api", status, "Unavailable", null, Map.of("Retry-After", retryAfter), "");
    }

    private static RuntimeException asking(Duration wait) {
        class Throttled extends RuntimeException implements FailureDetails.RetryAfter {
            @Override
            public Optional<Duration> retryAfter() {
                return Optional.of(wait);
            }
        }
        return new Throttled();
    }
}

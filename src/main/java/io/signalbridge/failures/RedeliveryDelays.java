package io.signalbridge.failures;

import java.time.Clock;
import java.time.Duration;
import java.util.function.DoubleSupplier;

/**
 * How long to wait before a redelivery: exponential backoff with jitter, never shorter than the
 * Retry-After the refusing system sent, never longer than the configured ceiling (a longer Retry-After
 * than that is not waited out in a blocked thread: the exchange goes to the store and is replayed later).
 */
public final class RedeliveryDelays {

    private final RedeliveryProperties settings;
    private final Clock clock;
    private final DoubleSupplier random;

    public RedeliveryDelays(RedeliveryProperties settings, Clock clock, DoubleSupplier random) {
        this.settings = settings;
        this.clock = clock;
        this.random = random;
    }

    /** The wait before redelivery number {@code redelivery} (1 for the first) after {@code failure}. */
    public Duration before(int redelivery, Throwable failure) {
        double backoff = settings.initialDelay().toMillis() * Math.pow(settings.multiplier(), Math.max(0, redelivery - 1));
        double jittered = backoff * (1 + settings.jitter() * (2 * random.getAsDouble() - 1));
        long millis = Math.round(Math.min(jittered, settings.maxDelay().toMillis()));
        long asked = FailureDetails.retryAfter(failure, clock.instant()).map(Duration::toMillis).orElse(0L);
        return Duration.ofMillis(Math.min(Math.max(millis, asked), settings.maxDelay().toMillis()));
    }
}

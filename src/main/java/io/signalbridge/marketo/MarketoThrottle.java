package io.signalbridge.marketo;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;

import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadConfig;

/**
 * This service's share of a Marketo instance's call limits, shared by every job: at most {@code calls} calls
 * started in any sliding {@code window}, and at most {@code concurrent} calls in flight. A caller over the
 * rate waits until the oldest call of the window leaves it.
 * The concurrency limit is a resilience4j {@link Bulkhead}. The rate is not a resilience4j RateLimiter: that one
 * hands out a fixed number of permits per refresh period, so two periods back to back let twice the share
 * through within one sliding 20 s window (Marketo counts a sliding window), and it runs on the system clock,
 * not the injected {@link Clock} the tests drive.
 */
public class MarketoThrottle {

    private final int calls;
    private final Duration window;
    /** The name of the concurrency bulkhead in resilience4j's registry (metrics, GET /api/systems). */
    public static final String BULKHEAD = "marketo-concurrent-calls";
    /** Longest a call waits for a free concurrency slot before it fails. */
    static final Duration MAX_SLOT_WAIT = Duration.ofMinutes(5);

    private final Bulkhead inFlight;
    private final Clock clock;
    private final Sleeper sleeper;
    private final Deque<Instant> started = new ArrayDeque<>();

    public MarketoThrottle(int calls, Duration window, int concurrent, Clock clock, Sleeper sleeper) {
        this(calls, window, Bulkhead.of(MarketoThrottle.BULKHEAD, bulkheadConfig(concurrent)), clock, sleeper);
    }

    public MarketoThrottle(int calls, Duration window, Bulkhead inFlight, Clock clock, Sleeper sleeper) {
        this.calls = calls;
        this.window = window;
        this.inFlight = inFlight;
        this.clock = clock;
        this.sleeper = sleeper;
    }

    /** Waits for a slot; pair with {@link #release()}. */
    public void acquire() throws InterruptedException {
        inFlight.acquirePermission();
        try {
            Duration wait;
            while (!(wait = reserveOrWait()).isZero()) {
                sleeper.sleep(wait);
            }
        } catch (InterruptedException | RuntimeException e) {
            inFlight.onComplete();
            throw e;
        }
    }

    public void release() {
        inFlight.onComplete();
    }

    static BulkheadConfig bulkheadConfig(int concurrent) {
        return BulkheadConfig.custom().maxConcurrentCalls(concurrent).maxWaitDuration(MAX_SLOT_WAIT).fairCallHandlingStrategyEnabled(true).build();
    }

    /** Takes a slot of the window now (ZERO), or says how long until one frees up. */
    private synchronized Duration reserveOrWait() {
        Instant now = clock.instant();
        Instant windowStart = now.minus(window);
        while (!started.isEmpty() && !started.peekFirst().isAfter(windowStart)) {
            started.removeFirst();
        }
        if (started.size() < calls) {
            started.addLast(now);
            return Duration.ZERO;
        }
        Duration wait = Duration.between(windowStart, started.peekFirst());
        return wait.isZero() || wait.isNegative() ? Duration.ofMillis(1) : wait;
    }
}

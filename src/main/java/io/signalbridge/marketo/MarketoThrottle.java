package io.signalbridge.marketo;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.Semaphore;

/**
 * This service's share of a Marketo instance's call limits, shared by every job: at most {@code calls} calls
 * started in any sliding {@code window}, and at most {@code concurrent} calls in flight. A caller over the
 * rate waits until the oldest call of the window leaves it.
 */
public class MarketoThrottle {

    private final int calls;
    private final Duration window;
    private final Semaphore inFlight;
    private final Clock clock;
    private final Sleeper sleeper;
    private final Deque<Instant> started = new ArrayDeque<>();

    public MarketoThrottle(int calls, Duration window, int concurrent, Clock clock, Sleeper sleeper) {
        this.calls = calls;
        this.window = window;
        this.inFlight = new Semaphore(concurrent, true);
        this.clock = clock;
        this.sleeper = sleeper;
    }

    /** Waits for a slot; pair with {@link #release()}. */
    public void acquire() throws InterruptedException {
        inFlight.acquire();
        try {
            Duration wait;
            while (!(wait = reserveOrWait()).isZero()) {
                sleeper.sleep(wait);
            }
        } catch (InterruptedException | RuntimeException e) {
            inFlight.release();
            throw e;
        }
    }

    public void release() {
        inFlight.release();
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

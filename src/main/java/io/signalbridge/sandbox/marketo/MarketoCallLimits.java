package io.signalbridge.sandbox.marketo;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The per-instance call limits of a Marketo subscription that are not per day: at most {@code rateLimitCalls}
 * calls in any sliding {@code rateLimitWindow} (606) and at most {@code concurrentCallLimit} calls in flight (615).
 */
public class MarketoCallLimits {

    private final int rateLimitCalls;
    private final Duration rateLimitWindow;
    private final int concurrentCallLimit;
    private final Deque<Instant> recentCalls = new ArrayDeque<>();
    private final AtomicInteger inFlight = new AtomicInteger();

    public MarketoCallLimits(int rateLimitCalls, Duration rateLimitWindow, int concurrentCallLimit) {
        this.rateLimitCalls = rateLimitCalls;
        this.rateLimitWindow = rateLimitWindow;
        this.concurrentCallLimit = concurrentCallLimit;
    }

    /** Counts a call made at {@code now}; false, and not counted, when the window is already full. */
    public synchronized boolean tryCall(Instant now) {
        Instant windowStart = now.minus(rateLimitWindow);
        while (!recentCalls.isEmpty() && !recentCalls.peekFirst().isAfter(windowStart)) {
            recentCalls.removeFirst();
        }
        if (recentCalls.size() >= rateLimitCalls) {
            return false;
        }
        recentCalls.addLast(now);
        return true;
    }

    /** Starts a call; false, and not started, when the concurrency limit is reached. Pair a true with {@link #exit()}. */
    public boolean enter() {
        if (inFlight.incrementAndGet() > concurrentCallLimit) {
            inFlight.decrementAndGet();
            return false;
        }
        return true;
    }

    public void exit() {
        inFlight.decrementAndGet();
    }

    /** Forgets the calls of the current window, as if the instance had been idle. */
    public synchronized void reset() {
        recentCalls.clear();
    }

    public String rateLimitMessage() {
        return "Max rate limit '" + rateLimitCalls + "' exceeded with in '" + rateLimitWindow.toSeconds() + "' secs";
    }
}

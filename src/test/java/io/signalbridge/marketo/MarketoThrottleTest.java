package io.signalbridge.marketo;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import io.signalbridge.sandbox.marketo.MutableTestClock;

import org.junit.jupiter.api.Test;

class MarketoThrottleTest {

    @Test
    void aCallOverTheRateWaitsUntilTheOldestCallLeavesTheWindow() throws InterruptedException {
        var clock = new MutableTestClock(Instant.parse("2026-01-05T10:00:00Z"));
        List<Duration> waits = new ArrayList<>();
        var throttle = new MarketoThrottle(3, Duration.ofSeconds(20), 10, clock, wait -> {
            waits.add(wait);
            clock.advance(wait);
        });

        for (int i = 0; i < 3; i++) {
            throttle.acquire();
            throttle.release();
            clock.advance(Duration.ofSeconds(5));
        }
        throttle.acquire();

        assertThat(waits).as("the first call was at 0 s, it is now 15 s").containsExactly(Duration.ofSeconds(5));
    }

    @Test
    void callsBeyondTheConcurrencyShareWait() throws InterruptedException {
        var throttle = new MarketoThrottle(100, Duration.ofSeconds(20), 1, new MutableTestClock(Instant.EPOCH), wait -> { });
        throttle.acquire();

        var second = new Thread(() -> {
            try {
                throttle.acquire();
                throttle.release();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        second.start();
        second.join(200);
        assertThat(second.isAlive()).as("blocked while the first call is in flight").isTrue();

        throttle.release();
        second.join(5_000);
        assertThat(second.isAlive()).isFalse();
    }
}

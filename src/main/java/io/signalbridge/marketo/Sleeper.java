package io.signalbridge.marketo;

import java.time.Duration;

/** Waits: the throttle and the back-off of the Marketo client. Tests give one that records instead of sleeping. */
@FunctionalInterface
public interface Sleeper {

    Sleeper THREAD = duration -> Thread.sleep(duration.toMillis());

    void sleep(Duration duration) throws InterruptedException;
}

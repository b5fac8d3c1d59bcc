package io.signalbridge.failures;

/**
 * Where a failed exchange stands. REPLAYING is held only while a replay is in flight: it is what keeps a
 * second, concurrent replay of the same failure from entering the route.
 */
public enum FailureStatus {
    FAILED, REPLAYING, REPLAYED, DISCARDED, RESOLVED
}

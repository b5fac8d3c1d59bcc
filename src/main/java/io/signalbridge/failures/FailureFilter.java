package io.signalbridge.failures;

import java.time.Instant;

/** Which failed exchanges to list or replay; a null field does not filter. */
public record FailureFilter(String routeId, String errorCode, Instant from, Instant to, FailureStatus status) {

    public FailureFilter withStatus(FailureStatus newStatus) {
        return new FailureFilter(routeId, errorCode, from, to, newStatus);
    }
}

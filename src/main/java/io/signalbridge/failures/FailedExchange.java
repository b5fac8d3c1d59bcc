package io.signalbridge.failures;

import java.time.Instant;
import java.util.Map;

/** One exchange a route could not deliver after its retries, as kept in the failed-exchange store. */
public record FailedExchange(long id, String routeId, String step, String failureKey, String payload,
                             Map<String, String> headers, String errorClass, String errorCode, String message,
                             int attempts, Instant firstFailure, Instant lastFailure, FailureStatus status,
                             String replayTarget) {
}

package io.signalbridge.failures;

import java.time.Instant;

/** One action of ops on a failed exchange: who, when, what, and how it ended. */
public record FailureAudit(long failedExchangeId, String actor, Instant at, String action, String outcome) {
}

package io.signalbridge.orchestration;

import java.time.Instant;

/** A row of orchestration_action: one action of one orchestration for one account or person in one episode. */
public record PlannedAction(long id, String orchestration, int version, int actionIndex, String actionType, String accountId,
                            String personId, String episode, String startedBy, Status status, String outcome, Instant createdAt,
                            Instant doneAt) {

    /** PENDING: planned, not yet done. DONE: done now or found done. SKIPPED: not possible for this person (said why). */
    public enum Status { PENDING, DONE, SKIPPED, FAILED }
}

package io.signalbridge.scoring;

import java.time.LocalDate;

/** A change the write-back, segment and Marketo routes act on. {@code from} is null on an account's first score. */
public record ScoreEvent(String accountId, Type type, String from, String to, LocalDate date) {

    public enum Type {
        STAGE_CHANGED, QUALIFIED_STARTED, QUALIFIED_ENDED,
        /** the intent score rose by the configured points or more since the account's last score (from: before, to: now) */
        INTENT_SURGE
    }
}

package io.signalbridge.scoring;

import java.time.Instant;
import java.time.LocalDate;

/** An opportunity as last seen: when it was created, its current stage, and whether (and when) it closed. */
public record Opportunity(String id, String accountId, String stage, Instant created, LocalDate closeDate, boolean closed) {

    /** Open at {@code time}: created by then and not closed before that day. */
    boolean openAt(Instant time, LocalDate day) {
        return !created.isAfter(time) && (!closed || closeDate == null || !closeDate.isBefore(day));
    }
}

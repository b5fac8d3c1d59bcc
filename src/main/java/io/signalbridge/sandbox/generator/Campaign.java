package io.signalbridge.sandbox.generator;

import java.time.Instant;

/**
 * A Salesforce campaign of the demo vendor. {@code mailingId} is the Marketo invitation email of the
 * campaign's program, or 0 for campaigns without one.
 */
record Campaign(String id, String name, String type, Instant createdAt, Instant startsAt, Instant endsAt, long mailingId) {

    /** The campaign member statuses that count as a response for this type of campaign. */
    String respondedStatus(boolean attended) {
        return switch (type) {
            case "Webinar", "Conference", "Trade Show" -> attended ? "Attended" : "Registered";
            default -> "Responded";
        };
    }

    boolean started(Instant now) {
        return !startsAt.isAfter(now);
    }
}

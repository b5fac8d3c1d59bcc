package io.signalbridge.scoring;

import java.time.Instant;

/**
 * A person at an account (a Contact, or a Lead not yet converted) with what the person models read.
 *
 * @param boughtAt when the person first joined a buying team: the creation of the first opportunity they sat
 *                 on (contact role), or a lead's conversion; null if never
 */
public record Person(String personId, String accountId, Type type, String title, String department, Instant boughtAt) {

    public enum Type {
        CONTACT, LEAD
    }

    boolean boughtBy(Instant time) {
        return boughtAt != null && !boughtAt.isAfter(time);
    }
}

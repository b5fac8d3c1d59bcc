package io.signalbridge.scoring;

import java.time.Instant;

/**
 * A person at an account (a Contact, or a Lead not yet converted) with what the person models read.
 *
 * @param boughtAt when the person first joined a buying team: the creation of the first opportunity they sat
 *                 on (contact role); null if never
 * @param convertedAt when the Contact's lead converted; null if it did not come from a lead. A conversion is a
 *                 positive outcome of the profile model (with a contact role) but not a buying team: engagement is
 *                 graded against buyers only.
 */
public record Person(String personId, String accountId, Type type, String title, String department, Instant boughtAt,
                     Instant convertedAt) {

    public Person(String personId, String accountId, Type type, String title, String department, Instant boughtAt) {
        this(personId, accountId, type, title, department, boughtAt, null);
    }

    public enum Type {
        CONTACT, LEAD
    }

    boolean boughtBy(Instant time) {
        return boughtAt != null && !boughtAt.isAfter(time);
    }

    /** The profile model's label: sat on an opportunity or converted from a lead by {@code time}. */
    boolean positiveBy(Instant time) {
        return boughtBy(time) || convertedAt != null && !convertedAt.isAfter(time);
    }
}

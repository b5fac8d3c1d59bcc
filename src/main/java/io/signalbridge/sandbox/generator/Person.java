package io.signalbridge.sandbox.generator;

import java.time.Instant;

/**
 * Someone the demo org knows, in one or both systems. Every person has a Marketo lead; a contact has a
 * Salesforce Contact (and a converted Lead when it started as one), an open lead a Salesforce Lead,
 * a Marketo-only person no Salesforce record at all.
 *
 * @param knownSince     when the person entered the org (the Marketo lead's createdAt; the Lead's CreatedDate)
 * @param contactSince   when the Contact was created (the conversion, for converted leads); null if not a contact
 * @param leadStatus     the Salesforce Lead's Status; null when there is no Lead
 * @param responsiveness how much this person engages with anything, relative to an average person
 * @param newsletter     whether the person receives the monthly newsletter
 */
record Person(
        int index,
        Kind kind,
        String firstName,
        String lastName,
        String email,
        Persona persona,
        Instant knownSince,
        Instant contactSince,
        String contactId,
        String leadId,
        String leadStatus,
        String leadSource,
        long marketoLeadId,
        double responsiveness,
        boolean newsletter) {

    enum Kind { CONTACT, CONVERTED_LEAD, OPEN_LEAD, MARKETO_ONLY }

    boolean isContact() {
        return contactId != null;
    }

    boolean inSalesforce() {
        return contactId != null || leadId != null;
    }

    /** The Salesforce id to use as WhoId or on a CampaignMember at {@code t}, or null. */
    String salesforceIdAt(Instant t) {
        if (contactId != null && !t.isBefore(contactSince)) {
            return contactId;
        }
        return kind == Kind.OPEN_LEAD && !t.isBefore(knownSince) ? leadId : null;
    }

    String name() {
        return firstName + " " + lastName;
    }
}

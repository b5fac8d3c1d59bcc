package io.signalbridge.marketo;

/**
 * What a Marketo lead is in Salesforce: the contact or lead it is synced with and its account; any may be
 * null. {@code via} says how it was found: {@code salesforceIds} on the lead, its {@code emailDomain}, or
 * {@code unresolved}.
 */
public record SalesforceLink(String contactId, String leadId, String accountId, String via) {

    public static final SalesforceLink UNRESOLVED = new SalesforceLink(null, null, null, "unresolved");

    public boolean resolved() {
        return contactId != null || leadId != null || accountId != null;
    }
}

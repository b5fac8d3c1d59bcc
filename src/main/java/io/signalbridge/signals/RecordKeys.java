package io.signalbridge.signals;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What a pulled record names, kept in indexed columns beside its JSON so that a scoring run can read one account's
 * records without reading the store: the account ({@code account_key}: the Account itself, or the AccountId /
 * ConvertedAccountId / resolved accountId a record carries), the person ({@code person_key}: a Contact or Lead
 * itself, or the ContactId / WhoId / LeadId / resolved contactId a record carries) and, for an Account, its website
 * domain ({@code domain_key}, how unconverted leads are matched to accounts).
 */
public record RecordKeys(String accountKey, String personKey, String domainKey) {

    /** The fields that name a record's account, first present wins. */
    public static final List<String> ACCOUNT_FIELDS = List.of("AccountId", "ConvertedAccountId", "accountId");
    /** The fields that name a record's person, first present wins. */
    public static final List<String> PERSON_FIELDS = List.of("ContactId", "WhoId", "LeadId", "contactId", "leadId");

    public static RecordKeys of(String objectName, String id, JsonNode fields) {
        return switch (objectName) {
            case "Account" -> new RecordKeys(id, null, Domains.ofWebsite(text(fields, "Website")));
            case "Contact", "Lead" -> new RecordKeys(first(fields, ACCOUNT_FIELDS), id, null);
            default -> new RecordKeys(first(fields, ACCOUNT_FIELDS), first(fields, PERSON_FIELDS), null);
        };
    }

    private static String first(JsonNode fields, List<String> names) {
        for (String name : names) {
            String value = text(fields, name);
            if (value != null) {
                return value;
            }
        }
        return null;
    }

    private static String text(JsonNode fields, String name) {
        JsonNode value = fields == null ? null : fields.get(name);
        if (value == null || value.isNull() || value.isContainerNode()) {
            return null;
        }
        String text = value.asText();
        return text.isBlank() ? null : text;
    }
}

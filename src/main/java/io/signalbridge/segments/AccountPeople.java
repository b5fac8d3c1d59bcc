package io.signalbridge.segments;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

import io.signalbridge.signals.Domains;
import io.signalbridge.signals.SignalStore;

/**
 * The Salesforce contacts and leads of some accounts, from the pulled records: a contact by its AccountId, an
 * unconverted lead by the account whose website domain matches the lead's website or e-mail domain (as scoring
 * assigns leads). A converted lead is its contact. Only the asked accounts' people are held.
 */
final class AccountPeople {

    /** A contact or lead of an account. */
    record PersonRef(String personId, String accountId, boolean contact) {
    }

    private AccountPeople() {
    }

    static Map<String, List<PersonRef>> of(SignalStore signals, Set<String> accountIds) {
        Map<String, List<PersonRef>> people = new HashMap<>();
        if (accountIds.isEmpty()) {
            return people;
        }
        Map<String, String> accountsByDomain = new HashMap<>();
        signals.forEach("salesforce", "Account", account -> {
            String domain = Domains.ofWebsite(text(account.fields(), "Website"));
            if (domain != null) {
                accountsByDomain.putIfAbsent(domain, account.id());
            }
        });
        signals.forEach("salesforce", "Contact", contact -> {
            String account = text(contact.fields(), "AccountId");
            if (account != null && accountIds.contains(account)) {
                people.computeIfAbsent(account, a -> new ArrayList<>()).add(new PersonRef(contact.id(), account, true));
            }
        });
        signals.forEach("salesforce", "Lead", lead -> {
            JsonNode fields = lead.fields();
            if (fields.path("IsConverted").asBoolean(false)) {
                return;
            }
            String account = accountsByDomain.get(String.valueOf(Domains.ofWebsite(text(fields, "Website"))));
            if (account == null) {
                account = accountsByDomain.get(String.valueOf(Domains.ofEmail(text(fields, "Email"))));
            }
            if (account != null && accountIds.contains(account)) {
                people.computeIfAbsent(account, a -> new ArrayList<>()).add(new PersonRef(lead.id(), account, false));
            }
        });
        return people;
    }

    private static String text(JsonNode fields, String name) {
        JsonNode value = fields.get(name);
        return value == null || value.isNull() || value.asText().isBlank() ? null : value.asText();
    }
}

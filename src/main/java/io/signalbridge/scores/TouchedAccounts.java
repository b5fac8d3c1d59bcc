package io.signalbridge.scores;

import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import io.signalbridge.signals.Domains;
import io.signalbridge.signals.PulledRecord;
import io.signalbridge.signals.RecordKeys;
import io.signalbridge.signals.SignalStore;

/**
 * The accounts that records pulled since the last run bear on, found through the store's record keys without
 * reading the store: the account a record names; the accounts of the people it names (now, and as the last run
 * scored them, so a person who moved rescores both); an unconverted lead's account by its domain. With them, the
 * unconverted leads an incremental read must include: those the last run scored under these accounts and the
 * changed ones.
 */
final class TouchedAccounts {

    record Touched(Set<String> accounts, Set<String> leads) {
    }

    private final SignalStore store;
    private final AccountScores scores;
    private final Map<String, String> accountByDomain = new HashMap<>();

    TouchedAccounts(SignalStore store, AccountScores scores) {
        this.store = store;
        this.scores = scores;
    }

    Touched since(Instant since) {
        var accounts = new HashSet<String>();
        var people = new HashSet<String>();
        var leads = new HashSet<String>();
        store.forEachPulledAfter(since, record -> {
            var keys = RecordKeys.of(record.objectName(), record.id(), record.fields());
            if (isSalesforce(record, "Lead")) {
                leads.add(record.id());
                addIfPresent(accounts, keys.accountKey() != null ? keys.accountKey() : leadAccount(record));
            } else {
                addIfPresent(accounts, keys.accountKey());
            }
            addIfPresent(people, keys.personKey());
        });
        store.forEachWith("salesforce", "Contact", SignalStore.Key.ID, people,
                contact -> addIfPresent(accounts, RecordKeys.of("Contact", contact.id(), contact.fields()).accountKey()));
        store.forEachWith("salesforce", "Lead", SignalStore.Key.ID, people, lead -> {
            leads.add(lead.id());
            String account = RecordKeys.of("Lead", lead.id(), lead.fields()).accountKey();
            addIfPresent(accounts, account != null ? account : leadAccount(lead));
        });
        accounts.addAll(scores.accountsOf(people));
        accounts.addAll(scores.accountsOf(leads));
        leads.addAll(scores.leadsOf(accounts));
        return new Touched(accounts, leads);
    }

    /** The account of a domain over the whole store, as a full read matches it: the lowest id among those that have it. */
    String accountOfDomain(String domain) {
        return accountByDomain.computeIfAbsent(domain, d -> {
            String[] lowest = {null};
            store.forEachWith("salesforce", "Account", SignalStore.Key.DOMAIN, Set.of(d), account -> {
                if (lowest[0] == null || account.id().compareTo(lowest[0]) < 0) {
                    lowest[0] = account.id();
                }
            });
            return lowest[0];
        });
    }

    private String leadAccount(PulledRecord lead) {
        String byWebsite = domainAccount(Domains.ofWebsite(lead.fields().path("Website").asText(null)));
        return byWebsite != null ? byWebsite : domainAccount(Domains.ofEmail(lead.fields().path("Email").asText(null)));
    }

    private String domainAccount(String domain) {
        return domain == null ? null : accountOfDomain(domain);
    }

    private static boolean isSalesforce(PulledRecord record, String object) {
        return "salesforce".equals(record.source()) && object.equals(record.objectName());
    }

    private static void addIfPresent(Set<String> set, String value) {
        if (value != null) {
            set.add(value);
        }
    }
}

package io.signalbridge.marketo.sixqa;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.JsonNode;

import io.signalbridge.marketo.MarketoActivityPull;
import io.signalbridge.marketo.MarketoClient;
import io.signalbridge.signals.SignalStore;

import org.springframework.stereotype.Component;

/**
 * The Marketo leads of an account, as the 6QA rule sees them. A lead is identified with an account when
 * Marketo's CRM sync put the account's Salesforce id on it ({@code sfdcAccountId}, read from Marketo 300 a
 * page) or when the activity pull resolved one of its activities to the account (through the Salesforce
 * contact's account or the email domain; see MarketoLeadResolver). Leads are read with the fields the rule
 * needs: status, score and the filtered ones.
 */
@Component
public class SixQaLeads {

    static final int LEADS_PER_CALL = 300;
    static final String VIA_CRM = "sfdcAccountId";
    static final String VIA_PULL = "activity pull";

    /** A lead of the account and how it was identified with it; {@code fields} null when Marketo no longer has it. */
    public record AccountLead(long id, String via, JsonNode fields) {
    }

    private final MarketoClient client;
    private final SignalStore signals;
    private final SixQaScoringProperties settings;

    public SixQaLeads(MarketoClient client, SignalStore signals, SixQaScoringProperties settings) {
        this.client = client;
        this.signals = signals;
        this.settings = settings;
    }

    /** The Marketo lead ids the activity pull resolved to each of the accounts: one streaming pass over the pulled activities. */
    public Map<String, Set<Long>> resolvedByPull(Collection<String> accountIds) {
        Set<String> wanted = Set.copyOf(accountIds);
        Map<String, Set<Long>> leads = new HashMap<>();
        signals.forEach(MarketoActivityPull.SOURCE, MarketoActivityPull.OBJECT, activity -> {
            String account = activity.fields().path("accountId").asText(null);
            if (account != null && wanted.contains(account) && activity.fields().path("marketoLeadId").canConvertToLong()) {
                leads.computeIfAbsent(account, a -> new TreeSet<>()).add(activity.fields().path("marketoLeadId").asLong());
            }
        });
        return leads;
    }

    /**
     * Every identified lead of each account: those Marketo links to it (up to 300 accounts a call, paged), then
     * those only the pull linked to it (read by id, 300 a call). Leads Marketo no longer has come with null fields.
     */
    public Map<String, List<AccountLead>> leadsOf(Collection<String> accountIds, Map<String, Set<Long>> resolvedByPull, AtomicInteger calls) {
        Map<String, Map<Long, AccountLead>> byAccount = new LinkedHashMap<>();
        accountIds.forEach(account -> byAccount.put(account, new LinkedHashMap<>()));
        List<String> accounts = List.copyOf(byAccount.keySet());
        List<String> fields = new ArrayList<>(settings.leadFields());
        if (!fields.contains(VIA_CRM)) {
            fields.add(VIA_CRM);
        }
        for (int from = 0; from < accounts.size(); from += LEADS_PER_CALL) {
            String values = String.join(",", accounts.subList(from, Math.min(from + LEADS_PER_CALL, accounts.size())));
            String pageToken = null;
            do {
                Map<String, String> query = new LinkedHashMap<>();
                query.put("filterType", VIA_CRM);
                query.put("filterValues", values);
                query.put("fields", String.join(",", fields));
                if (pageToken != null) {
                    query.put("nextPageToken", pageToken);
                }
                JsonNode page = client.get("/v1/leads.json", query, calls);
                page.path("result").forEach(lead -> {
                    var leads = byAccount.get(lead.path(VIA_CRM).asText());
                    if (leads != null) {
                        leads.put(lead.path("id").asLong(), new AccountLead(lead.path("id").asLong(), VIA_CRM, lead));
                    }
                });
                pageToken = page.path("moreResult").asBoolean(false) ? page.path("nextPageToken").asText(null) : null;
            } while (pageToken != null);
        }
        Set<Long> onlyPulled = new TreeSet<>();
        byAccount.forEach((account, leads) -> resolvedByPull.getOrDefault(account, Set.of()).stream()
                .filter(id -> !leads.containsKey(id)).forEach(onlyPulled::add));
        Map<Long, JsonNode> read = byIds(List.copyOf(onlyPulled), calls);
        byAccount.forEach((account, leads) -> resolvedByPull.getOrDefault(account, Set.of()).stream()
                .filter(id -> !leads.containsKey(id)).forEach(id -> leads.put(id, new AccountLead(id, VIA_PULL, read.get(id)))));
        Map<String, List<AccountLead>> result = new HashMap<>();
        byAccount.forEach((account, leads) -> result.put(account, new ArrayList<>(leads.values())));
        return result;
    }

    /** The lead now, with the fields the rule needs; empty when Marketo does not know it. */
    public Optional<JsonNode> lead(long id, AtomicInteger calls) {
        return Optional.ofNullable(byIds(List.of(id), calls).get(id));
    }

    /** The leads Marketo has among the ids, read 300 a call, with the fields the rule needs. */
    public Map<Long, JsonNode> leads(List<Long> ids, AtomicInteger calls) {
        return byIds(ids, calls);
    }

    private Map<Long, JsonNode> byIds(List<Long> ids, AtomicInteger calls) {
        Map<Long, JsonNode> leads = new HashMap<>();
        for (int from = 0; from < ids.size(); from += LEADS_PER_CALL) {
            List<Long> batch = ids.subList(from, Math.min(from + LEADS_PER_CALL, ids.size()));
            Map<String, String> query = new LinkedHashMap<>();
            query.put("filterType", "id");
            query.put("filterValues", String.join(",", batch.stream().map(String::valueOf).toList()));
            query.put("fields", String.join(",", settings.leadFields()));
            client.get("/v1/leads.json", query, calls).path("result").forEach(lead -> leads.put(lead.path("id").asLong(), lead));
        }
        return leads;
    }
}

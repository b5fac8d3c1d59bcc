package io.signalbridge.marketo;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;

import io.signalbridge.signals.SignalStore;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Finds the Salesforce contact / lead and account of Marketo leads, from the Salesforce ids Marketo's CRM
 * sync keeps on the lead ({@code sfdcContactId}, {@code sfdcLeadId}, {@code sfdcAccountId}). A contact
 * without an account id on the lead gets the AccountId of the pulled Salesforce Contact; a lead without any
 * Salesforce id gets the account whose website has its email's domain, if one has. Leads are read
 * 300 a call and cached: resolved ones for {@code leadCacheTtl}, unresolved ones for {@link #UNRESOLVED_TTL} only,
 * since Marketo's CRM sync (every few minutes) may link them soon.
 */
@Component
public class MarketoLeadResolver {

    static final int LEADS_PER_CALL = 300;
    private static final String FIELDS = "id,email,sfdcContactId,sfdcLeadId,sfdcAccountId";
    static final Duration UNRESOLVED_TTL = Duration.ofMinutes(15);
    private static final int CACHE_SIZE = 100_000;

    private record Cached(SalesforceLink link, Instant until) {
    }

    private final MarketoClient client;
    private final SignalStore signals;
    private final SalesforceAccountDomains domains;
    private final MarketoPullProperties settings;
    private final Clock clock;
    /** Where resolved links are kept for the Marketo lead push; null: not kept (tests and benchmarks of the pull alone). */
    private final MarketoLeadLinks kept;
    private final Map<Long, Cached> cache = new LinkedHashMap<>(1024, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, Cached> eldest) {
            return size() > CACHE_SIZE;
        }
    };

    public MarketoLeadResolver(MarketoClient client, SignalStore signals, SalesforceAccountDomains domains,
                               MarketoPullProperties settings, Clock clock) {
        this(client, signals, domains, settings, clock, null);
    }

    @Autowired
    public MarketoLeadResolver(MarketoClient client, SignalStore signals, SalesforceAccountDomains domains,
                               MarketoPullProperties settings, Clock clock, MarketoLeadLinks links) {
        this.kept = links;
        this.client = client;
        this.signals = signals;
        this.domains = domains;
        this.settings = settings;
        this.clock = clock;
    }

    /** The link of every given lead (UNRESOLVED for leads Marketo does not know or that have no Salesforce ids). */
    public Map<Long, SalesforceLink> resolve(Collection<Long> leadIds, AtomicInteger calls) {
        Instant now = clock.instant();
        Map<Long, SalesforceLink> links = new HashMap<>();
        List<Long> missing = new ArrayList<>();
        synchronized (cache) {
            for (Long id : leadIds.stream().distinct().toList()) {
                Cached cached = cache.get(id);
                if (cached != null && now.isBefore(cached.until())) {
                    links.put(id, cached.link());
                } else {
                    missing.add(id);
                }
            }
        }
        for (int from = 0; from < missing.size(); from += LEADS_PER_CALL) {
            List<Long> batch = missing.subList(from, Math.min(from + LEADS_PER_CALL, missing.size()));
            Map<String, String> query = new LinkedHashMap<>();
            query.put("filterType", "id");
            query.put("filterValues", batch.stream().map(String::valueOf).collect(Collectors.joining(",")));
            query.put("fields", FIELDS);
            JsonNode result = client.get("/v1/leads.json", query, calls).path("result");
            Map<Long, SalesforceLink> read = new HashMap<>();
            result.forEach(lead -> read.put(lead.path("id").asLong(), linkOf(lead)));
            if (kept != null) {
                kept.save(read);
            }
            links.putAll(read);
        }
        synchronized (cache) {
            for (Long id : missing) {
                SalesforceLink link = links.computeIfAbsent(id, unknown -> SalesforceLink.UNRESOLVED);
                cache.put(id, new Cached(link, now.plus(link.resolved() ? settings.leadCacheTtl() : UNRESOLVED_TTL)));
            }
        }
        return links;
    }

    private SalesforceLink linkOf(JsonNode lead) {
        String contactId = text(lead, "sfdcContactId");
        String leadId = text(lead, "sfdcLeadId");
        String accountId = text(lead, "sfdcAccountId");
        if (contactId == null && leadId == null && accountId == null) {
            return domains.accountOf(text(lead, "email"))
                    .map(account -> new SalesforceLink(null, null, account, "emailDomain"))
                    .orElse(SalesforceLink.UNRESOLVED);
        }
        if (accountId == null && contactId != null) {
            accountId = signals.find("salesforce", contactId)
                    .map(contact -> contact.fields().path("AccountId").asText(null))
                    .orElse(null);
        }
        return new SalesforceLink(contactId, leadId, accountId, "salesforceIds");
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isTextual() && !value.asText().isBlank() ? value.asText() : null;
    }
}

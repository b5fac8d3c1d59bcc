package io.signalbridge.segments;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.signalbridge.marketo.MarketoApiException;
import io.signalbridge.marketo.MarketoClient;
import io.signalbridge.signals.SignalStore;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Add to Audience: keeps a segment's people (contacts and leads of its member accounts that have a Marketo lead)
 * in the segment's Marketo static list. It compares the members with the accounts already handled
 * ({@code segment_audience_account}), so a failed or interrupted sync is caught up by the next run: people of
 * entering accounts are added, the leads added for leaving accounts are removed, 300 a call.
 */
@Component
public class SegmentAudience {

    static final int IDS_PER_CALL = 300;

    /** What one sync did. */
    public record Result(int added, int removed) {
    }

    private final MarketoClient marketo;
    private final SignalStore signals;
    private final JdbcTemplate jdbc;
    private final ObjectMapper json;

    public SegmentAudience(MarketoClient marketo, SignalStore signals, JdbcTemplate jdbc, ObjectMapper json) {
        this.marketo = marketo;
        this.signals = signals;
        this.jdbc = jdbc;
        this.json = json;
    }

    /** Brings the segment's Marketo list in line with its members. */
    public Result sync(Segment segment, AtomicInteger calls) {
        long listId = listId(segment.audienceList(), calls);
        int removed = removeLeaving(segment.id(), listId, calls);
        int added = addEntering(segment.id(), listId, calls);
        return new Result(added, removed);
    }

    /** The list's id: the configured value if it is a number, else the id of the static list of that name. */
    long listId(String configured, AtomicInteger calls) {
        String value = configured.trim();
        if (value.chars().allMatch(Character::isDigit)) {
            return Long.parseLong(value);
        }
        JsonNode found = marketo.get("/v1/lists.json", Map.of("name", value), calls).path("result");
        if (found.isEmpty()) {
            throw new MarketoApiException("1013", "Marketo has no static list named '" + value + "'");
        }
        return found.path(0).path("id").asLong();
    }

    private int removeLeaving(long segmentId, long listId, AtomicInteger calls) {
        List<Long> leads = jdbc.queryForList("""
                select l.marketo_lead_id from segment_audience_lead l
                where l.segment_id = ? and not exists
                      (select 1 from segment_member m where m.segment_id = l.segment_id and m.account_id = l.account_id)
                order by l.marketo_lead_id""", Long.class, segmentId);
        for (int from = 0; from < leads.size(); from += IDS_PER_CALL) {
            List<Long> batch = leads.subList(from, Math.min(from + IDS_PER_CALL, leads.size()));
            // A lead already gone from the list (1015) or from Marketo (1004) is as good as removed.
            marketo.send("DELETE", "/v1/lists/" + listId + "/leads.json", input(batch), calls);
            jdbc.batchUpdate("delete from segment_audience_lead where segment_id = ? and marketo_lead_id = ?", batch, 1_000,
                    (ps, id) -> { ps.setLong(1, segmentId); ps.setLong(2, id); });
        }
        jdbc.update("""
                delete from segment_audience_account a
                where a.segment_id = ? and not exists
                      (select 1 from segment_member m where m.segment_id = a.segment_id and m.account_id = a.account_id)""", segmentId);
        return leads.size();
    }

    private int addEntering(long segmentId, long listId, AtomicInteger calls) {
        Set<String> entering = new HashSet<>(jdbc.queryForList("""
                select m.account_id from segment_member m
                where m.segment_id = ? and not exists
                      (select 1 from segment_audience_account a where a.segment_id = m.segment_id and a.account_id = m.account_id)""",
                String.class, segmentId));
        if (entering.isEmpty()) {
            return 0;
        }
        Map<String, AccountPeople.PersonRef> people = new LinkedHashMap<>();
        AccountPeople.of(signals, entering).values().forEach(list -> list.forEach(p -> people.put(p.personId(), p)));
        Map<Long, AccountPeople.PersonRef> leads = new LinkedHashMap<>();
        findLeads("sfdcContactId", people.values().stream().filter(AccountPeople.PersonRef::contact).toList(), leads, calls);
        findLeads("sfdcLeadId", people.values().stream().filter(p -> !p.contact()).toList(), leads, calls);
        List<Long> ids = new ArrayList<>(leads.keySet());
        int added = 0;
        for (int from = 0; from < ids.size(); from += IDS_PER_CALL) {
            List<Long> batch = ids.subList(from, Math.min(from + IDS_PER_CALL, ids.size()));
            JsonNode result = marketo.send("POST", "/v1/lists/" + listId + "/leads.json", input(batch), calls).path("result");
            Set<Long> inList = new HashSet<>();
            result.forEach(r -> {
                if ("added".equals(r.path("status").asText()) && leads.containsKey(r.path("id").asLong())) {
                    inList.add(r.path("id").asLong());
                }
            });
            inList.retainAll(batch);
            added += inList.size();
            jdbc.batchUpdate("""
                    insert into segment_audience_lead (segment_id, marketo_lead_id, account_id, person_id)
                    select ?, ?, ?, ? where not exists (select 1 from segment_audience_lead where segment_id = ? and marketo_lead_id = ?)""",
                    batch.stream().filter(inList::contains).toList(), 1_000, (ps, id) -> {
                        var person = leads.get(id);
                        ps.setLong(1, segmentId);
                        ps.setLong(2, id);
                        ps.setString(3, person.accountId());
                        ps.setString(4, person.personId());
                        ps.setLong(5, segmentId);
                        ps.setLong(6, id);
                    });
        }
        jdbc.batchUpdate("insert into segment_audience_account (segment_id, account_id) values (?, ?)", entering, 1_000,
                (ps, account) -> { ps.setLong(1, segmentId); ps.setString(2, account); });
        return added;
    }

    /** The Marketo leads synced with these Salesforce contacts (or leads), 300 ids a call. */
    private void findLeads(String filterType, List<AccountPeople.PersonRef> people, Map<Long, AccountPeople.PersonRef> leads,
                           AtomicInteger calls) {
        Map<String, AccountPeople.PersonRef> byId = new HashMap<>();
        people.forEach(p -> byId.put(p.personId(), p));
        List<String> ids = new ArrayList<>(byId.keySet());
        ids.sort(null);
        for (int from = 0; from < ids.size(); from += IDS_PER_CALL) {
            var batch = ids.subList(from, Math.min(from + IDS_PER_CALL, ids.size()));
            Map<String, String> query = new LinkedHashMap<>();
            query.put("filterType", filterType);
            query.put("filterValues", String.join(",", batch));
            query.put("fields", "id,sfdcContactId,sfdcLeadId");
            query.put("batchSize", String.valueOf(IDS_PER_CALL));
            String nextPageToken = null;
            do {
                if (nextPageToken != null) {
                    query.put("nextPageToken", nextPageToken);
                }
                JsonNode page = marketo.get("/v1/leads.json", query, calls);
                page.path("result").forEach(lead -> {
                    var person = byId.get(lead.path(filterType).asText());
                    if (person != null) {
                        leads.putIfAbsent(lead.path("id").asLong(), person);
                    }
                });
                nextPageToken = page.path("moreResult").asBoolean(false) ? page.path("nextPageToken").asText(null) : null;
            } while (nextPageToken != null);
        }
    }

    private ObjectNode input(List<Long> leadIds) {
        ObjectNode body = json.createObjectNode();
        var input = body.putArray("input");
        leadIds.forEach(id -> input.addObject().put("id", id));
        return body;
    }
}

package io.signalbridge.writeback;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.signalbridge.marketo.MarketoApiException;
import io.signalbridge.marketo.MarketoClient;
import io.signalbridge.writeback.SalesforceWrites.RecordResult;
import io.signalbridge.writeback.WrittenState.Change;

import org.springframework.stereotype.Component;

/**
 * Updates known Marketo leads by id with Sync Leads ({@code POST /rest/v1/leads.json}, up to 300 a call):
 * {@code action: updateOnly, lookupField: id}. Marketo takes the system-managed {@code id} only with updateOnly
 * (createOrUpdate with an id is refused per record with 1003), and updateOnly never creates a lead: a lead deleted
 * in Marketo since it was linked comes back skipped with 1004 instead of being recreated without its email.
 * Results come in input order, one per record ({@code updated}, or {@code skipped} with reasons); a skipped
 * record does not fail the call. The client retries what Marketo did not act on (606 / 615 / 608) and parks on 607.
 */
@Component
public class MarketoLeadWrites {

    public static final int MAX_LEADS_PER_CALL = 300;
    static final String PATH = "/v1/leads.json";

    private final MarketoClient client;
    private final ObjectMapper json;

    public MarketoLeadWrites(MarketoClient client, ObjectMapper json) {
        this.client = client;
        this.json = json;
    }

    /**
     * The leads' current values of {@code fields}, by id, in calls of up to 300 ids (Get Leads by Filter Type, filterType
     * id): a field Marketo holds no value for is a JSON null; a lead not in the instance is absent.
     */
    public Map<String, ObjectNode> read(Set<String> fields, List<String> ids, AtomicInteger calls) {
        var values = new HashMap<String, ObjectNode>();
        for (int from = 0; from < ids.size(); from += MAX_LEADS_PER_CALL) {
            var batch = ids.subList(from, Math.min(ids.size(), from + MAX_LEADS_PER_CALL));
            var query = new LinkedHashMap<String, String>();
            query.put("filterType", "id");
            query.put("filterValues", String.join(",", batch));
            query.put("fields", "id," + String.join(",", fields));
            JsonNode result = client.get(PATH, query, calls).path("result");
            if (!result.isArray()) {
                throw new MarketoApiException(null, "Marketo answered Get Leads without a result list");
            }
            for (JsonNode lead : result) {
                ObjectNode known = json.createObjectNode();
                for (String field : fields) {
                    JsonNode value = lead.get(field);
                    known.set(field, value == null ? json.nullNode() : value);
                }
                values.put(lead.path("id").asText(), known);
            }
        }
        return values;
    }

    /** One Sync Leads call updating these leads with their changed fields; one result per change, in order. */
    public List<RecordResult> update(List<Change> changes, AtomicInteger calls) {
        if (changes.size() > MAX_LEADS_PER_CALL) {
            throw new IllegalArgumentException("Sync Leads takes at most " + MAX_LEADS_PER_CALL + " leads a call, not " + changes.size());
        }
        ObjectNode request = json.createObjectNode();
        request.put("action", "updateOnly");
        request.put("lookupField", "id");
        ArrayNode input = request.putArray("input");
        for (Change change : changes) {
            ObjectNode lead = input.addObject();
            lead.put("id", Long.parseLong(change.recordId()));
            lead.setAll(change.changes());
        }
        JsonNode result = client.post(PATH, request, calls).path("result");
        if (!result.isArray() || result.size() != changes.size()) {
            throw new MarketoApiException(null, "Marketo answered Sync Leads of " + changes.size() + " leads with "
                    + (result.isArray() ? result.size() : "no") + " results");
        }
        var results = new ArrayList<RecordResult>(changes.size());
        for (int i = 0; i < changes.size(); i++) {
            JsonNode outcome = result.get(i);
            String id = changes.get(i).recordId();
            String status = outcome.path("status").asText("");
            if (status.equals("updated") || status.equals("created")) {
                results.add(new RecordResult(id, true, null, null));
            } else {
                JsonNode reason = outcome.path("reasons").path(0);
                results.add(new RecordResult(id, false, reason.path("code").asText("status " + status),
                        reason.path("message").asText("no reason given")));
            }
        }
        return results;
    }
}

package io.signalbridge.marketo.sixqa;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.signalbridge.marketo.MarketoApiException;
import io.signalbridge.marketo.MarketoClient;

import org.springframework.stereotype.Component;

/**
 * Sends a lead's 6QA points to Marketo by the configured action. {@code write-field}: Sync Leads
 * ({@code POST /rest/v1/leads.json}, action updateOnly, lookupField id) setting the score field to the value
 * computed from the one just read, so that sending the same request twice sets the same value, never adds
 * twice. {@code request-campaign}: Request Campaign ({@code POST /rest/v1/campaigns/{id}/trigger.json}) with the
 * points in a My Token, for instances where a smart campaign's Change Score step owns the score.
 * A refusal of the whole call is a {@link MarketoApiException} with its code (nothing changed); a call with no
 * usable answer is one without a code (it may have been applied).
 */
@Component
public class SixQaAwards {

    private final MarketoClient client;
    private final SixQaScoringProperties settings;
    private final ObjectMapper json;

    public SixQaAwards(MarketoClient client, SixQaScoringProperties settings, ObjectMapper json) {
        this.client = client;
        this.settings = settings;
        this.json = json;
    }

    /**
     * Sets the score field of every timer's lead to its {@code scoreAfter}, in one Sync Leads call (at most 300).
     * Per lead, in the timers' order: null when updated, else why Marketo skipped it (nothing changed for it).
     */
    public List<String> writeScores(List<SixQaStore.Timer> timers, AtomicInteger calls) {
        ObjectNode request = json.createObjectNode().put("action", "updateOnly").put("lookupField", "id");
        ArrayNode input = request.putArray("input");
        timers.forEach(t -> input.addObject().put("id", t.leadId()).put(settings.scoreField(), t.scoreAfter()));
        JsonNode results = client.post("/v1/leads.json", request, calls).path("result");
        if (results.size() != timers.size()) {
            throw new MarketoApiException(null, "Sync Leads answered " + results.size() + " results for " + timers.size() + " leads");
        }
        var refusals = new ArrayList<String>();
        for (JsonNode result : results) {
            if ("updated".equals(result.path("status").asText())) {
                refusals.add(null);
            } else {
                JsonNode reason = result.path("reasons").path(0);
                refusals.add(result.path("status").asText("no status") + " " + reason.path("code").asText("") + " "
                        + reason.path("message").asText("no reason given"));
            }
        }
        return refusals;
    }

    /** Requests the campaign for the leads (at most 100) with the points as the My Token; Marketo takes all or none. */
    public List<String> requestCampaign(List<Long> leadIds, int points, AtomicInteger calls) {
        ObjectNode request = json.createObjectNode();
        ObjectNode input = request.putObject("input");
        ArrayNode leads = input.putArray("leads");
        leadIds.forEach(id -> leads.addObject().put("id", id));
        input.putArray("tokens").addObject().put("name", settings.pointsToken()).put("value", String.valueOf(points));
        client.post("/v1/campaigns/" + settings.campaignId() + "/trigger.json", request, calls);
        return new ArrayList<>(Collections.nCopies(leadIds.size(), (String) null));
    }
}

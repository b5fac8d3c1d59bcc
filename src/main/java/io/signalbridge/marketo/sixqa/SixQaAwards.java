package io.signalbridge.marketo.sixqa;

import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
 * A refusal (an error code, or the record skipped) is a {@link MarketoApiException} with its code: nothing changed.
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

    public void writeScore(long leadId, int score, AtomicInteger calls) {
        ObjectNode request = json.createObjectNode().put("action", "updateOnly").put("lookupField", "id");
        request.putArray("input").addObject().put("id", leadId).put(settings.scoreField(), score);
        JsonNode result = client.post("/v1/leads.json", request, calls).path("result").path(0);
        if (!"updated".equals(result.path("status").asText())) {
            JsonNode reason = result.path("reasons").path(0);
            throw new MarketoApiException(reason.path("code").asText("none"), "lead " + leadId + " not updated ("
                    + result.path("status").asText("no status") + "): " + reason.path("message").asText("no reason given"));
        }
    }

    public void requestCampaign(long leadId, int points, AtomicInteger calls) {
        ObjectNode request = json.createObjectNode();
        ObjectNode input = request.putObject("input");
        input.putArray("leads").addObject().put("id", leadId);
        input.putArray("tokens").addObject().put("name", settings.pointsToken()).put("value", String.valueOf(points));
        client.post("/v1/campaigns/" + settings.campaignId() + "/trigger.json", request, calls);
    }
}

package io.signalbridge.sandbox.marketo;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.signalbridge.sandbox.ConditionalOnSandbox;

import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Request Campaign ({@code POST /rest/v1/campaigns/{campaignId}/trigger.json}): body
 * {@code {"input":{"leads":[{"id":1}],"tokens":[{"name":"{{my.x}}","value":"20"}]}}}, at most 100 leads; answers
 * {@code "result":[{"id":<campaignId>}]}. Unknown campaign: 1013; inactive campaign: 1003; no leads: 1003 as well,
 * since Marketo wants at least one.
 */
@RestController
@ConditionalOnSandbox
@RequestMapping(MarketoSandboxConfiguration.BASE_PATH + "/rest/v1")
public class MarketoCampaignController {

    static final int MAX_LEADS = 100;

    private final MarketoCampaigns campaigns;
    private final MarketoResponses responses;

    public MarketoCampaignController(MarketoCampaigns campaigns, MarketoResponses responses) {
        this.campaigns = campaigns;
        this.responses = responses;
    }

    @PostMapping("/campaigns/{campaignId}/trigger.json")
    public ObjectNode trigger(@PathVariable long campaignId, @RequestBody(required = false) JsonNode request) {
        var campaign = campaigns.find(campaignId).orElseThrow(() -> new MarketoApiException("1013", "Campaign not found"));
        if (!campaign.active()) {
            throw new MarketoApiException("1003", "Trigger campaign '" + campaign.name() + "' is not active");
        }
        JsonNode input = request == null ? null : request.path("input");
        JsonNode leads = input == null ? null : input.path("leads");
        if (leads == null || !leads.isArray() || leads.isEmpty()) {
            throw MarketoApiException.blank("input.leads");
        }
        if (leads.size() > MAX_LEADS) {
            throw new MarketoApiException("1003", "Invalid data: more than " + MAX_LEADS + " leads in one request");
        }
        List<Long> ids = new ArrayList<>();
        for (JsonNode lead : leads) {
            try {
                ids.add(Long.parseLong(lead.path("id").asText()));
            } catch (NumberFormatException e) {
                throw MarketoApiException.invalidValue(lead.path("id").asText(), "integer");
            }
        }
        Map<String, String> tokens = new LinkedHashMap<>();
        for (JsonNode token : input.path("tokens")) {
            String name = token.path("name").asText("");
            if (!name.matches("\\{\\{my\\..+}}")) {
                throw MarketoApiException.invalidValue(name, "token name {{my.name}}");
            }
            tokens.put(name, token.path("value").asText(""));
        }
        campaigns.request(campaign, ids, tokens);
        ObjectNode result = responses.object();
        result.put("id", campaign.id());
        return responses.success(List.of(result));
    }
}

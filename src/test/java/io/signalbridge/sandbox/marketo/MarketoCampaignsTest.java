package io.signalbridge.sandbox.marketo;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/** Request Campaign on the sandbox instance: Marketo's request and response shape, its errors, and the campaign's Change Score step. */
class MarketoCampaignsTest extends MarketoSandboxTestSupport {

    @Autowired
    MarketoCampaigns campaigns;
    @Autowired
    JdbcTemplate jdbc;

    @BeforeEach
    void noRequestsYet() {
        campaigns.deleteRequests();
        jdbc.update("delete from sandbox_mkto_campaign where id <> 1001");
    }

    @Test
    void aRequestedCampaignRunsItsChangeScoreStepWithTheMyTokenAndLogsTheRequest() {
        var ann = lead("ann@acme.example", "behaviorScore", "7");
        var bob = lead("bob@acme.example");

        JsonNode response = postJson(uri("/v1/campaigns/1001/trigger.json"), Map.of("input", Map.of(
                "leads", List.of(Map.of("id", ann.id()), Map.of("id", bob.id()), Map.of("id", 999_999_999L)),
                "tokens", List.of(Map.of("name", "{{my.6QA Points}}", "value", "20"), Map.of("name", "{{my.note}}", "value", "6QA")))));

        assertSuccess(response);
        assertThat(response.get("result")).hasSize(1);
        assertThat(response.get("result").get(0).get("id").asLong()).isEqualTo(1001);
        assertThat(store.findLead(ann.id()).orElseThrow().fields().get("behaviorScore").asInt()).isEqualTo(27);
        assertThat(store.findLead(bob.id()).orElseThrow().fields().get("behaviorScore").asInt()).isEqualTo(20);
        assertThat(campaigns.requests(ann.id())).singleElement().satisfies(request -> {
            assertThat(request.campaignId()).isEqualTo(1001);
            assertThat(request.tokens()).containsEntry("{{my.6QA Points}}", "20").containsEntry("{{my.note}}", "6QA");
        });
        assertThat(campaigns.requests(999_999_999L)).as("a lead the instance does not know is skipped").isEmpty();
        var scoreChange = get(uri("/v1/activities.json", "nextPageToken", pagingToken(), "activityTypeIds", "22"));
        assertThat(scoreChange.get("result")).hasSize(2);
        assertThat(scoreChange.get("result").get(0).get("primaryAttributeValue").asText()).isEqualTo("Behavior Score");
    }

    @Test
    void refusalsUseMarketosCodes() {
        var ann = lead("ann@acme.example");
        jdbc.update("insert into sandbox_mkto_campaign (id, name, active, created_at) values (1002, 'Paused', false, current_timestamp)");

        assertError(postJson(uri("/v1/campaigns/4242/trigger.json"), Map.of("input", Map.of("leads", List.of(Map.of("id", ann.id()))))),
                "1013", "Campaign not found");
        assertError(postJson(uri("/v1/campaigns/1002/trigger.json"), Map.of("input", Map.of("leads", List.of(Map.of("id", ann.id()))))),
                "1003", "Trigger campaign 'Paused' is not active");
        assertError(postJson(uri("/v1/campaigns/1001/trigger.json"), Map.of("input", Map.of("leads", List.of()))),
                "701", "input.leads cannot be blank");
        var tooMany = IntStream.range(0, 101).mapToObj(i -> Map.of("id", (Object) (long) i)).toList();
        assertError(postJson(uri("/v1/campaigns/1001/trigger.json"), Map.of("input", Map.of("leads", tooMany))),
                "1003", "Invalid data: more than 100 leads in one request");
        assertThat(campaigns.requests(ann.id())).isEmpty();
    }

    private String pagingToken() {
        return get(uri("/v1/activities/pagingtoken.json", "sinceDatetime", clock.instant().minusSeconds(3600).toString()))
                .get("nextPageToken").asText();
    }
}

package io.signalbridge.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

import io.signalbridge.marketo.sixqa.SixQaDecision;
import io.signalbridge.marketo.sixqa.SixQaStore;
import io.signalbridge.marketo.sixqa.SixQaStore.LeadOutcome;
import io.signalbridge.marketo.sixqa.SixQaStore.StartEvent;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ActiveProfiles;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles({"sandbox", "test"})
class MarketoSixQaControllerTest {

    @Autowired
    TestRestTemplate http;
    @Autowired
    SixQaStore store;
    @Autowired
    JdbcTemplate jdbc;

    @BeforeEach
    void twoAccountsDecided() {
        jdbc.update("delete from marketo_six_qa_decision");
        jdbc.update("delete from marketo_six_qa_timer");
        jdbc.update("delete from marketo_six_qa_cursor");
        Instant now = Instant.parse("2026-11-02T10:00:00Z");
        store.enqueue(0, 11, new StartEvent(11, "001A", "2026-11-02", now), List.of(
                new LeadOutcome(1, SixQaDecision.QUEUED, "6QA since 2026-11-02"),
                new LeadOutcome(2, SixQaDecision.FILTERED_OUT, "filter 'unsubscribed is-not-true' not passed"),
                new LeadOutcome(3, SixQaDecision.QUEUED, "6QA since 2026-11-02")), now.plusSeconds(518_400), now);
        store.enqueue(11, 12, new StartEvent(12, "001B", "2026-11-02", now), List.of(
                new LeadOutcome(4, SixQaDecision.QUEUED, "6QA since 2026-11-02")), now.plusSeconds(518_400), now.plusSeconds(1));
    }

    @Test
    void decisionsAreFilteredByAccountLeadAndDecisionAndPaged() {
        var all = http.withBasicAuth("viewer", "sandbox").getForEntity("/api/marketo/six-qa-scoring", JsonNode.class);
        assertThat(all.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(all.getBody().get("total").asLong()).isEqualTo(4);
        assertThat(all.getBody().get("decisions").get(0).get("leadId").asLong()).as("newest first").isEqualTo(4);

        var accountA = http.withBasicAuth("viewer", "sandbox").getForEntity("/api/marketo/six-qa-scoring?account=001A&decision=queued&size=1&page=1",
                JsonNode.class).getBody();
        assertThat(accountA.get("total").asLong()).isEqualTo(2);
        assertThat(accountA.get("decisions")).hasSize(1);
        assertThat(accountA.get("decisions").get(0).get("leadId").asLong()).isEqualTo(1);
        assertThat(accountA.get("decisions").get(0).get("decision").asText()).isEqualTo("QUEUED");
        assertThat(accountA.get("decisions").get(0).get("decidedAt").asText()).isEqualTo("2026-11-02T10:00:00Z");

        var lead2 = http.withBasicAuth("viewer", "sandbox").getForEntity("/api/marketo/six-qa-scoring?lead=2", JsonNode.class).getBody();
        assertThat(lead2.get("decisions")).singleElement().satisfies(d -> {
            assertThat(d.get("decision").asText()).isEqualTo("FILTERED_OUT");
            assertThat(d.get("reason").asText()).contains("unsubscribed");
        });
    }

    @Test
    void badFiltersAreRefusedWithTheirReason() {
        var unknown = http.withBasicAuth("viewer", "sandbox").getForEntity("/api/marketo/six-qa-scoring?decision=maybe", JsonNode.class);
        assertThat(unknown.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(unknown.getBody().get("error").asText()).contains("maybe");
        var tooBig = http.withBasicAuth("viewer", "sandbox").getForEntity("/api/marketo/six-qa-scoring?size=10000", JsonNode.class);
        assertThat(tooBig.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(http.getForEntity("/api/marketo/six-qa-scoring", String.class).getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
    }

    @Test
    void theStatusShowsTheSettingsAndTheWaitingTimersAndOnlyOperationsMayStartARun() {
        var status = http.withBasicAuth("viewer", "sandbox").getForEntity("/api/marketo/six-qa-scoring/status?account=001A", JsonNode.class)
                .getBody();
        assertThat(status.get("action").asText()).isEqualTo("write-field");
        assertThat(status.get("points").asInt()).isEqualTo(20);
        assertThat(status.get("cursor").asLong()).isEqualTo(12);
        assertThat(status.get("openTimers")).hasSize(2);
        assertThat(status.get("nextFire").asText()).isNotBlank();

        assertThat(http.withBasicAuth("viewer", "sandbox").postForEntity("/api/marketo/six-qa-scoring/run", null, String.class).getStatusCode())
                .isEqualTo(HttpStatus.FORBIDDEN);
    }
}

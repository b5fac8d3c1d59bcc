package io.signalbridge.writeback;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;

import io.signalbridge.failures.FailedExchangeStore;
import io.signalbridge.failures.FailureFilter;
import io.signalbridge.failures.FailureReplay;
import io.signalbridge.failures.ReplayMappingVersion;
import io.signalbridge.failures.FailureStatus;
import io.signalbridge.mapping.MappingService;
import io.signalbridge.sandbox.marketo.MarketoLeadFields;
import io.signalbridge.signals.SyncRuns;
import io.signalbridge.signals.SyncRuns.Status;
import io.signalbridge.support.FreePorts;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The Marketo lead push against a WireMock instance, exact payloads: 300 changed leads go in one Sync Leads
 * updateOnly call by id; Marketo skips one of them with 1003 and the other 299 are written, the skipped one is one
 * failed exchange (lead and reason named, no secret) and blocked, and its replay pushes it alone, once. A 607
 * mid-run parks the run without failures; the run after the reset pushes only what was left.
 */
@SpringBootTest
@ActiveProfiles("test")
class MarketoLeadPushFaultsTest {

    static final String SECRET = "s3cret-marketo-client";
    static final Path DIRECTORY = Path.of("target/marketo-push-faults-" + UUID.randomUUID());
    static final WireMockServer MARKETO = new WireMockServer(WireMockConfiguration.options().port(FreePorts.find()));
    static final long FIRST_LEAD = 5_000;
    static final long BAD_LEAD = 5_137;
    static final String SCORED_AT = "2026-11-20T10:00:00.000Z";
    static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) throws IOException {
        MARKETO.start();
        stubIdentityAndDescribe();
        Files.createDirectories(DIRECTORY);
        Files.writeString(DIRECTORY.resolve("marketo-lead.yaml"), """
                system: marketo
                object: Lead
                fields:
                  - source: account.intentScore
                    target: accountIntentScore6sense
                    round: 0
                  - source: account.buyingStage
                    target: accountBuyingStage6sense
                  - source: account.updatedAt
                    target: accountUpdateDate6sense
                  - source: person.grade
                    target: contactGrade6sense
                """);
        registry.add("signalbridge.marketo.base-url", MARKETO::baseUrl);
        registry.add("signalbridge.marketo.client-secret", () -> SECRET);
        registry.add("signalbridge.mappings.directory", DIRECTORY::toString);
        registry.add("signalbridge.mappings.load-on-start", () -> true);
        registry.add("signalbridge.mappings.reload-interval", () -> "1h");
    }

    @AfterAll
    static void stopInstance() {
        MARKETO.stop();
    }

    static void stubIdentityAndDescribe() {
        MARKETO.stubFor(post(urlPathEqualTo("/identity/oauth/token"))
                .willReturn(okJson("{\"access_token\":\"t1\",\"token_type\":\"bearer\",\"expires_in\":3600,\"scope\":\"api\"}")));
        MARKETO.stubFor(get(urlPathEqualTo("/rest/v1/leads/describe.json")).willReturn(okJson(describe().toString())));
    }

    @BeforeEach
    void freshInstance() {
        MARKETO.resetAll();
        stubIdentityAndDescribe();
    }

    @Autowired
    MarketoLeadPush push;
    @Autowired
    MappingService mappings;
    @Autowired
    WrittenState state;
    @Autowired
    FailedExchangeStore failures;
    @Autowired
    FailureReplay replay;
    @Autowired
    SyncRuns runs;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    ObjectMapper json;

    @Test
    void aBatchOf300WithOneSkippedLeadWrites299KeepsTheOneForReplayAndTheReplayPushesItOnce() throws Exception {
        Awaitility.await().until(() -> mappings.active("marketo-lead").isPresent());
        linkedScoredLeads(300);
        var expected = JSON.objectNode().put("action", "updateOnly").put("lookupField", "id");
        ArrayNode input = expected.putArray("input");
        ArrayNode answer = JSON.arrayNode();
        for (int i = 0; i < 300; i++) {
            long id = FIRST_LEAD + i;
            input.addObject().put("id", id).put("accountIntentScore6sense", 10 + i % 80).put("accountBuyingStage6sense", "Awareness")
                    .put("accountUpdateDate6sense", SCORED_AT).put("contactGrade6sense", "B");
            answer.add(id == BAD_LEAD
                    ? JSON.objectNode().put("status", "skipped").set("reasons", JSON.arrayNode().add(JSON.objectNode().put("code", "1003")
                            .put("message", "Invalid value for field 'contactGrade6sense' and value 'B'")))
                    : JSON.objectNode().put("id", id).put("status", "updated"));
        }
        MARKETO.stubFor(post(urlPathEqualTo("/rest/v1/leads.json")).withRequestBody(equalToJson(expected.toString()))
                .willReturn(okJson(JSON.objectNode().put("requestId", "r#1").put("success", true).set("result", answer).toString())));

        var first = runs.find(push.run("test").orElseThrow()).orElseThrow();

        assertThat(first.status()).as(String.valueOf(first.error())).isEqualTo(Status.SUCCEEDED);
        assertThat(first.recordsByObject()).containsEntry("Lead.changed", 300L).containsEntry("Lead.written", 299L)
                .containsEntry("Lead.failed", 1L).containsEntry("Lead.writeCalls", 1L);
        assertThat(first.apiCalls()).isEqualTo(1);
        MARKETO.verify(1, postRequestedFor(urlPathEqualTo("/rest/v1/leads.json")).withRequestBody(equalToJson(expected.toString())));
        assertThat(state.count("marketo:Lead", false)).isEqualTo(299);
        assertThat(state.find("marketo:Lead", String.valueOf(BAD_LEAD)).orElseThrow().blockedCode()).isEqualTo("1003");
        var kept = failures.list(new FailureFilter(MarketoLeadPush.RECORD_ROUTE, null, null, null, null), 10);
        assertThat(kept).singleElement().satisfies(failure -> {
            assertThat(failure.failureKey()).isEqualTo("marketo:Lead/" + BAD_LEAD);
            assertThat(failure.step()).isEqualTo("Sync Leads updateOnly");
            assertThat(failure.errorCode()).isEqualTo("1003");
            assertThat(failure.message()).isEqualTo("1003: Invalid value for field 'contactGrade6sense' and value 'B'");
            assertThat(failure.headers()).containsEntry("recordId", String.valueOf(BAD_LEAD)).containsEntry("object", "Lead")
                    .containsEntry(SalesforceWriteback.MAPPING_VERSION, String.valueOf(mappings.active("marketo-lead").orElseThrow().version()));
            assertThat(failure.replayTarget()).isEqualTo("direct://" + MarketoLeadPush.RECORD_ROUTE);
            var payload = json.readTree(failure.payload());
            assertThat(payload.path("id").asText()).isEqualTo(String.valueOf(BAD_LEAD));
            assertThat(payload.path("fields").path("contactGrade6sense").asText()).isEqualTo("B");
            assertThat(failure.payload() + failure.message()).doesNotContain(SECRET).doesNotContain("Bearer");
        });

        var second = runs.find(push.run("test").orElseThrow()).orElseThrow();
        assertThat(second.apiCalls()).as("written leads unchanged, the refused one blocked until replayed").isZero();
        assertThat(second.recordsByObject()).containsEntry("Lead.unchanged", 299L).containsEntry("Lead.blocked", 1L);

        // the instance now takes the value (its admin fixed the field): the replay pushes the lead alone, under the
        // mapping version of the failed run (still valid against the lead describe)
        var single = JSON.objectNode().put("action", "updateOnly").put("lookupField", "id");
        single.putArray("input").add(input.get((int) (BAD_LEAD - FIRST_LEAD)));
        MARKETO.stubFor(post(urlPathEqualTo("/rest/v1/leads.json")).withRequestBody(equalToJson(single.toString())).atPriority(1)
                .willReturn(okJson("{\"requestId\":\"r#2\",\"success\":true,\"result\":[{\"id\":" + BAD_LEAD + ",\"status\":\"updated\"}]}")));

        var outcome = replay.replay(kept.get(0).id(), "ops", ReplayMappingVersion.ORIGINAL);

        assertThat(outcome.result()).as(String.valueOf(outcome.detail())).isEqualTo(FailureReplay.Result.REPLAYED);
        assertThat(failures.find(kept.get(0).id()).orElseThrow().status()).isEqualTo(FailureStatus.REPLAYED);
        MARKETO.verify(1, postRequestedFor(urlPathEqualTo("/rest/v1/leads.json")).withRequestBody(equalToJson(single.toString())));
        var written = state.find("marketo:Lead", String.valueOf(BAD_LEAD)).orElseThrow();
        assertThat(written.blockedCode()).isNull();
        assertThat(written.fields().path("contactGrade6sense").asText()).isEqualTo("B");
        assertThat(runs.find(push.run("test").orElseThrow()).orElseThrow().apiCalls()).as("all written").isZero();
        MARKETO.verify(2, postRequestedFor(urlPathEqualTo("/rest/v1/leads.json")));
    }

    @Test
    void aQuotaExhaustedMidRunParksItWithoutFailuresAndTheRunAfterTheResetPushesOnlyTheRest() {
        Awaitility.await().until(() -> mappings.active("marketo-lead").isPresent());
        linkedScoredLeads(400);
        ArrayNode firstBatch = JSON.arrayNode();
        IntStream.range(0, 300).forEach(i -> firstBatch.addObject().put("id", FIRST_LEAD + i).put("status", "updated"));
        MARKETO.stubFor(post(urlPathEqualTo("/rest/v1/leads.json")).withRequestBody(matchingJsonPath("$.input[0].id", equalTo("5000")))
                .willReturn(okJson(JSON.objectNode().put("requestId", "r#1").put("success", true).set("result", firstBatch).toString())));
        MARKETO.stubFor(post(urlPathEqualTo("/rest/v1/leads.json")).withRequestBody(matchingJsonPath("$.input[0].id", equalTo("5300")))
                .willReturn(okJson("{\"requestId\":\"r#2\",\"success\":false,\"errors\":[{\"code\":\"607\",\"message\":\"Daily quota reached\"}]}")));

        var parked = runs.find(push.run("test").orElseThrow()).orElseThrow();

        assertThat(parked.status()).isEqualTo(Status.PARKED);
        assertThat(parked.error()).contains("607");
        assertThat(parked.recordsByObject()).containsEntry("Lead.changed", 400L).containsEntry("Lead.written", 300L);
        assertThat(parked.apiCalls()).isEqualTo(2);
        assertThat(state.count("marketo:Lead", false)).isEqualTo(300);
        assertThat(failures.list(new FailureFilter(null, null, null, null, null), 10)).as("a parked run is no failure").isEmpty();

        var stillParked = runs.find(push.run("test").orElseThrow()).orElseThrow();
        assertThat(stillParked.status()).isEqualTo(Status.PARKED);
        assertThat(stillParked.apiCalls()).as("no call is spent before the reset").isZero();

        jdbc.update("update marketo_api_day set parked_until = null");
        ArrayNode rest = JSON.arrayNode();
        IntStream.range(300, 400).forEach(i -> rest.addObject().put("id", FIRST_LEAD + i).put("status", "updated"));
        MARKETO.stubFor(post(urlPathEqualTo("/rest/v1/leads.json")).atPriority(1)
                .withRequestBody(matchingJsonPath("$.input[0].id", equalTo("5300")))
                .willReturn(okJson(JSON.objectNode().put("requestId", "r#3").put("success", true).set("result", rest).toString())));

        var resumed = runs.find(push.run("test").orElseThrow()).orElseThrow();

        assertThat(resumed.status()).isEqualTo(Status.SUCCEEDED);
        assertThat(resumed.recordsByObject()).containsEntry("Lead.changed", 100L).containsEntry("Lead.unchanged", 300L)
                .containsEntry("Lead.written", 100L).containsEntry("Lead.writeCalls", 1L);
        assertThat(state.count("marketo:Lead", false)).isEqualTo(400);
    }

    /** {@code count} Marketo leads linked to a contact and its account, both scored. */
    private void linkedScoredLeads(int count) {
        for (String table : List.of("marketo_lead_link", "account_score", "person_score", "account_segment_names", "writeback_state",
                "writeback_pending", "sync_run", "failed_exchange_audit", "failed_exchange", "marketo_api_day")) {
            jdbc.update("delete from " + table);
        }
        var scoredAt = LocalDateTime.of(2026, 11, 20, 10, 0);
        var rows = new ArrayList<Object[]>();
        IntStream.range(0, count).forEach(i -> rows.add(new Object[] {String.valueOf(FIRST_LEAD + i), "003WM" + i, "001WM" + i}));
        jdbc.batchUpdate("insert into marketo_lead_link (marketo_lead_id, contact_id, lead_id, account_id, resolved_via, updated_at)"
                + " values (?, ?, null, ?, 'salesforceIds', current_timestamp)", rows);
        jdbc.batchUpdate("""
                insert into account_score (account_id, as_of, profile_score, profile_fit, profile_probability, intent_score,
                    in_market_probability, reach_score, reach_level, reach, buying_stage, open_opportunity, qualified,
                    qualified_since, qualified_until, qualified_age_days, contributors, scored_at)
                values (?, ?, 60, 'Moderate', 0.5, ?, 0.4, 40, 'Medium', 0.4, 'Awareness', false, false, null, null, null, '[]', ?)""",
                IntStream.range(0, count).mapToObj(i -> new Object[] {"001WM" + i, LocalDate.of(2026, 11, 20), 10 + i % 80, scoredAt}).toList());
        jdbc.batchUpdate("""
                insert into person_score (person_id, account_id, person_type, as_of, profile_score, profile_fit, profile_probability,
                    engagement_score, grade, engagement, contributors, scored_at)
                values (?, ?, 'CONTACT', ?, 50, 'Strong', 0.5, 70, 'B', 0.7, '[]', ?)""",
                IntStream.range(0, count).mapToObj(i -> new Object[] {"003WM" + i, "001WM" + i, LocalDate.of(2026, 11, 20), scoredAt}).toList());
    }

    /** The sandbox instance's lead describe, as a real instance answers it. */
    private static ObjectNode describe() {
        ArrayNode result = JSON.arrayNode();
        MarketoLeadFields.all().forEach(field -> {
            ObjectNode node = result.addObject().put("id", field.id()).put("displayName", field.displayName()).put("dataType", field.dataType());
            if (field.length() != null) {
                node.put("length", field.length());
            }
            node.putObject("rest").put("name", field.name()).put("readOnly", field.readOnly());
        });
        return JSON.objectNode().put("requestId", "d#1").put("success", true).set("result", result);
    }
}

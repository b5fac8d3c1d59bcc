package io.signalbridge.writeback;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.patch;
import static com.github.tomakehurst.wiremock.client.WireMock.patchRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;

import io.signalbridge.failures.ExternalSystemGuard;
import io.signalbridge.failures.FailedExchangeStore;
import io.signalbridge.failures.FailureFilter;
import io.signalbridge.failures.FailureReplay;
import io.signalbridge.failures.FailureStatus;
import io.signalbridge.mapping.MappingVersions;
import io.signalbridge.signals.SyncRuns;
import io.signalbridge.signals.SyncRuns.Status;
import io.signalbridge.support.FreePorts;
import io.signalbridge.support.WireMockSalesforceOrg;

import org.apache.camel.ProducerTemplate;
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
 * Per-record results of sObject Collections against WireMock, with Salesforce's exact response shapes: a
 * record refused with UNABLE_TO_LOCK_ROW stays unwritten and is sent again by the next run; one refused
 * with INVALID_FIELD is kept in the failed-exchange store, not sent again, and written by its replay; a
 * malformed answer fails the run (kept for replay) and marks nothing written.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT)
@ActiveProfiles("test")
class WritebackFaultsTest {

    static final int PORT = FreePorts.find();
    static final WireMockServer SALESFORCE = new WireMockServer(WireMockConfiguration.options().port(FreePorts.find()));
    static final String PATH = "/services/data/v62.0/composite/sobjects";
    static final String A = "001000000000001AAA";
    static final String B = "001000000000002AAA";
    static final String C = "001000000000003AAA";
    static final String MAPPING = """
            system: salesforce
            object: Account
            fields:
              - source: account.intentScore
                target: accountIntentScore6sense__c
              - source: account.buyingStage
                target: accountBuyingStage6sense__c
            """;

    static {
        SALESFORCE.start();
    }

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("server.port", () -> PORT);
        registry.add("camel.component.salesforce.login-url", SALESFORCE::baseUrl);
    }

    @AfterAll
    static void stop() {
        SALESFORCE.stop();
    }

    @Autowired
    SalesforceWriteback writeback;
    @Autowired
    WrittenState state;
    @Autowired
    MappingVersions versions;
    @Autowired
    FailedExchangeStore failures;
    @Autowired
    FailureReplay replay;
    @Autowired
    SyncRuns runs;
    @Autowired
    ProducerTemplate camel;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    ObjectMapper json;
    @Autowired
    Clock clock;
    @Autowired
    ExternalSystemGuard guard;

    @BeforeEach
    void scoresAndOrg() {
        SALESFORCE.resetAll();
        WireMockSalesforceOrg.stubLogin(SALESFORCE);
        var fixtures = new WritebackFixtures(jdbc, null, json);
        fixtures.clear();
        jdbc.update("delete from mapping_version");
        versions.append("salesforce-account", 1, MAPPING, "test", "test", clock.instant(), "");
        fixtures.scoreAccounts(List.of(A, B, C), clock.instant());
    }

    @Test
    void aLockedRowIsRetriedNextRunAndAnInvalidFieldIsKeptForOpsUntilReplayed() throws Exception {
        SALESFORCE.stubFor(patch(urlPathEqualTo(PATH)).inScenario("writes").whenScenarioStateIs(STARTED)
                .willReturn(okJson("""
                        [ {
                          "id" : "001000000000001AAA",
                          "success" : true,
                          "errors" : [ ]
                        }, {
                          "success" : false,
                          "errors" : [ {
                            "statusCode" : "UNABLE_TO_LOCK_ROW",
                            "message" : "unable to obtain exclusive access to this record or 1 records: 001000000000002AAA",
                            "fields" : [ ]
                          } ]
                        }, {
                          "success" : false,
                          "errors" : [ {
                            "statusCode" : "INVALID_FIELD",
                            "message" : "No such column 'accountBuyingStage6sense__c' on entity 'Account'. If you are attempting to use a custom field, be sure to append the '__c' after the custom field name. Please reference your WSDL or the describe call for the appropriate names.",
                            "fields" : [ ]
                          } ]
                        } ]""").withHeader("Sforce-Limit-Info", "api-usage=120/100000"))
                .willSetStateTo("second run"));
        SALESFORCE.stubFor(patch(urlPathEqualTo(PATH)).inScenario("writes").whenScenarioStateIs("second run")
                .willReturn(okJson("[{\"id\":\"" + B + "\",\"success\":true,\"errors\":[]}]").withHeader("Sforce-Limit-Info", "api-usage=121/100000"))
                .willSetStateTo("replay"));
        SALESFORCE.stubFor(patch(urlPathEqualTo(PATH)).inScenario("writes").whenScenarioStateIs("replay")
                .willReturn(okJson("[{\"id\":\"" + C + "\",\"success\":true,\"errors\":[]}]")));

        var first = runs.find(writeback.run("test").orElseThrow()).orElseThrow();

        assertThat(first.status()).isEqualTo(Status.SUCCEEDED);
        assertThat(first.recordsByObject()).containsEntry("Account.written", 1L).containsEntry("Account.retrying", 1L)
                .containsEntry("Account.failed", 1L);
        assertThat(first.apiUsage()).isEqualTo("120/100000");
        assertThat(state.find("salesforce:Account", A)).isPresent();
        assertThat(state.find("salesforce:Account", B)).as("a failed record is never marked written").isEmpty();
        assertThat(state.find("salesforce:Account", C).orElseThrow().blockedCode()).isEqualTo("INVALID_FIELD");
        var kept = failures.list(new FailureFilter(SalesforceWriteback.RECORD_ROUTE, null, null, null, null), 10);
        assertThat(kept).singleElement().satisfies(failure -> {
            assertThat(failure.errorCode()).isEqualTo("INVALID_FIELD");
            assertThat(failure.message()).contains("No such column 'accountBuyingStage6sense__c'");
            JsonNode payload = json.readTree(failure.payload());
            assertThat(payload.path("id").asText()).isEqualTo(C);
            assertThat(payload.path("fields").path("accountBuyingStage6sense__c").asText()).isEqualTo("Consideration");
        });

        // The next run follows a scoring run that rescored nobody: it must still look at the record left to retry.
        var twoDaysAgo = java.sql.Timestamp.valueOf(java.time.LocalDateTime.ofInstant(clock.instant().minus(java.time.Duration.ofDays(2)),
                java.time.ZoneOffset.UTC));
        jdbc.update("update account_score set scored_at = ?", twoDaysAgo);
        jdbc.update("update mapping_version set created_at = ?", twoDaysAgo);
        var second = runs.find(writeback.run(WritebackJob.AFTER_SCORING).orElseThrow()).orElseThrow();

        assertThat(second.recordsByObject()).containsEntry("Account.written", 1L).containsEntry("Account.blocked", 1L)
                .containsEntry("Account.unchanged", 1L);
        var sent = SALESFORCE.findAll(patchRequestedFor(urlPathEqualTo(PATH)));
        assertThat(sent).hasSize(2);
        JsonNode retry = json.readTree(sent.get(1).getBodyAsString());
        assertThat(retry.path("allOrNone").asBoolean(true)).isFalse();
        assertThat(retry.path("records")).singleElement().satisfies(r -> {
            assertThat(r.path("id").asText()).isEqualTo(B);
            assertThat(r.path("attributes").path("type").asText()).isEqualTo("Account");
        });

        var outcome = replay.replay(kept.get(0).id(), "ops");

        assertThat(outcome.result()).as(String.valueOf(outcome.detail())).isEqualTo(FailureReplay.Result.REPLAYED);
        assertThat(failures.find(kept.get(0).id()).orElseThrow().status()).isEqualTo(FailureStatus.REPLAYED);
        var written = state.find("salesforce:Account", C).orElseThrow();
        assertThat(written.blockedCode()).isNull();
        assertThat(written.fields().path("accountIntentScore6sense__c").asInt()).isEqualTo(42);
        SALESFORCE.verify(patchRequestedFor(urlPathEqualTo(PATH)).withRequestBody(containing(C)));
        assertThat(runs.find(writeback.run("test").orElseThrow()).orElseThrow().apiCalls()).as("all written").isZero();
    }

    @Test
    void aReplayRefusedAgainLeavesTheFailureOpenWithItsNewErrorAndTheRecordBlocked() {
        String refused = """
                {"success":false,"errors":[{"statusCode":"FIELD_CUSTOM_VALIDATION_EXCEPTION","message":"Intent needs a stage","fields":["accountIntentScore6sense__c"]}]}""";
        SALESFORCE.stubFor(patch(urlPathEqualTo(PATH)).inScenario("refusals").whenScenarioStateIs(STARTED)
                .willReturn(okJson("[" + refused + "," + refused + "," + refused + "]")).willSetStateTo("replays"));
        SALESFORCE.stubFor(patch(urlPathEqualTo(PATH)).inScenario("refusals").whenScenarioStateIs("replays")
                .willReturn(okJson("[{\"success\":false,\"errors\":[{\"statusCode\":\"CANNOT_UPDATE_CONVERTED_LEAD\","
                        + "\"message\":\"cannot reference converted lead\",\"fields\":[]}]}]")));

        var run = runs.find(writeback.run("test").orElseThrow()).orElseThrow();
        assertThat(run.recordsByObject()).containsEntry("Account.failed", 3L).containsEntry("Account.written", 0L);
        var kept = failures.list(new FailureFilter(SalesforceWriteback.RECORD_ROUTE, null, null, null, null), 10);
        assertThat(kept).hasSize(3).allSatisfy(f -> assertThat(f.errorCode()).isEqualTo("FIELD_CUSTOM_VALIDATION_EXCEPTION"));

        var outcome = replay.replay(kept.get(0).id(), "ops");

        assertThat(outcome.result()).isEqualTo(FailureReplay.Result.FAILED_AGAIN);
        var after = failures.find(kept.get(0).id()).orElseThrow();
        assertThat(after.status()).isEqualTo(FailureStatus.FAILED);
        assertThat(after.errorCode()).isEqualTo("CANNOT_UPDATE_CONVERTED_LEAD");
        assertThat(after.attempts()).isGreaterThan(1);
        String id = json.valueToTree(kept.get(0)).path("failureKey").asText().replace("salesforce:Account/", "");
        assertThat(state.find("salesforce:Account", id).orElseThrow().blockedCode()).isEqualTo("CANNOT_UPDATE_CONVERTED_LEAD");
        assertThat(runs.find(writeback.run("test").orElseThrow()).orElseThrow().apiCalls()).as("all three blocked").isZero();
    }

    @Test
    void anOpenSalesforceCircuitPausesTheRunWithoutFailuresAndTheNextRunWritesEverything() {
        SALESFORCE.stubFor(patch(urlPathEqualTo(PATH)).willReturn(okJson("[" + String.join(",",
                List.of(A, B, C).stream().map(id -> "{\"id\":\"" + id + "\",\"success\":true,\"errors\":[]}").toList()) + "]")));
        var breaker = guard.circuitBreaker("salesforce");
        breaker.transitionToOpenState();
        try {
            var paused = runs.find(writeback.run("test").orElseThrow()).orElseThrow();

            assertThat(paused.status()).isEqualTo(Status.PAUSED);
            assertThat(paused.apiCalls()).isZero();
            assertThat(state.count("salesforce:Account", false)).as("nothing counts as written").isZero();
            assertThat(failures.list(new FailureFilter(null, null, null, null, FailureStatus.FAILED), 10)).isEmpty();
            SALESFORCE.verify(0, patchRequestedFor(urlPathEqualTo(PATH)));
        } finally {
            breaker.reset();
        }

        var resumed = runs.find(writeback.run("test").orElseThrow()).orElseThrow();

        assertThat(resumed.status()).isEqualTo(Status.SUCCEEDED);
        assertThat(resumed.recordsByObject()).containsEntry("Account.written", 3L);
        SALESFORCE.verify(1, patchRequestedFor(urlPathEqualTo(PATH)));
    }

    @Test
    void aMalformedAnswerFailsTheRunIntoTheFailedExchangeStoreAndNothingCountsAsWritten() {
        SALESFORCE.stubFor(patch(urlPathEqualTo(PATH)).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "text/html").withBody("<html><body>Service temporarily unavailable</body></html>")));

        camel.sendBodyAndHeader("direct:salesforce-writeback", null, "trigger", "test");

        var run = runs.recent(SalesforceWriteback.JOB, 1).get(0);
        assertThat(run.status()).isEqualTo(Status.FAILED);
        assertThat(run.error()).contains("not JSON");
        assertThat(state.count("salesforce:Account", false)).isZero();
        assertThat(jdbc.queryForObject("select count(*) from writeback_pending", Long.class)).isZero();
        assertThat(failures.list(new FailureFilter("salesforce-writeback", null, null, null, FailureStatus.FAILED), 10))
                .singleElement().satisfies(f -> assertThat(f.failureKey()).isEqualTo("salesforce-writeback"));
    }
}

package io.signalbridge.writeback;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.patch;
import static com.github.tomakehurst.wiremock.client.WireMock.patchRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;

import io.signalbridge.failures.FailedExchange;
import io.signalbridge.failures.FailedExchangeStore;
import io.signalbridge.failures.FailureFilter;
import io.signalbridge.failures.FailureReplay;
import io.signalbridge.failures.FailureReplay.Result;
import io.signalbridge.failures.FailureStatus;
import io.signalbridge.failures.ReplayMappingVersion;
import io.signalbridge.mapping.MappingService;
import io.signalbridge.salesforce.SalesforceDescribeCache;
import io.signalbridge.support.FreePorts;
import io.signalbridge.support.WireMockSalesforceOrg;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A refused record replayed after its mapping changed: with mappingVersion=current it is written with the fields
 * of the active mapping, with original with those of the version it failed under; each replay writes once however
 * often it is asked for; an original version that no longer validates against the describe is not used, and the
 * failure stays FAILED saying why. Salesforce is WireMock (OAuth, Account describe, sObject Collections).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT)
@ActiveProfiles("test")
class WritebackReplayMappingVersionTest {

    static final int PORT = FreePorts.find();
    static final WireMockServer SALESFORCE = new WireMockServer(WireMockConfiguration.options().port(FreePorts.find()));
    static final Path DIRECTORY = Path.of("target/replay-mapping-test-" + UUID.randomUUID());
    static final String PATH = "/services/data/v62.0/composite/sobjects";
    static final String DESCRIBE = "/services/data/v62.0/sobjects/Account/describe";
    static final String NAME = "salesforce-account";
    static final String A = "001000000000001AAA";
    static final String B = "001000000000002AAA";
    static final String C = "001000000000003AAA";
    static final String INTENT = "accountIntentScore6sense__c";
    static final String STAGE = "accountBuyingStage6sense__c";
    static final String PROFILE = "accountProfileScore6sense__c";
    /** The version the records fail under: intent and buying stage. */
    static final String BEFORE = """
            system: salesforce
            object: Account
            fields:
              - source: account.intentScore
                target: accountIntentScore6sense__c
              - source: account.buyingStage
                target: accountBuyingStage6sense__c
            """;
    /** The version active at the replay: buying stage dropped, profile score added. */
    static final String AFTER = """
            system: salesforce
            object: Account
            fields:
              - source: account.intentScore
                target: accountIntentScore6sense__c
              - source: account.profileScore
                target: accountProfileScore6sense__c
            """;

    static {
        SALESFORCE.start();
    }

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("server.port", () -> PORT);
        registry.add("camel.component.salesforce.login-url", SALESFORCE::baseUrl);
        registry.add("signalbridge.mappings.directory", DIRECTORY::toString);
        registry.add("signalbridge.writeback.mappings", () -> NAME);
    }

    @BeforeAll
    static void mappingsDirectory() throws IOException {
        Files.createDirectories(DIRECTORY);
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
    MappingService mappings;
    @Autowired
    SalesforceDescribeCache describe;
    @Autowired
    FailedExchangeStore failures;
    @Autowired
    FailureReplay replay;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    ObjectMapper json;
    @Autowired
    Clock clock;

    int failedUnder;

    @BeforeEach
    void refusedUnderTheFirstVersionThenTheMappingChanged() {
        SALESFORCE.resetAll();
        WireMockSalesforceOrg.stubLogin(SALESFORCE);
        describeFields(INTENT, STAGE, PROFILE);
        describe.evict();
        var fixtures = new WritebackFixtures(jdbc, null, json);
        fixtures.clear();
        fixtures.scoreAccounts(List.of(A, B, C), clock.instant());
        assertThat(mappings.update(NAME, BEFORE, "test", "api").valid()).isTrue();
        failedUnder = mappings.active(NAME).orElseThrow().version();
        String refused = """
                {"success":false,"errors":[{"statusCode":"FIELD_CUSTOM_VALIDATION_EXCEPTION","message":"Stage needs a profile","fields":[]}]}""";
        SALESFORCE.stubFor(patch(urlPathEqualTo(PATH)).inScenario("writes").whenScenarioStateIs(STARTED)
                .willReturn(okJson("[" + refused + "," + refused + "," + refused + "]")).willSetStateTo("replays"));
        SALESFORCE.stubFor(patch(urlPathEqualTo(PATH)).inScenario("writes").whenScenarioStateIs("replays")
                .willReturn(okJson("[{\"success\":true,\"errors\":[]}]")));
        writeback.run("test");
        assertThat(mappings.update(NAME, AFTER, "test", "api").valid()).isTrue();
    }

    @Test
    void eachChoiceWritesTheFieldsOfItsMappingVersionAndAReplayAskedTwiceWritesOnce() throws Exception {
        Map<String, FailedExchange> kept = kept();
        assertThat(kept).containsOnlyKeys(A, B, C);
        assertThat(kept.get(A).headers()).containsEntry(SalesforceWriteback.MAPPING_VERSION, String.valueOf(failedUnder));
        assertThat(json.readTree(kept.get(A).payload()).path(SalesforceWriteback.MAPPING_VERSION).asInt()).isEqualTo(failedUnder);
        assertThat(mappings.active(NAME).orElseThrow().version()).isEqualTo(failedUnder + 1);

        var current = replay.replay(kept.get(A).id(), "ops", ReplayMappingVersion.CURRENT);
        var original = replay.replay(kept.get(B).id(), "ops", ReplayMappingVersion.ORIGINAL);
        var currentAgain = replay.replay(kept.get(A).id(), "ops", ReplayMappingVersion.CURRENT);
        var originalAgain = replay.replay(kept.get(B).id(), "ops", ReplayMappingVersion.ORIGINAL);

        assertThat(List.of(current.result(), original.result())).as(current.detail() + " / " + original.detail())
                .containsOnly(Result.REPLAYED);
        assertThat(List.of(currentAgain.result(), originalAgain.result())).containsOnly(Result.NOT_FAILED);
        Map<String, JsonNode> replayed = replayedRecords();
        assertThat(replayed).as("one write per replayed failure").containsOnlyKeys(A, B);
        assertThat(fieldNames(replayed.get(A))).containsExactlyInAnyOrder(INTENT, PROFILE);
        assertThat(replayed.get(A).path(PROFILE).asInt()).isEqualTo(60);
        assertThat(fieldNames(replayed.get(B))).containsExactlyInAnyOrder(INTENT, STAGE);
        assertThat(replayed.get(B).path(STAGE).asText()).isEqualTo("Consideration");
        assertThat(fieldNames(state.find("salesforce:Account", A).orElseThrow().fields())).containsExactlyInAnyOrder(INTENT, PROFILE);
        assertThat(fieldNames(state.find("salesforce:Account", B).orElseThrow().fields())).containsExactlyInAnyOrder(INTENT, STAGE);
        assertThat(failures.find(kept.get(B).id()).orElseThrow().status()).isEqualTo(FailureStatus.REPLAYED);
        assertThat(failures.auditTrail(kept.get(B).id())).extracting(a -> a.outcome())
                .containsExactly("REPLAYED (mapping version original)", "NOT_FAILED (mapping version original): status is REPLAYED");
    }

    @Test
    void anOriginalVersionThatNoLongerValidatesIsNotUsedAndTheFailureStaysFailedSayingWhy() {
        // an admin deleted the buying-stage field since the failure: the first version no longer validates
        describeFields(INTENT, PROFILE);
        describe.evict();
        long id = kept().get(C).id();

        var original = replay.replay(id, "ops", ReplayMappingVersion.ORIGINAL);

        assertThat(original.result()).isEqualTo(Result.FAILED_AGAIN);
        var failure = failures.find(id).orElseThrow();
        assertThat(failure.status()).isEqualTo(FailureStatus.FAILED);
        assertThat(failure.message()).contains("mapping " + NAME + " version " + failedUnder + " no longer validates against the org's describe")
                .contains("no field " + STAGE + " on Account");
        assertThat(failures.auditTrail(id)).singleElement().satisfies(a -> assertThat(a.outcome())
                .startsWith("FAILED_AGAIN (mapping version original)").contains("no longer validates").contains(STAGE));
        assertThat(replayedRecords()).as("nothing sent").isEmpty();
        assertThat(state.find("salesforce:Account", C).orElseThrow().blockedCode()).as("still blocked").isEqualTo("FIELD_CUSTOM_VALIDATION_EXCEPTION");

        var current = replay.replay(id, "ops", ReplayMappingVersion.CURRENT);

        assertThat(current.result()).as(String.valueOf(current.detail())).isEqualTo(Result.REPLAYED);
        assertThat(fieldNames(replayedRecords().get(C))).containsExactlyInAnyOrder(INTENT, PROFILE);
    }

    private void describeFields(String... names) {
        String fields = List.of(names).stream().map(name -> """
                {"name":"%s","type":"%s","length":%d,"updateable":true,"picklistValues":[]}"""
                .formatted(name, name.equals(STAGE) ? "string" : "double", name.equals(STAGE) ? 40 : 0)).collect(Collectors.joining(","));
        SALESFORCE.stubFor(get(urlPathMatching(DESCRIBE + "/?")).willReturn(okJson("{\"name\":\"Account\",\"fields\":[" + fields + "]}")));
    }

    private Map<String, FailedExchange> kept() {
        return failures.list(new FailureFilter(SalesforceWriteback.RECORD_ROUTE, null, null, null, null), 10).stream()
                .collect(Collectors.toMap(f -> f.failureKey().replace("salesforce:Account/", ""), f -> f));
    }

    /** The records sent by replays (the PATCH calls with one record), by id; fails if one was sent twice. */
    private Map<String, JsonNode> replayedRecords() {
        return SALESFORCE.findAll(patchRequestedFor(urlPathEqualTo(PATH))).stream()
                .map(request -> {
                    try {
                        return json.readTree(request.getBodyAsString()).path("records");
                    } catch (IOException e) {
                        throw new IllegalStateException(e);
                    }
                })
                .filter(records -> records.size() == 1)
                .map(records -> records.get(0))
                .collect(Collectors.toMap(r -> r.path("id").asText(), r -> r));
    }

    private static List<String> fieldNames(JsonNode record) {
        var names = new java.util.ArrayList<String>();
        record.fieldNames().forEachRemaining(names::add);
        names.removeAll(List.of("id", "attributes"));
        return names;
    }
}

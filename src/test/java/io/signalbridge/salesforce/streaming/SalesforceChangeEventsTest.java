package io.signalbridge.salesforce.streaming;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.signalbridge.mapping.MappingService;
import io.signalbridge.salesforce.streaming.ChangeEventSync.Outcome;
import io.signalbridge.sandbox.salesforce.SalesforceDml;
import io.signalbridge.sandbox.salesforce.SalesforceDml.SObjectInput;
import io.signalbridge.sandbox.salesforce.streaming.ChangeEventLog;
import io.signalbridge.signals.SignalStore;
import io.signalbridge.support.FreePorts;
import io.signalbridge.support.ShippedMappings;

import org.apache.camel.CamelContext;
import org.awaitility.Awaitility;
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
 * Issue 18, the product's side: camel-salesforce's CometD subscribe consumer on the sandbox org's /data/ChangeEvents.
 * A record written in the org is in the signal store within seconds, the replay id is kept, the touched accounts are
 * rescored, and a change of the written score fields only (the service's own write-back) is not processed again. A
 * stopped subscription resumes after the last event processed.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT)
@ActiveProfiles("test")
class SalesforceChangeEventsTest {

    static final int PORT = FreePorts.find();
    static final Path MAPPINGS = Path.of("target/streaming-test-" + UUID.randomUUID());
    static final String CHANNEL = "/data/ChangeEvents";

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("server.port", () -> PORT);
        registry.add("signalbridge.salesforce.streaming.enabled", () -> true);
        registry.add("signalbridge.salesforce.streaming.rescore-debounce", () -> "500ms");
        registry.add("signalbridge.mappings.directory", MAPPINGS::toString);
        registry.add("signalbridge.mappings.load-on-start", () -> true);
        registry.add("signalbridge.mappings.reload-interval", () -> "1h");
    }

    @BeforeAll
    static void copyShippedMappings() throws IOException {
        ShippedMappings.copy(MAPPINGS, ShippedMappings.SALESFORCE);
    }

    @Autowired
    SalesforceDml org;
    @Autowired
    SignalStore store;
    @Autowired
    StreamPositions positions;
    @Autowired
    ChangeEventLog changeEvents;
    @Autowired
    ChangeEventSync sync;
    @Autowired
    MappingService mappings;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    CamelContext camel;
    @Autowired
    Freshness freshness;

    @BeforeEach
    void subscribed() {
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> mappings.active("salesforce-account").isPresent());
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() ->
                jdbc.queryForObject("select count(*) from sandbox_cometd_subscription where channel = ?", Integer.class, CHANNEL) > 0);
    }

    @Test
    void anAccountWrittenInTheOrgIsStoredRescoredAndItsReplayIdKept() {
        String name = "Streamed " + UUID.randomUUID();
        long start = System.nanoTime();
        String id = org.create(List.of(new SObjectInput("Account", null, fields().put("Name", name).put("Website", "https://streamed.example"))), false)
                .get(0).id();

        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> store.find("salesforce", id).isPresent());
        long storedMs = (System.nanoTime() - start) / 1_000_000;
        assertThat(store.find("salesforce", id).orElseThrow().fields().path("Name").asText()).isEqualTo(name);

        int scoringRuns = jdbc.queryForObject("select count(*) from scoring_run", Integer.class);
        org.update(List.of(new SObjectInput("Account", id, fields().put("Name", name + " renamed"))), false);
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() ->
                store.find("salesforce", id).orElseThrow().fields().path("Name").asText().equals(name + " renamed"));
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() ->
                positions.find(CHANNEL).map(StreamPositions.Position::replayId).orElse(0L) == changeEvents.latestReplayId());
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() ->
                jdbc.queryForObject("select count(*) from scoring_run", Integer.class) > scoringRuns);
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> freshness.figures().events() > 0);
        System.out.println("Change event to signal store: " + storedMs + " ms; commit to write-back, last hour: " + freshness.figures());
    }

    @Test
    void aChangeOfTheWrittenScoreFieldsOnlyIsTheServicesOwnAndNotProcessed() {
        String id = org.create(List.of(new SObjectInput("Account", null, fields().put("Name", "Own writes"))), false).get(0).id();
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> store.find("salesforce", id).isPresent());
        long own = sync.count(Outcome.OWN_WRITE);

        org.update(List.of(new SObjectInput("Account", id, fields().put("accountIntentScore6sense__c", 88).put("accountBuyingStage6sense__c", "Decision"))),
                false);

        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> sync.count(Outcome.OWN_WRITE) > own);
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() ->
                positions.find(CHANNEL).map(StreamPositions.Position::replayId).orElse(0L) >= changeEvents.latestReplayId());
    }

    @Test
    void aStoppedSubscriptionResumesAfterTheLastProcessedEvent() throws Exception {
        String before = org.create(List.of(new SObjectInput("Account", null, fields().put("Name", "Before the stop"))), false).get(0).id();
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> store.find("salesforce", before).isPresent());
        camel.getRouteController().stopRoute(StreamingRoutes.ROUTE_ID);
        String id = org.create(List.of(new SObjectInput("Account", null, fields().put("Name", "Written while not subscribed"))), false).get(0).id();
        assertThat(store.find("salesforce", id)).isEmpty();

        camel.getRouteController().startRoute(StreamingRoutes.ROUTE_ID);

        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> store.find("salesforce", id).isPresent());
    }

    private static ObjectNode fields() {
        return JsonNodeFactory.instance.objectNode();
    }
}

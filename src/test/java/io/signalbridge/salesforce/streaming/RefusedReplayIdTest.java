package io.signalbridge.salesforce.streaming;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;

import io.signalbridge.sandbox.salesforce.SalesforceDml;
import io.signalbridge.sandbox.salesforce.SalesforceDml.SObjectInput;
import io.signalbridge.sandbox.salesforce.streaming.ChangeEventLog;
import io.signalbridge.signals.SignalStore;
import io.signalbridge.support.FreePorts;

import org.apache.camel.CamelContext;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A stored replay id the org refuses (its events are gone, e.g. after a sandbox refresh): camel-salesforce falls back to
 * new events, the service catches up by a pull from the watermarks, and the stream goes on. The subscription is a
 * leader route with no election here, so it starts only when the test starts it, with the refused id stored.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT)
@ActiveProfiles("test")
class RefusedReplayIdTest {

    static final int PORT = FreePorts.find();
    static final String CHANNEL = "/data/ChangeEvents";

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("server.port", () -> PORT);
        registry.add("signalbridge.salesforce.streaming.enabled", () -> true);
        registry.add("signalbridge.cluster.leader.enabled", () -> false);
        registry.add("signalbridge.cluster.leader.routes", () -> StreamingRoutes.ROUTE_ID);
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
    JdbcTemplate jdbc;
    @Autowired
    CamelContext camel;

    @Test
    void aRefusedReplayIdIsCaughtUpByAPullAndTheStreamGoesOnWithNewEvents() throws Exception {
        String missed = org.create(List.of(new SObjectInput("Account", null, JsonNodeFactory.instance.objectNode().put("Name", "Missed by the stream"))),
                false).get(0).id();
        positions.processed(CHANNEL, 987_654_321L, Instant.now());

        camel.getRouteController().startRoute(StreamingRoutes.ROUTE_ID);

        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> store.find("salesforce", missed).isPresent());
        assertThat(jdbc.queryForObject("select count(*) from sync_run where trigger_kind = 'catch-up'", Integer.class)).isPositive();
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() ->
                jdbc.queryForObject("select count(*) from sandbox_cometd_subscription where channel = ?", Integer.class, CHANNEL) > 0);
        String next = org.create(List.of(new SObjectInput("Account", null, JsonNodeFactory.instance.objectNode().put("Name", "After the catch-up"))),
                false).get(0).id();
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> store.find("salesforce", next).isPresent());
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() ->
                positions.find(CHANNEL).map(StreamPositions.Position::replayId).orElse(0L) == changeEvents.latestReplayId());
    }
}

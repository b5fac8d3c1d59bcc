package io.signalbridge.salesforce.streaming;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;

import io.signalbridge.salesforce.streaming.ChangeEventSync.Outcome;
import io.signalbridge.sandbox.salesforce.SalesforceDml;
import io.signalbridge.sandbox.salesforce.SalesforceDml.SObjectInput;
import io.signalbridge.sandbox.salesforce.streaming.ChangeEventLog;
import io.signalbridge.sandbox.salesforce.streaming.StreamingFaults;
import io.signalbridge.signals.SignalStore;
import io.signalbridge.support.FreePorts;
import io.signalbridge.support.PostgresTestSupport;

import org.apache.camel.CamelContext;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Issue 18's faults of the stream, on PostgreSQL against the sandbox org: the server cuts a connect off mid-response,
 * the server forgets its sessions, an event is delivered twice, a stored replay id is past the retention. Each time:
 * every record written in the org is in the signal store once, the stored replay id reaches the org's newest, and it
 * never goes back.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT)
@ActiveProfiles("test")
class ChangeEventFaultsOnPostgresTest extends PostgresTestSupport {

    static final int PORT = FreePorts.find();
    static final String CHANNEL = "/data/ChangeEvents";

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("server.port", () -> PORT);
        registry.add("signalbridge.salesforce.streaming.enabled", () -> true);
        registry.add("signalbridge.salesforce.streaming.rescore-debounce", () -> "300ms");
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
    StreamingFaults faults;
    @Autowired
    ChangeEventSync sync;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    CamelContext camel;

    @BeforeEach
    void subscribed() {
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() ->
                jdbc.queryForObject("select count(*) from sandbox_cometd_subscription where channel = ?", Integer.class, CHANNEL) > 0);
    }

    @Test
    void aConnectCutOffMidResponseLosesNothing() {
        var before = accounts("Before the cut", 1);
        awaitStored(before);
        faults.cutNextDelivery();

        var written = accounts("Cut off", 5);

        awaitStored(written);
        awaitPositionAtTheOrgsNewest();
        assertThat(faults.cutsMade()).as("the connect was cut").isPositive();
        assertStoredOnce(written);
    }

    @Test
    void theServerForgettingItsSessionsLosesNothing() {
        awaitStored(accounts("Before the sessions end", 1));

        faults.endSessions();
        var written = accounts("After the sessions ended", 3);

        awaitStored(written);
        awaitPositionAtTheOrgsNewest();
        assertStoredOnce(written);
    }

    @Test
    void anEventDeliveredAgainChangesNothingAndRescoresNothing() throws InterruptedException {
        int runsBefore = finishedScoringRuns();
        var written = accounts("Delivered twice", 1);
        awaitStored(written);
        awaitPositionAtTheOrgsNewest();
        Awaitility.await("the event's rescoring").atMost(Duration.ofSeconds(30)).until(() -> finishedScoringRuns() > runsBefore);
        Awaitility.await("no rescoring due").pollDelay(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(30)).until(this::noRescoringDue);
        long position = positions.find(CHANNEL).orElseThrow().replayId();
        long unchanged = sync.count(Outcome.UNCHANGED);
        int runs = finishedScoringRuns();

        faults.redeliverFrom(position - 1);

        stream("delivered again").atMost(Duration.ofSeconds(10)).until(() -> sync.count(Outcome.UNCHANGED) > unchanged);
        Thread.sleep(1_500);
        assertThat(positions.find(CHANNEL).orElseThrow().replayId()).as("never moved back").isEqualTo(position);
        assertThat(finishedScoringRuns()).as("no rescoring for an event already stored").isEqualTo(runs);
        assertStoredOnce(written);
    }

    @Test
    void aReplayIdPastTheRetentionIsCaughtUpByAPull() throws Exception {
        camel.getRouteController().stopRoute(StreamingRoutes.ROUTE_ID);
        var missed = accounts("Written while the stored id expired", 2);
        positions.forget(CHANNEL);
        positions.processed(CHANNEL, changeEvents.latestReplayId() - 2, Instant.now().minus(Duration.ofHours(80)));
        int catchUps = jdbc.queryForObject("select count(*) from sync_run where trigger_kind = 'catch-up'", Integer.class);

        camel.getRouteController().startRoute(StreamingRoutes.ROUTE_ID);

        awaitStored(missed);
        assertThat(jdbc.queryForObject("select count(*) from sync_run where trigger_kind = 'catch-up'", Integer.class)).isGreaterThan(catchUps);
        subscribed();
        var next = accounts("After the catch-up", 1);
        awaitStored(next);
        awaitPositionAtTheOrgsNewest();
        assertStoredOnce(missed);
    }

    private List<String> accounts(String prefix, int count) {
        var ids = new ArrayList<String>();
        for (int i = 0; i < count; i++) {
            // one save per record: one change event each
            ids.add(org.create(List.of(new SObjectInput("Account", null,
                    JsonNodeFactory.instance.objectNode().put("Name", prefix + " " + i + " " + UUID.randomUUID()))), false).get(0).id());
        }
        return ids;
    }

    private void awaitStored(List<String> ids) {
        stream("stored: " + ids).atMost(Duration.ofSeconds(45)).until(() -> ids.stream().allMatch(id -> store.find("salesforce", id).isPresent()));
    }

    private void awaitPositionAtTheOrgsNewest() {
        stream("the stored replay id reaches the org's newest").atMost(Duration.ofSeconds(20)).until(() ->
                positions.find(CHANNEL).map(StreamPositions.Position::replayId).orElse(0L) == changeEvents.latestReplayId());
    }

    /**
     * An await that lets other threads throw: on a cut connection camel-salesforce asks CometD to handshake while CometD
     * is already retrying on its own, and that call throws (IllegalStateException: Invalid state UNCONNECTED) in a
     * worker thread; CometD's own retry goes on.
     */
    private static ConditionFactory stream(String alias) {
        return Awaitility.await(alias).dontCatchUncaughtExceptions();
    }

    private void assertStoredOnce(List<String> ids) {
        assertThat(jdbc.queryForObject("select count(*) from signal_record where source = 'salesforce' and id in ('" + String.join("','", ids) + "')",
                Integer.class)).isEqualTo(ids.size());
    }

    /** No scoring run under way, and none started within the last second and a half (the debounce is 300 ms). */
    private boolean noRescoringDue() {
        return jdbc.queryForObject("select count(*) from scoring_run where status = 'RUNNING' or started_at > ?", Integer.class,
                java.time.LocalDateTime.now(java.time.ZoneOffset.UTC).minusNanos(1_500_000_000L)) == 0;
    }

    private int finishedScoringRuns() {
        return jdbc.queryForObject("select count(*) from scoring_run where status <> 'RUNNING'", Integer.class);
    }
}

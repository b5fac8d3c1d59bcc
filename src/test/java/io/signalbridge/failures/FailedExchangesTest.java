package io.signalbridge.failures;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import io.signalbridge.failures.FailureReplay.Result;

import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ActiveProfiles;

/** The error policy of every route, the failed-exchange store and replay, through a test-only flaky route. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles({"sandbox", "test"})
@Import(FlakyTestRoute.class)
class FailedExchangesTest {

    @Autowired
    ProducerTemplate camel;
    @Autowired
    FlakyTestRoute.FlakyStep step;
    @Autowired
    FailedExchangeStore store;
    @Autowired
    FailureReplay replay;
    @Autowired
    RedeliveryProperties redelivery;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    TestRestTemplate http;

    @BeforeEach
    void emptyStore() {
        jdbc.update("delete from failed_exchange_audit");
        jdbc.update("delete from failed_exchange");
    }

    @Test
    void afterItsRetriesAFailingExchangeIsKeptOnceWithoutSecrets() {
        step.reset(Integer.MAX_VALUE);

        send("order-1", "{\"account\":\"001A\"}");

        assertThat(step.deliveries).as("first delivery and its redeliveries").hasValue(redelivery.maxAttempts());
        List<FailedExchange> kept = store.list(all(), 10);
        assertThat(kept).hasSize(1);
        FailedExchange failure = kept.get(0);
        assertThat(failure.routeId()).isEqualTo(FlakyTestRoute.ROUTE_ID);
        assertThat(failure.failureKey()).isEqualTo("order-1");
        assertThat(failure.status()).isEqualTo(FailureStatus.FAILED);
        assertThat(failure.attempts()).isEqualTo(1);
        assertThat(failure.payload()).isEqualTo("{\"account\":\"001A\"}");
        assertThat(failure.errorClass()).isEqualTo(FlakyTestRoute.RemoteRefusal.class.getName());
        assertThat(failure.errorCode()).isEqualTo("TEST_REFUSED");
        assertThat(failure.replayTarget()).isEqualTo("direct://test-flaky");
        assertThat(failure.headers()).containsOnlyKeys("failureKey", "accountId");
        assertThat(failure.message()).contains("remote refused").doesNotContain("hunter2", "FakeSessionToken");
        assertThat(jdbc.queryForObject("select headers || ' ' || message from failed_exchange", String.class))
                .doesNotContain("hunter2", "s3cr3t", "bearer-value", "sess-1", "sig-1", "FakeSessionToken");
    }

    @Test
    void theSameExchangeFailingAgainCountsAnAttemptInsteadOfAddingARow() {
        step.reset(Integer.MAX_VALUE);

        send("order-2", "first");
        send("order-2", "second");
        send("order-3", "other");

        assertThat(store.list(all(), 10)).extracting(FailedExchange::failureKey, FailedExchange::attempts)
                .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple("order-2", 2), org.assertj.core.groups.Tuple.tuple("order-3", 1));
    }

    @Test
    void aReplayThatGoesThroughMarksReplayedAndASecondReplayDoesNothing() {
        long id = failedOnce("order-4", "payload-4");

        var first = replay.replay(id, "ops");
        var second = replay.replay(id, "ops");

        assertThat(first.result()).isEqualTo(Result.REPLAYED);
        assertThat(second.result()).isEqualTo(Result.NOT_FAILED);
        assertThat(step.deliveries).as("entered the route once").hasValue(1);
        var delivered = step.received.get(0).getMessage();
        assertThat(delivered.getBody(String.class)).isEqualTo("payload-4");
        assertThat(delivered.getHeader("accountId")).isEqualTo("001B");
        assertThat(store.find(id).orElseThrow().status()).isEqualTo(FailureStatus.REPLAYED);
        assertThat(store.auditTrail(id)).extracting(FailureAudit::actor, FailureAudit::action)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("ops", "REPLAY"), org.assertj.core.groups.Tuple.tuple("ops", "REPLAY"));
        assertThat(store.auditTrail(id).get(1).outcome()).contains("NOT_FAILED", "REPLAYED");
    }

    @Test
    void aReplayThatFailsAgainStaysFailedWithOneMoreAttempt() {
        long id = failedOnce("order-5", "payload-5");
        step.reset(Integer.MAX_VALUE);

        var outcome = replay.replay(id, "ops");

        assertThat(outcome.result()).isEqualTo(Result.FAILED_AGAIN);
        assertThat(outcome.detail()).contains("TEST_REFUSED").doesNotContain("hunter2");
        var failure = store.find(id).orElseThrow();
        assertThat(failure.status()).isEqualTo(FailureStatus.FAILED);
        assertThat(failure.attempts()).isEqualTo(2);
        assertThat(store.list(all(), 10)).hasSize(1);
        assertThat(store.auditTrail(id)).singleElement().satisfies(a -> assertThat(a.outcome()).startsWith("FAILED_AGAIN"));
    }

    @Test
    void aDiscardedFailureIsNotReplayed() {
        long id = failedOnce("order-6", "payload-6");

        assertThat(replay.discard(id, "admin").result()).isEqualTo(Result.DISCARDED);
        assertThat(replay.replay(id, "admin").result()).isEqualTo(Result.NOT_FAILED);
        assertThat(replay.discard(id, "admin").result()).isEqualTo(Result.NOT_FAILED);

        assertThat(step.deliveries).hasValue(0);
        assertThat(store.find(id).orElseThrow().status()).isEqualTo(FailureStatus.DISCARDED);
        assertThat(store.auditTrail(id)).extracting(FailureAudit::action).containsExactly("DISCARD", "REPLAY", "DISCARD");
    }

    @Test
    void aFailureReplayedOrDiscardedOpensANewRowWhenTheSameWorkFailsLater() {
        long id = failedOnce("order-7", "payload-7");
        replay.discard(id, "ops");
        step.reset(Integer.MAX_VALUE);

        send("order-7", "payload-7");

        assertThat(store.list(all(), 10)).extracting(FailedExchange::status)
                .containsExactlyInAnyOrder(FailureStatus.DISCARDED, FailureStatus.FAILED);
    }

    @Test
    void viewersReadFailuresButOnlyOperationsAndAdminsReplayOrDiscard() {
        long id = failedOnce("order-8", "payload-8");

        var list = http.withBasicAuth("viewer", "sandbox").getForEntity("/api/failures?route=test-flaky&errorCode=TEST_REFUSED&status=FAILED", JsonNode.class);
        assertThat(list.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(list.getBody()).hasSize(1);
        assertThat(http.withBasicAuth("viewer", "sandbox").getForEntity("/api/failures?route=other-route", JsonNode.class).getBody()).isEmpty();
        assertThat(http.withBasicAuth("viewer", "sandbox").getForEntity("/api/failures/" + id, JsonNode.class).getBody()
                .path("failure").path("errorCode").asText()).isEqualTo("TEST_REFUSED");
        assertThat(http.withBasicAuth("viewer", "sandbox").postForEntity("/api/failures/" + id + "/replay", null, String.class)
                .getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
        assertThat(http.withBasicAuth("viewer", "sandbox").postForEntity("/api/failures/" + id + "/discard", null, String.class)
                .getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
        assertThat(http.withBasicAuth("viewer", "sandbox").postForEntity("/api/failures/replay", null, String.class)
                .getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
        assertThat(step.deliveries).hasValue(0);

        var replayed = http.withBasicAuth("ops", "sandbox").postForEntity("/api/failures/" + id + "/replay", null, JsonNode.class);
        assertThat(replayed.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(replayed.getBody().path("result").asText()).isEqualTo("REPLAYED");
        assertThat(http.withBasicAuth("ops", "sandbox").postForEntity("/api/failures/" + id + "/replay", null, JsonNode.class)
                .getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
        assertThat(http.withBasicAuth("admin", "sandbox").postForEntity("/api/failures/404404/discard", null, JsonNode.class)
                .getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
        var audit = http.withBasicAuth("viewer", "sandbox").getForEntity("/api/failures/" + id, JsonNode.class).getBody().path("audit");
        assertThat(audit).hasSize(2);
        assertThat(audit.get(0).path("actor").asText()).isEqualTo("ops");
    }

    @Test
    void theReplayApiPassesTheChosenMappingVersionToTheRouteAndRefusesAnUnknownChoice() {
        long original = failedOnce("order-9", "payload-9");
        long current = failedOnce("order-10", "payload-10");
        long unknown = failedOnce("order-11", "payload-11");

        var replayed = http.withBasicAuth("ops", "sandbox").postForEntity("/api/failures/" + original + "/replay?mappingVersion=original", null,
                JsonNode.class);
        assertThat(replayed.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(replayed.getBody().path("result").asText()).isEqualTo("REPLAYED");
        assertThat(http.withBasicAuth("ops", "sandbox").postForEntity("/api/failures/" + current + "/replay", null, JsonNode.class)
                .getStatusCode()).isEqualTo(HttpStatus.OK);
        var refused = http.withBasicAuth("ops", "sandbox").postForEntity("/api/failures/" + unknown + "/replay?mappingVersion=newest", null,
                JsonNode.class);

        assertThat(step.received).extracting(e -> e.getMessage().getBody(String.class) + " " + e.getMessage().getHeader(ReplayMappingVersion.HEADER))
                .containsExactly("payload-9 original", "payload-10 current");
        assertThat(refused.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(refused.getBody().path("error").asText()).contains("original or current").contains("newest");
        assertThat(store.find(unknown).orElseThrow().status()).isEqualTo(FailureStatus.FAILED);
        assertThat(store.auditTrail(original)).singleElement().satisfies(a -> assertThat(a.outcome()).startsWith("REPLAYED (mapping version original)"));
        assertThat(store.auditTrail(current)).singleElement().satisfies(a -> assertThat(a.outcome()).startsWith("REPLAYED (mapping version current)"));

        step.reset(Integer.MAX_VALUE);
        send("order-12", "payload-12");
        step.reset(0);
        var bulk = http.withBasicAuth("admin", "sandbox").postForEntity("/api/failures/replay?route=test-flaky&mappingVersion=ORIGINAL", null,
                JsonNode.class);
        assertThat(bulk.getBody().path("mappingVersion").asText()).isEqualTo("original");
        assertThat(bulk.getBody().path("replayed").asInt()).isEqualTo(2);
        assertThat(step.received).extracting(e -> e.getMessage().getHeader(ReplayMappingVersion.HEADER)).containsOnly("original");
    }

    @Test
    void startUpReleasesTheReplaysADeadProcessLeftButNotOneRunningHere() throws Exception {
        long dead = failedOnce("order-13", "payload-13");
        long live = failedOnce("order-14", "payload-14");
        jdbc.update("update failed_exchange set status = 'REPLAYING' where id = ?", dead);
        var gate = new java.util.concurrent.CountDownLatch(1);
        step.gate = gate;
        var running = java.util.concurrent.CompletableFuture.supplyAsync(() -> replay.replay(live, "ops"));
        try {
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).until(() -> step.deliveries.get() == 1);

            replay.releaseInterruptedReplays();

            assertThat(store.find(dead).orElseThrow().status()).isEqualTo(FailureStatus.FAILED);
            assertThat(store.find(live).orElseThrow().status()).as("its replay is still running").isEqualTo(FailureStatus.REPLAYING);
        } finally {
            gate.countDown();
        }
        assertThat(running.get().result()).isEqualTo(Result.REPLAYED);
    }

    @Test
    void startUpLeavesAReplayThatAnotherNodeIsRunningAndRefusesToReplayItHere() {
        long elsewhere = failedOnce("order-15", "payload-15");
        jdbc.update("update failed_exchange set status = 'REPLAYING' where id = ?", elsewhere);
        // the lease of that node's replay, renewed by it
        jdbc.update("insert into job_lease (job, owner, acquired_at, expires_at) values (?, 'another-node', localtimestamp, ?)",
                "failed-exchange-" + elsewhere, java.time.LocalDateTime.now(java.time.ZoneOffset.UTC).plusMinutes(1));
        try {
            replay.releaseInterruptedReplays();
            assertThat(store.find(elsewhere).orElseThrow().status()).as("running on another node").isEqualTo(FailureStatus.REPLAYING);
            assertThat(replay.replay(elsewhere, "ops").result()).isEqualTo(Result.NOT_FAILED);

            jdbc.update("update job_lease set expires_at = ? where job = ?", java.time.LocalDateTime.now(java.time.ZoneOffset.UTC).minusSeconds(1),
                    "failed-exchange-" + elsewhere);
            replay.releaseInterruptedReplays();
            assertThat(store.find(elsewhere).orElseThrow().status()).as("that node died: its lease expired").isEqualTo(FailureStatus.FAILED);
        } finally {
            jdbc.update("delete from job_lease where job = ?", "failed-exchange-" + elsewhere);
        }
    }

    @Test
    void bulkReplayReplaysTheFailedExchangesTheFiltersSelect() {
        step.reset(Integer.MAX_VALUE);
        send("bulk-1", "a");
        send("bulk-2", "b");
        send("bulk-3", "c");
        long discarded = store.list(all(), 10).stream().filter(f -> f.failureKey().equals("bulk-3")).findFirst().orElseThrow().id();
        replay.discard(discarded, "ops");
        step.reset(0);

        var response = http.withBasicAuth("admin", "sandbox").postForEntity("/api/failures/replay?route=test-flaky", null, JsonNode.class);

        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(response.getBody().path("replayed").asInt()).isEqualTo(2);
        assertThat(step.received).extracting(e -> e.getMessage().getBody(String.class)).containsExactly("a", "b");
        assertThat(store.list(all(), 10)).extracting(FailedExchange::status)
                .containsExactlyInAnyOrder(FailureStatus.REPLAYED, FailureStatus.REPLAYED, FailureStatus.DISCARDED);
    }

    private long failedOnce(String key, String payload) {
        step.reset(Integer.MAX_VALUE);
        send(key, payload);
        step.reset(0);
        return store.list(all(), 10).stream().filter(f -> f.failureKey().equals(key)).findFirst().orElseThrow().id();
    }

    private void send(String key, String payload) {
        Map<String, Object> headers = new LinkedHashMap<>();
        headers.put("failureKey", key);
        headers.put("accountId", key.equals("order-4") ? "001B" : "001A");
        headers.put("Authorization", "Bearer bearer-value");
        headers.put("X-SFDC-Session", "sess-1");
        headers.put("apiToken", "s3cr3t");
        headers.put("client_secret", "s3cr3t");
        headers.put("Password", "hunter2");
        headers.put("X-Hub-Signature", "sig-1");
        headers.put("attachment", new Object());
        camel.send(FlakyTestRoute.URI, exchange -> {
            exchange.getIn().setHeaders(headers);
            exchange.getIn().setBody(payload);
        });
    }

    private static FailureFilter all() {
        return new FailureFilter(null, null, null, null, null);
    }
}

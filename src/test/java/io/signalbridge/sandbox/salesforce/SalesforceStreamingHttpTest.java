package io.signalbridge.sandbox.salesforce;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;

import io.signalbridge.sandbox.SandboxTokenStore;
import io.signalbridge.sandbox.salesforce.streaming.ChangeEventLog;

import org.cometd.bayeux.Message;
import org.cometd.client.BayeuxClient;
import org.cometd.client.http.jetty.JettyHttpClientTransport;
import org.eclipse.jetty.client.Request;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** The Streaming API of the sandbox org: Bayeux over long polling, Change Data Capture events of every write path. */
class SalesforceStreamingHttpTest extends SalesforceSandboxHttpTestSupport {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String INVALID_REPLAY = "400::The replayId {%d} you provided was invalid.  Please provide a valid ID,"
            + " -2 to replay all events, or -1 to replay only new events.";

    @Autowired
    ChangeEventLog changeEvents;

    @Test
    void aCometdClientReceivesTheChangeEventOfARestUpdateWithItsHeader() throws Exception {
        var account = insert("Account", 1, Instant.parse("2025-03-01T00:00:00Z"), (i, f) -> f.put("Name", "Streamed " + UUID.randomUUID())).get(0);
        var http = new org.eclipse.jetty.client.HttpClient();
        http.start();
        String token = streamingToken();
        var transport = new JettyHttpClientTransport(new java.util.HashMap<>(), http) {
            @Override
            protected void customize(Request request) {
                super.customize(request);
                request.headers(headers -> headers.put("Authorization", "Bearer " + token));
            }
        };
        var client = new BayeuxClient("http://localhost:" + port + "/sandbox/salesforce/cometd/62.0", transport);
        try {
            client.handshake();
            assertThat(client.waitFor(10_000, BayeuxClient.State.CONNECTED)).isTrue();
            BlockingQueue<Message> received = new LinkedBlockingQueue<>();
            var subscribed = new CompletableFuture<Message>();
            client.getChannel("/data/AccountChangeEvent").subscribe((channel, message) -> received.add(message), subscribed::complete);
            assertThat(subscribed.get(10, TimeUnit.SECONDS).isSuccessful()).isTrue();

            long start = System.nanoTime();
            assertThat(call("PATCH", DATA + "/sobjects/Account/" + account.id(), "{\"accountBuyingStage6sense__c\":\"Decision\"}").status())
                    .isEqualTo(204);
            Message message = received.poll(10, TimeUnit.SECONDS);
            long latencyMs = (System.nanoTime() - start) / 1_000_000;

            assertThat(message).isNotNull();
            assertThat(message.getChannel()).isEqualTo("/data/AccountChangeEvent");
            JsonNode data = json.valueToTree(new java.util.HashMap<>(message)).path("data");
            JsonNode header = data.path("payload").path("ChangeEventHeader");
            assertThat(header.path("entityName").asText()).isEqualTo("Account");
            assertThat(header.path("changeType").asText()).isEqualTo("UPDATE");
            assertThat(header.path("recordIds").get(0).asText()).isEqualTo(account.id());
            assertThat(header.path("changedFields")).extracting(JsonNode::asText)
                    .containsExactlyInAnyOrder("accountBuyingStage6sense__c", "LastModifiedDate");
            assertThat(header.path("commitUser").asText()).isEqualTo(SalesforceOAuthController.USER_ID);
            assertThat(header.path("changeOrigin").asText()).isEqualTo("com/salesforce/api/rest/62.0");
            assertThat(header.path("commitTimestamp").asLong()).isPositive();
            assertThat(header.path("sequenceNumber").asInt()).isEqualTo(1);
            assertThat(header.path("transactionKey").asText()).isNotBlank();
            assertThat(data.path("payload").path("accountBuyingStage6sense__c").asText()).isEqualTo("Decision");
            assertThat(data.path("payload").has("Name")).isFalse();
            assertThat(data.path("event").path("replayId").asLong()).isPositive();
            assertThat(data.path("schema").asText()).hasSize(22);
            assertThat(latencyMs).as("from the REST write to the subscriber").isLessThan(2_000);
            System.out.println("Change event latency, REST update to CometD subscriber: " + latencyMs + " ms");
        } finally {
            client.disconnect(5_000);
            http.stop();
        }
    }

    @Test
    void replayMinusTwoReplaysTheRetainedEventsOfCollectionsAndBulkWritesAndAReplayIdResumesAfterIt() throws Exception {
        long before = changeEvents.latestReplayId();
        var accounts = insert("Account", 2, Instant.parse("2025-03-01T00:00:00Z"), (i, f) -> f.put("Name", "Replay " + i));
        assertThat(call("PATCH", DATA + "/composite/sobjects", """
                {"allOrNone":false,"records":[{"attributes":{"type":"Account"},"id":"%s","accountIntentScore6sense__c":77}]}"""
                .formatted(accounts.get(0).id())).status()).isEqualTo(200);
        String contactId = call("POST", DATA + "/sobjects/Contact", "{\"LastName\":\"Streamer\",\"AccountId\":\"" + accounts.get(1).id() + "\"}")
                .body().path("id").asText();
        String jobId = call("POST", DATA + "/jobs/ingest", "{\"object\":\"Account\",\"operation\":\"update\",\"lineEnding\":\"LF\"}")
                .body().path("id").asText();
        put(DATA + "/jobs/ingest/" + jobId + "/batches", "Id,accountProfileFit6sense__c\n" + accounts.get(1).id() + ",Strong\n");
        call("PATCH", DATA + "/jobs/ingest/" + jobId, "{\"state\":\"UploadComplete\"}");
        awaitReplayIdAbove(before + 2);
        assertThat(call("DELETE", DATA + "/sobjects/Contact/" + contactId, null).status()).isEqualTo(204);

        String clientId = handshake();
        JsonNode subscribe = bayeux(streamingToken(), """
                [{"channel":"/meta/subscribe","clientId":"%s","subscription":"/data/ChangeEvents","id":"2","ext":{"replay":{"/data/ChangeEvents":-2}}}]"""
                .formatted(clientId)).get(0);
        assertThat(subscribe.path("successful").asBoolean()).as(subscribe.toString()).isTrue();
        var ids = java.util.Set.of(accounts.get(0).id(), accounts.get(1).id(), contactId);
        java.util.function.Predicate<JsonNode> ofMine = e -> e.path("data").path("event").path("replayId").asLong() > before
                && ids.contains(e.path("data").path("payload").path("ChangeEventHeader").path("recordIds").path(0).asText());
        List<JsonNode> events = connectUntil(clientId, 4, ofMine);
        var mine = events.stream().filter(ofMine).toList();
        assertThat(mine).extracting(e -> e.path("data").path("payload").path("ChangeEventHeader").path("entityName").asText() + " "
                        + e.path("data").path("payload").path("ChangeEventHeader").path("changeType").asText())
                .containsExactly("Account UPDATE", "Contact CREATE", "Account UPDATE", "Contact DELETE");
        assertThat(mine.get(1).path("data").path("payload").path("LastName").asText()).isEqualTo("Streamer");
        assertThat(mine.get(2).path("data").path("payload").path("ChangeEventHeader").path("changedFields").toString()).contains("accountProfileFit6sense__c");

        long second = mine.get(1).path("data").path("event").path("replayId").asLong();
        String resumed = handshake();
        JsonNode resume = bayeux(streamingToken(), """
                [{"channel":"/meta/subscribe","clientId":"%s","subscription":"/data/ContactChangeEvent","id":"2","ext":{"replay":{"/data/ContactChangeEvent":%d}}}]"""
                .formatted(resumed, second)).get(0);
        assertThat(resume.path("successful").asBoolean()).as(resume.toString()).isTrue();
        List<JsonNode> after = connectUntil(resumed, 1, e -> true);
        assertThat(after).hasSize(1);
        assertThat(after.get(0).path("channel").asText()).isEqualTo("/data/ContactChangeEvent");
        assertThat(after.get(0).path("data").path("payload").path("ChangeEventHeader").path("changeType").asText()).isEqualTo("DELETE");
    }

    @Test
    void anUnknownOrExpiredReplayIdIsRefusedWithSalesforcesError() throws Exception {
        long expired = changeEvents.append(List.of(new ChangeEventLog.NewEvent("Account", "{\"ChangeEventHeader\":{}}")),
                Instant.now().minus(Duration.ofHours(73)));
        String clientId = handshake();
        for (long replayId : new long[] {expired, 987_654_321L}) {
            JsonNode reply = bayeux(streamingToken(), """
                    [{"channel":"/meta/subscribe","clientId":"%s","subscription":"/data/AccountChangeEvent","id":"3","ext":{"replay":{"/data/AccountChangeEvent":%d}}}]"""
                    .formatted(clientId, replayId)).get(0);
            assertThat(reply.path("successful").asBoolean()).isFalse();
            assertThat(reply.path("error").asText()).isEqualTo(INVALID_REPLAY.formatted(replayId));
            assertThat(reply.path("subscription").asText()).isEqualTo("/data/AccountChangeEvent");
        }
    }

    @Test
    void badTokensUnknownClientsAndUnknownChannelsGetSalesforcesErrors() throws Exception {
        JsonNode denied = bayeux("not-a-token", "[{\"channel\":\"/meta/handshake\",\"version\":\"1.0\",\"supportedConnectionTypes\":[\"long-polling\"],\"id\":\"1\"}]").get(0);
        assertThat(denied.path("successful").asBoolean()).isFalse();
        assertThat(denied.path("error").asText()).isEqualTo("403::Handshake denied");
        assertThat(denied.path("ext").path("sfdc").path("failureReason").asText()).isEqualTo("401::Authentication invalid");
        assertThat(denied.path("advice").path("reconnect").asText()).isEqualTo("none");

        JsonNode unknown = bayeux(streamingToken(), "[{\"channel\":\"/meta/connect\",\"clientId\":\"nope\",\"connectionType\":\"long-polling\",\"id\":\"2\"}]").get(0);
        assertThat(unknown.path("error").asText()).isEqualTo("403::Unknown client");
        assertThat(unknown.path("advice").path("reconnect").asText()).isEqualTo("handshake");

        String clientId = handshake();
        JsonNode noChannel = bayeux(streamingToken(), "[{\"channel\":\"/meta/subscribe\",\"clientId\":\"" + clientId
                + "\",\"subscription\":\"/data/WidgetChangeEvent\",\"id\":\"3\"}]").get(0);
        assertThat(noChannel.path("successful").asBoolean()).isFalse();
        assertThat(noChannel.path("error").asText()).startsWith("400::");

        JsonNode expiredSession = bayeux("not-a-token", "[{\"channel\":\"/meta/connect\",\"clientId\":\"" + clientId
                + "\",\"connectionType\":\"long-polling\",\"id\":\"4\"}]").get(0);
        assertThat(expiredSession.path("error").asText()).isEqualTo("401::Authentication invalid");
        assertThat(expiredSession.path("advice").path("reconnect").asText()).isEqualTo("handshake");

        JsonNode disconnected = bayeux(streamingToken(), "[{\"channel\":\"/meta/disconnect\",\"clientId\":\"" + clientId + "\",\"id\":\"5\"}]").get(0);
        assertThat(disconnected.path("successful").asBoolean()).isTrue();
        JsonNode gone = bayeux(streamingToken(), "[{\"channel\":\"/meta/connect\",\"clientId\":\"" + clientId
                + "\",\"connectionType\":\"long-polling\",\"id\":\"6\"}]").get(0);
        assertThat(gone.path("error").asText()).isEqualTo("403::Unknown client");
    }

    @Test
    void aLongPollWaitsForTheNextEventAndAnswersAtOnceWhenItComes() throws Exception {
        var account = insert("Account", 1, Instant.parse("2025-03-01T00:00:00Z"), (i, f) -> f.put("Name", "Waiting")).get(0);
        String clientId = handshake();
        bayeux(streamingToken(), "[{\"channel\":\"/meta/subscribe\",\"clientId\":\"" + clientId + "\",\"subscription\":\"/data/AccountChangeEvent\",\"id\":\"2\"}]");
        connect(clientId); // the first connect answers at once
        var poll = CompletableFuture.supplyAsync(() -> connect(clientId));
        Thread.sleep(500);
        assertThat(poll).isNotDone();
        call("PATCH", DATA + "/sobjects/Account/" + account.id(), "{\"accountIntentScore6sense__c\":12}");
        JsonNode replies = poll.get(5, TimeUnit.SECONDS);
        assertThat(replies).hasSize(2);
        assertThat(replies.get(0).path("data").path("payload").path("ChangeEventHeader").path("recordIds").get(0).asText()).isEqualTo(account.id());
        assertThat(replies.get(1).path("channel").asText()).isEqualTo("/meta/connect");
        assertThat(replies.get(1).path("successful").asBoolean()).isTrue();
        assertThat(replies.get(1).path("advice").path("timeout").asLong()).isEqualTo(110_000);
    }

    private String handshake() {
        JsonNode reply = bayeux(streamingToken(), """
                [{"channel":"/meta/handshake","version":"1.0","minimumVersion":"1.0","supportedConnectionTypes":["long-polling"],"id":"1"}]""").get(0);
        assertThat(reply.path("successful").asBoolean()).as(reply.toString()).isTrue();
        assertThat(reply.path("ext").path("replay").asBoolean()).isTrue();
        assertThat(reply.path("supportedConnectionTypes").get(0).asText()).isEqualTo("long-polling");
        return reply.path("clientId").asText();
    }

    private JsonNode connect(String clientId) {
        return bayeux(streamingToken(), "[{\"channel\":\"/meta/connect\",\"clientId\":\"" + clientId
                + "\",\"connectionType\":\"long-polling\",\"id\":\"c\",\"advice\":{\"timeout\":3000}}]");
    }

    /** Connects (long polls) until {@code count} events that match have come, or 20 s have passed; all events seen. */
    private List<JsonNode> connectUntil(String clientId, int count, java.util.function.Predicate<JsonNode> matching) {
        var events = new ArrayList<JsonNode>();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (events.stream().filter(matching).count() < count && System.nanoTime() < deadline) {
            for (JsonNode reply : connect(clientId)) {
                if (!reply.path("channel").asText().startsWith("/meta/")) {
                    events.add(reply);
                }
            }
        }
        return events;
    }

    private void awaitReplayIdAbove(long replayId) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (changeEvents.latestReplayId() <= replayId && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
    }

    private String streamingToken;

    private String streamingToken() {
        if (streamingToken == null) {
            streamingToken = tokens.issue(SandboxTokenStore.Org.SALESFORCE, "sandbox", "integration@sandbox.local", Duration.ofHours(2),
                    "00D5g0000000001!").value();
        }
        return streamingToken;
    }

    private JsonNode bayeux(String token, String body) {
        var request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/sandbox/salesforce/cometd/62.0"))
                .header("Authorization", "OAuth " + token)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        try {
            HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            return json.readTree(response.body());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private void put(String instancePath, String csv) throws Exception {
        var request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/sandbox/salesforce" + instancePath))
                .header("Authorization", "Bearer " + streamingToken())
                .header("Content-Type", "text/csv")
                .PUT(HttpRequest.BodyPublishers.ofString(csv)).build();
        assertThat(HTTP.send(request, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(201);
    }
}

package io.signalbridge.sandbox.slack;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.signalbridge.slack.SlackOutbox;
import io.signalbridge.support.FreePorts;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpHeaders;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The sandbox profile end to end: the Slack receiver answers as Slack's webhooks do, and the product's outbox, delivered
 * by the route's own schedule, reaches the sandbox teams at one message a second. The server listens on a port chosen
 * before it starts (not RANDOM_PORT: the sandbox webhooks' URLs name it, as application-sandbox.yaml does with
 * ${server.port}).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT, properties = {"signalbridge.slack.delivery-cron=0/1 * * * * ?",
        // a team of the product whose webhook the receiver does not know: Slack's 404 no_service
        "signalbridge.slack.webhooks.retired=http://localhost:${server.port}/sandbox/slack/webhooks/retired"})
@ActiveProfiles({"sandbox", "test"})
// a port of its own, not DefinedPortTestSupport's: that one belongs to the context the other defined-port tests share
@DirtiesContext
class SlackReceiverEndToEndTest {

    static final int PORT = FreePorts.find();

    @DynamicPropertySource
    static void port(DynamicPropertyRegistry registry) {
        registry.add("server.port", () -> PORT);
    }

    static String baseUrl() {
        return "http://localhost:" + PORT;
    }

    final HttpClient client = HttpClient.newHttpClient();
    @Autowired
    TestRestTemplate http;
    @Autowired
    SlackOutbox outbox;
    @Autowired
    SlackReceiverStore received;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    ObjectMapper json;

    @Test
    void theReceiverAnswersAsSlackAndTheOutboxReachesItAtOneMessageASecond() throws Exception {
        received.deleteAll();
        assertAnswer(post("finance", "{\"text\":\"hi\"}"), 404, "no_service");
        assertAnswer(post("marketing", "{\"text\": "), 400, "invalid_payload");
        assertAnswer(post("marketing", "{\"username\":\"signalbridge\"}"), 400, "no_text");
        assertAnswer(post("marketing", "{\"text\":\"first\"}"), 200, "ok");
        var tooSoon = post("marketing", "{\"text\":\"second\"}");
        assertAnswer(tooSoon, 429, "rate_limited");
        assertThat(tooSoon.headers().firstValue(HttpHeaders.RETRY_AFTER)).hasValue("1");
        assertThat(messages("marketing")).extracting(m -> m.path("text").asText()).containsExactly("first");
        Thread.sleep(1100); // a lower bound: more than a second after the last accepted one, the webhook takes the next
        assertAnswer(post("marketing", "{\"blocks\":[{\"type\":\"section\",\"text\":{\"type\":\"mrkdwn\",\"text\":\"*blocks*\"}}]}"), 200, "ok");

        assertThat(outbox.teams()).containsExactlyInAnyOrder("sales", "marketing", "retired");
        for (int i = 1; i <= 3; i++) {
            outbox.enqueue("sales", "e2e-" + i, ":chart_with_upwards_trend: *Account " + i + "* entered *Decision*");
        }
        List<JsonNode> sales = List.of();
        for (Instant until = Instant.now().plusSeconds(30); sales.size() < 3 && Instant.now().isBefore(until); Thread.sleep(200)) {
            sales = messages("sales");
        }

        assertThat(sales).extracting(m -> m.path("text").asText()).containsExactly(
                ":chart_with_upwards_trend: *Account 1* entered *Decision*", ":chart_with_upwards_trend: *Account 2* entered *Decision*",
                ":chart_with_upwards_trend: *Account 3* entered *Decision*");
        for (int i = 1; i < sales.size(); i++) {
            Duration gap = Duration.between(Instant.parse(sales.get(i - 1).path("receivedAt").asText()),
                    Instant.parse(sales.get(i).path("receivedAt").asText()));
            assertThat(gap).isGreaterThanOrEqualTo(Duration.ofSeconds(1));
        }
        assertThat(jdbc.queryForList("select status, attempts from slack_message where team = 'sales'"))
                .as("each sent once, never refused by the receiver's rate limit").hasSize(3)
                .allSatisfy(row -> assertThat(row).containsEntry("status", "SENT").containsEntry("attempts", 1));
    }

    @Test
    void aMessageTheReceiverRefusesIsKeptAndItsReplayThroughTheApiIsRefusedAgain() throws Exception {
        outbox.enqueue("retired", "e2e-retired", "to a webhook that was removed");
        Long failure = null;
        for (Instant until = Instant.now().plusSeconds(30); failure == null && Instant.now().isBefore(until); Thread.sleep(200)) {
            failure = jdbc.queryForList("select failed_exchange_id from slack_message where dedupe_key = 'e2e-retired' and status = 'FAILED'",
                    Long.class).stream().findFirst().orElse(null);
        }
        assertThat(failure).as("the message failed with the receiver's 404").isNotNull();

        var headers = new HttpHeaders();
        headers.set("X-Requested-With", "test");
        var replayed = http.withBasicAuth("ops", "sandbox").postForEntity("/api/failures/" + failure + "/replay",
                new org.springframework.http.HttpEntity<>(null, headers), JsonNode.class);

        assertThat(replayed.getStatusCode().value()).isEqualTo(200);
        assertThat(replayed.getBody().path("result").asText()).isEqualTo("FAILED_AGAIN");
        assertThat(replayed.getBody().path("detail").asText()).contains("no_service");
        var stored = http.withBasicAuth("ops", "sandbox").getForEntity("/api/failures/" + failure, JsonNode.class).getBody();
        assertThat(stored.toString()).contains("slack-send", "no_service").doesNotContain("/sandbox/slack/webhooks/retired");
    }

    private HttpResponse<String> post(String team, String body) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create(baseUrl() + "/sandbox/slack/webhooks/" + team))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private List<JsonNode> messages(String team) throws Exception {
        var answer = http.getForEntity("/sandbox/slack/webhooks/" + team + "/messages", String.class);
        assertThat(answer.getStatusCode().value()).isEqualTo(200);
        var list = new java.util.ArrayList<JsonNode>();
        json.readTree(answer.getBody()).forEach(list::add);
        return list;
    }

    private static void assertAnswer(HttpResponse<String> answer, int status, String body) {
        assertThat(answer.statusCode()).isEqualTo(status);
        assertThat(answer.body()).isEqualTo(body);
    }
}

package io.signalbridge.slack;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;

import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.micrometer.core.instrument.MeterRegistry;
import io.signalbridge.failures.FailedExchange;
import io.signalbridge.failures.FailedExchangeStore;
import io.signalbridge.failures.FailureFilter;
import io.signalbridge.failures.FailureReplay;
import io.signalbridge.failures.FailureStatus;
import io.signalbridge.slack.SlackMessageStore.Status;

import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The Slack delivery against a WireMock Slack answering as Slack's incoming webhooks do (text bodies): the pace of one
 * message a second per webhook, measured from WireMock's request log; 429 with Retry-After; the digest; refusals and
 * 5xx kept in the failed-exchange store without the webhook URL, and their replay.
 */
@SpringBootTest
@ActiveProfiles("test")
// a context of its own (the WireMock webhooks): closed after the class rather than kept beside the shared ones
@DirtiesContext
class SlackDeliveryTest {

    static final String SALES_HOOK = "/services/T000/B000/salesSecretToken";
    static final String MARKETING_HOOK = "/services/T000/B001/marketingSecretToken";
    static final WireMockSlack wireMock = new WireMockSlack();
    static final WireMockServer slack = wireMock.server;

    @DynamicPropertySource
    static void webhooks(DynamicPropertyRegistry registry) {
        registry.add("signalbridge.slack.webhooks.sales", () -> wireMock.url(SALES_HOOK));
        registry.add("signalbridge.slack.webhooks.marketing", () -> wireMock.url(MARKETING_HOOK));
        registry.add("signalbridge.slack.response-timeout", () -> "700ms");
    }

    @AfterAll
    static void stopSlack() {
        slack.stop();
    }

    @Autowired
    SlackOutbox outbox;
    @Autowired
    SlackMessageStore messages;
    @Autowired
    ProducerTemplate camel;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    FailedExchangeStore failures;
    @Autowired
    FailureReplay replay;
    @Autowired
    CircuitBreakerRegistry breakers;
    @Autowired
    MeterRegistry meters;

    @BeforeEach
    void reset() {
        slack.resetAll();
        ok(SALES_HOOK);
        ok(MARKETING_HOOK);
        jdbc.update("delete from slack_message");
        jdbc.update("delete from slack_webhook_pace");
        jdbc.update("delete from failed_exchange_audit");
        jdbc.update("delete from failed_exchange");
        // the 500s and timeouts of one test would open the breaker for the next
        breakers.circuitBreaker(SlackWebhook.SYSTEM).reset();
    }

    @Test
    void whileTheSlackBreakerIsOpenNothingIsSentAndTheMessagesWait() {
        outbox.enqueue("sales", "s1", "sales alert");
        breakers.circuitBreaker(SlackWebhook.SYSTEM).transitionToOpenState();

        deliver();

        assertThat(requests(SALES_HOOK)).isEmpty();
        assertThat(messages.find("sales", "s1").orElseThrow().status()).isEqualTo(Status.PENDING);
        breakers.circuitBreaker(SlackWebhook.SYSTEM).reset();
        deliver();
        assertThat(texts(SALES_HOOK)).containsExactly("sales alert");
    }

    @Test
    void theSameAlertEnqueuedTwiceIsOneMessageAndAnUnknownTeamIsRefused() {
        assertThat(outbox.teams()).containsExactlyInAnyOrder("sales", "marketing");
        assertThat(outbox.enqueue("sales", "decision:001A:2026-12-04", "*Acme* entered *Decision*")).isTrue();
        assertThat(outbox.enqueue("sales", "decision:001A:2026-12-04", "*Acme* entered *Decision*")).isFalse();
        assertThat(outbox.enqueue("marketing", "decision:001A:2026-12-04", "*Acme* entered *Decision*")).as("another team").isTrue();
        assertThatThrownBy(() -> outbox.enqueue("finance", "k", "text")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("finance").hasMessageNotContaining("Secret");

        deliver();
        assertThat(texts(SALES_HOOK)).containsExactly("*Acme* entered *Decision*");
        deliver();
        assertThat(slack.findAll(postRequestedFor(urlPathEqualTo(SALES_HOOK)))).as("sent once").hasSize(1);
    }

    @Test
    void messagesToOneWebhookAreAtLeastASecondApartAndTheOtherWebhookIsServedMeanwhile() {
        for (int i = 1; i <= 3; i++) {
            outbox.enqueue("sales", "sales-" + i, "sales alert " + i);
        }
        outbox.enqueue("marketing", "marketing-1", "marketing alert 1");
        outbox.enqueue("marketing", "marketing-2", "marketing alert 2");

        deliver();

        assertThat(texts(SALES_HOOK)).containsExactly("sales alert 1", "sales alert 2", "sales alert 3");
        assertThat(texts(MARKETING_HOOK)).containsExactly("marketing alert 1", "marketing alert 2");
        assertThat(gapsMillis(SALES_HOOK)).allSatisfy(gap -> assertThat(gap).isGreaterThanOrEqualTo(1000));
        assertThat(gapsMillis(MARKETING_HOOK)).allSatisfy(gap -> assertThat(gap).isGreaterThanOrEqualTo(1000));
        // the two webhooks take turns: marketing's first message does not wait for sales' three
        assertThat(requests(MARKETING_HOOK).get(0).getLoggedDate()).isBefore(requests(SALES_HOOK).get(2).getLoggedDate());
        assertThat(jdbc.queryForList("select status from slack_message", String.class)).containsOnly("SENT");
    }

    @Test
    void a429IsWaitedOutForItsRetryAfterOnThatWebhookOnly() {
        slack.stubFor(post(urlPathEqualTo(SALES_HOOK)).inScenario("rate").whenScenarioStateIs(STARTED).willSetStateTo("ok")
                .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "2").withBody("rate_limited")));
        slack.stubFor(post(urlPathEqualTo(SALES_HOOK)).inScenario("rate").whenScenarioStateIs("ok")
                .willReturn(aResponse().withStatus(200).withBody("ok")));
        outbox.enqueue("sales", "s1", "sales alert");
        outbox.enqueue("marketing", "m1", "marketing alert 1");
        outbox.enqueue("marketing", "m2", "marketing alert 2");

        deliver();

        var sales = requests(SALES_HOOK);
        assertThat(sales).hasSize(2);
        assertThat(sales.get(1).getLoggedDate().getTime() - sales.get(0).getLoggedDate().getTime()).isGreaterThanOrEqualTo(2000);
        assertThat(texts(SALES_HOOK)).containsExactly("sales alert", "sales alert");
        var marketing = requests(MARKETING_HOOK);
        assertThat(marketing).hasSize(2);
        assertThat(marketing.get(1).getLoggedDate()).as("marketing is not held up by sales' Retry-After")
                .isBefore(sales.get(1).getLoggedDate());
        assertThat(messages.find("sales", "s1").orElseThrow().status()).isEqualTo(Status.SENT);
        assertThat(failures.list(new FailureFilter(null, null, null, null, null), 10)).isEmpty();
        assertThat(meters.counter("signalbridge.slack.webhook.calls", "team", "sales", "status", "429").count()).isGreaterThanOrEqualTo(1);
        assertThat(messages.find("sales", "s1").orElseThrow().attempts()).isEqualTo(2);
    }

    @Test
    void moreThanTheThresholdPendingAtOnceGoOutAsOneDigest() {
        for (int i = 1; i <= 12; i++) {
            outbox.enqueue("sales", "surge-" + i, "*Account " + i + "* intent surge");
        }

        deliver();

        assertThat(texts(SALES_HOOK)).singleElement().satisfies(text -> {
            assertThat(text).startsWith(":bell: *12 alerts for sales*");
            for (int i = 1; i <= 12; i++) {
                assertThat(text).contains("\n• *Account " + i + "* intent surge");
            }
        });
        assertThat(jdbc.queryForList("select status, digest_size from slack_message")).hasSize(12)
                .allSatisfy(row -> assertThat(row).containsEntry("status", "SENT").containsEntry("digest_size", 12));
    }

    @Test
    void noServiceIsKeptAtOnceWithoutTheWebhookUrlAndIsNotSentAgain() {
        slack.stubFor(post(urlPathEqualTo(SALES_HOOK)).willReturn(aResponse().withStatus(404).withBody("no_service")));
        outbox.enqueue("sales", "s1", "sales alert");

        deliver();
        deliver();

        assertThat(requests(SALES_HOOK)).as("a refusal is not retried").hasSize(1);
        FailedExchange failure = onlyFailure();
        assertThat(failure.routeId()).isEqualTo("slack-send");
        assertThat(failure.errorCode()).isEqualTo("no_service");
        assertThat(failure.status()).isEqualTo(FailureStatus.FAILED);
        assertThat(failure.headers()).containsEntry(SlackWebhook.TEAM, "sales");
        assertThat(failure.message()).contains("team sales", "HTTP 404 no_service");
        assertThat(messages.find("sales", "s1").orElseThrow().status()).isEqualTo(Status.FAILED);
        assertNoWebhookUrlIsStored();
    }

    @Test
    void anArchivedChannelIsKeptAndItsReplaySendsThatMessageAgain() {
        slack.stubFor(post(urlPathEqualTo(SALES_HOOK)).willReturn(aResponse().withStatus(410).withBody("channel_is_archived")));
        outbox.enqueue("sales", "s1", "sales alert");
        outbox.enqueue("sales", "s2", "the next sales alert");

        deliver();

        assertThat(texts(SALES_HOOK)).containsExactly("sales alert", "the next sales alert");
        var failed = failures.list(new FailureFilter("slack-send", null, null, null, FailureStatus.FAILED), 10);
        assertThat(failed).hasSize(2).allSatisfy(f -> assertThat(f.errorCode()).isEqualTo("channel_is_archived"));
        assertNoWebhookUrlIsStored();

        ok(SALES_HOOK); // the channel was unarchived
        long first = failed.stream().filter(f -> f.payload().contains("[" + messages.find("sales", "s1").orElseThrow().id() + "]"))
                .findFirst().orElseThrow().id();
        var outcome = replay.replay(first, "ops");

        assertThat(outcome.result()).isEqualTo(FailureReplay.Result.REPLAYED);
        assertThat(texts(SALES_HOOK)).containsExactly("sales alert", "the next sales alert", "sales alert");
        assertThat(messages.find("sales", "s1").orElseThrow().status()).isEqualTo(Status.SENT);
        assertThat(messages.find("sales", "s2").orElseThrow().status()).as("only the replayed message").isEqualTo(Status.FAILED);
        assertThat(failures.find(first).orElseThrow().status()).isEqualTo(FailureStatus.REPLAYED);
    }

    @Test
    void a500IsRetriedAtTheWebhooksPaceThenKeptAndAReplayThatIsRefusedAgainCountsAnAttempt() {
        slack.stubFor(post(urlPathEqualTo(SALES_HOOK)).willReturn(aResponse().withStatus(500).withBody("rollup_error")));
        outbox.enqueue("sales", "s1", "sales alert");

        deliver();

        assertThat(requests(SALES_HOOK)).as("the attempts of the redelivery policy (test profile: 3)").hasSize(3);
        assertThat(gapsMillis(SALES_HOOK)).allSatisfy(gap -> assertThat(gap).isGreaterThanOrEqualTo(1000));
        FailedExchange failure = onlyFailure();
        assertThat(failure.errorCode()).isEqualTo("rollup_error");
        assertThat(messages.find("sales", "s1").orElseThrow().status()).isEqualTo(Status.FAILED);
        assertNoWebhookUrlIsStored();

        slack.stubFor(post(urlPathEqualTo(SALES_HOOK)).willReturn(aResponse().withStatus(403).withBody("action_prohibited")));
        var again = replay.replay(failure.id(), "ops");
        assertThat(again.result()).isEqualTo(FailureReplay.Result.FAILED_AGAIN);
        assertThat(failures.find(failure.id()).orElseThrow().errorCode()).isEqualTo("action_prohibited");
        assertThat(failures.find(failure.id()).orElseThrow().attempts()).isEqualTo(2);

        ok(SALES_HOOK);
        assertThat(replay.replay(failure.id(), "ops").result()).isEqualTo(FailureReplay.Result.REPLAYED);
        assertThat(messages.find("sales", "s1").orElseThrow().status()).isEqualTo(Status.SENT);
        assertNoWebhookUrlIsStored();
    }

    @Test
    void aTimeoutIsRetriedThenKeptWithoutTheUrl() {
        slack.stubFor(post(urlPathEqualTo(SALES_HOOK)).willReturn(aResponse().withStatus(200).withBody("ok").withFixedDelay(2000)));
        outbox.enqueue("sales", "s1", "sales alert");

        deliver();

        assertThat(requests(SALES_HOOK)).hasSize(3);
        FailedExchange failure = onlyFailure();
        assertThat(failure.errorCode()).isEqualTo("599");
        assertThat(failure.message()).contains("no answer from Slack");
        assertNoWebhookUrlIsStored();
    }

    private void deliver() {
        camel.requestBody("direct:slack-delivery", (Object) null);
    }

    private FailedExchange onlyFailure() {
        var all = failures.list(new FailureFilter(null, null, null, null, null), 10);
        assertThat(all).hasSize(1);
        return all.get(0);
    }

    private void assertNoWebhookUrlIsStored() {
        String stored = jdbc.queryForList("select * from failed_exchange").toString();
        assertThat(stored).isNotBlank().doesNotContain("SecretToken", "/services/", "localhost:" + slack.port());
    }

    private static void ok(String hook) {
        wireMock.ok(hook);
    }

    private static List<LoggedRequest> requests(String hook) {
        return wireMock.requests(hook);
    }

    private static List<String> texts(String hook) {
        return wireMock.texts(hook);
    }

    private static List<Long> gapsMillis(String hook) {
        return wireMock.gapsMillis(hook);
    }
}

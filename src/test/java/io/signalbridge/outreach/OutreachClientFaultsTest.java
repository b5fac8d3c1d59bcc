package io.signalbridge.outreach;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.stubbing.Scenario;

import io.signalbridge.failures.ExternalSystemGuard;
import io.signalbridge.marketo.Sleeper;
import io.signalbridge.outreach.OutreachApiException.Kind;
import io.signalbridge.support.FreePorts;

import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The Outreach client against WireMock answering with Outreach's own payloads: token refresh on 401, the 429 with
 * Retry-After (near: waited; far: a call to retry later), X-RateLimit-Remaining 0, 5xx on reads and writes, 422
 * refusals classified, JSON:API paging by links.next, and a body that is not JSON.
 */
class OutreachClientFaultsTest {

    static final String JSON_API = "application/vnd.api+json";
    static final Instant NOW = Instant.parse("2026-12-03T10:15:00Z");

    WireMockServer outreach;
    CamelContext camel;
    final List<Duration> sleeps = new ArrayList<>();
    final AtomicInteger calls = new AtomicInteger();
    OutreachClient client;
    OutreachProspects prospects;

    @BeforeEach
    void start() throws Exception {
        outreach = new WireMockServer(WireMockConfiguration.options().port(FreePorts.find()));
        outreach.start();
        camel = new DefaultCamelContext();
        // as application.yaml sets it (camel.component.http.automatic-retries-disabled)
        camel.getComponent("http", org.apache.camel.component.http.HttpComponent.class).setAutomaticRetriesDisabled(true);
        camel.start();
        String base = "http://localhost:" + outreach.port();
        var settings = new OutreachProperties(true, base + "/api/v2", base + "/oauth/token", "app", "app-secret", "refresh-me",
                "https://signalbridge.example/outreach/callback", null, 3, Duration.ofSeconds(2), Duration.ofSeconds(60), 2, null);
        Sleeper sleeper = sleeps::add;
        client = new OutreachClient(settings, camel.createProducerTemplate(), new ObjectMapper(), ExternalSystemGuard.unguarded(),
                Clock.fixed(NOW, ZoneOffset.UTC), sleeper);
        prospects = new OutreachProspects(client);
        outreach.stubFor(post("/oauth/token").inScenario("tokens").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withHeader("Content-Type", "application/json")
                        .withBody("{\"access_token\":\"first\",\"token_type\":\"bearer\",\"expires_in\":7200,\"refresh_token\":\"refresh-me\"}"))
                .willSetStateTo("second"));
        outreach.stubFor(post("/oauth/token").inScenario("tokens").whenScenarioStateIs("second")
                .willReturn(aResponse().withHeader("Content-Type", "application/json")
                        .withBody("{\"access_token\":\"second\",\"token_type\":\"bearer\",\"expires_in\":7200,\"refresh_token\":\"refresh-me\"}")));
    }

    @AfterEach
    void stop() {
        camel.stop();
        outreach.stop();
    }

    @Test
    void aRefusedTokenIsRefreshedOnceWithTheRefreshTokenAndRedirectUri() {
        outreach.stubFor(get(urlPathEqualTo("/api/v2/sequences")).withHeader("Authorization", equalTo("Bearer first"))
                .willReturn(errors(401, "unauthorized", "Unauthorized", "The access token is invalid.")));
        outreach.stubFor(get(urlPathEqualTo("/api/v2/sequences")).withHeader("Authorization", equalTo("Bearer second"))
                .willReturn(jsonApi(200, "{\"data\":[{\"type\":\"sequence\",\"id\":42,\"attributes\":{\"name\":\"Decision\"}}]}")));

        assertThat(prospects.sequenceId("Decision", calls)).hasValue(42L);
        outreach.verify(2, postRequestedFor(urlPathEqualTo("/oauth/token")));
        String form = outreach.findAll(postRequestedFor(urlPathEqualTo("/oauth/token"))).get(0).getBodyAsString();
        assertThat(form).contains("grant_type=refresh_token", "refresh_token=refresh-me", "redirect_uri=https%3A%2F%2Fsignalbridge.example");
        assertThat(calls.get()).as("API requests counted, tokens not").isEqualTo(2);
    }

    @Test
    void a429WhoseRetryAfterIsNearIsWaitedForAndAFarOneFailsTheCallToRetryLater() {
        outreach.stubFor(get(urlPathEqualTo("/api/v2/mailboxes")).inScenario("limit").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(errors(429, "rateLimitExceeded", "Rate Limit Exceeded", "You have exceeded your permitted rate limit of 10,000;"
                        + " please try again at 2026-12-03T10:15:05.000Z.").withHeader("Retry-After", "5")
                        .withHeader("X-RateLimit-Remaining", "0"))
                .willSetStateTo("ok"));
        outreach.stubFor(get(urlPathEqualTo("/api/v2/mailboxes")).inScenario("limit").whenScenarioStateIs("ok")
                .willReturn(jsonApi(200, "{\"data\":[{\"type\":\"mailbox\",\"id\":7}]}")));
        assertThat(prospects.mailboxId("rep01@sandbox.local", calls)).hasValue(7L);
        assertThat(sleeps).as("the Retry-After, not a guess").contains(Duration.ofSeconds(5));
        outreach.verify(2, getRequestedFor(urlPathEqualTo("/api/v2/mailboxes")));

        outreach.stubFor(get(urlPathEqualTo("/api/v2/prospects")).willReturn(errors(429, "rateLimitExceeded", "Rate Limit Exceeded",
                "You have exceeded your permitted rate limit of 10,000.").withHeader("Retry-After", "2700")));
        assertThatThrownBy(() -> prospects.findProspect("ann@acme.example", calls)).isInstanceOfSatisfying(OutreachApiException.class,
                e -> {
                    assertThat(e.kind()).isEqualTo(Kind.RETRY);
                    assertThat(e.getMessage()).contains("2026-12-03T11:00:00Z");
                });
        outreach.verify(1, getRequestedFor(urlPathEqualTo("/api/v2/prospects")));
        assertThatThrownBy(() -> prospects.findProspect("ann@acme.example", calls)).as("the next call does not even try")
                .isInstanceOf(OutreachApiException.class).hasMessageContaining("used up");
        outreach.verify(1, getRequestedFor(urlPathEqualTo("/api/v2/prospects")));
    }

    @Test
    void theLastRequestOfTheHourMakesTheNextCallWaitForTheReset() {
        long reset = NOW.plusSeconds(30).getEpochSecond();
        outreach.stubFor(get(urlPathEqualTo("/api/v2/sequences")).willReturn(jsonApi(200, "{\"data\":[{\"type\":\"sequence\",\"id\":1}]}")
                .withHeader("X-RateLimit-Limit", "10000").withHeader("X-RateLimit-Remaining", "0")
                .withHeader("X-RateLimit-Reset", Long.toString(reset))));
        prospects.sequenceId("A", calls);
        assertThat(sleeps).isEmpty();
        prospects.sequenceId("B", calls);
        assertThat(sleeps).containsExactly(Duration.ofSeconds(30));
    }

    @Test
    void aReadAnswered5xxIsRetriedAWriteIsNotSentAgain() {
        outreach.stubFor(get(urlPathEqualTo("/api/v2/sequences")).inScenario("flaky").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(503).withBody("upstream unavailable")).willSetStateTo("up"));
        outreach.stubFor(get(urlPathEqualTo("/api/v2/sequences")).inScenario("flaky").whenScenarioStateIs("up")
                .willReturn(jsonApi(200, "{\"data\":[{\"type\":\"sequence\",\"id\":5}]}")));
        assertThat(prospects.sequenceId("Decision", calls)).hasValue(5L);
        assertThat(sleeps).containsExactly(Duration.ofSeconds(2));

        outreach.stubFor(post(urlPathEqualTo("/api/v2/sequenceStates")).willReturn(aResponse().withStatus(502)));
        outreach.stubFor(get(urlPathEqualTo("/api/v2/sequenceStates")).willReturn(jsonApi(200, "{\"data\":[]}")));
        assertThatThrownBy(() -> prospects.addToSequence(1, 5, 7, calls)).isInstanceOfSatisfying(OutreachApiException.class, e -> {
            assertThat(e.kind()).isEqualTo(Kind.RETRY);
            assertThat(e.getMessage()).contains("may have been applied");
        });
        outreach.verify(1, postRequestedFor(urlPathEqualTo("/api/v2/sequenceStates")));
    }

    @Test
    void refusalsAreClassifiedAlreadyInTheSequenceIsDoneAndOptedOutIsFinal() {
        outreach.stubFor(get(urlPathEqualTo("/api/v2/sequenceStates")).willReturn(jsonApi(200, "{\"data\":[]}")));
        outreach.stubFor(post(urlPathEqualTo("/api/v2/sequenceStates")).inScenario("add").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(errors(422, "validationError", "Validation Error", "Prospect is already in this sequence")).willSetStateTo("opted"));
        outreach.stubFor(post(urlPathEqualTo("/api/v2/sequenceStates")).inScenario("add").whenScenarioStateIs("opted")
                .willReturn(errors(422, "validationError", "Validation Error", "Prospect has opted out of email")));

        assertThat(prospects.addToSequence(1, 5, 7, calls)).isEqualTo(OutreachProspects.Added.ALREADY_IN_SEQUENCE);
        assertThatThrownBy(() -> prospects.addToSequence(2, 5, 7, calls)).isInstanceOfSatisfying(OutreachApiException.class, e -> {
            assertThat(e.kind()).isEqualTo(Kind.FINAL);
            assertThat(e.status()).isEqualTo(422);
            assertThat(e.errorId()).isEqualTo("validationError");
            assertThat(e.getMessage()).contains("opted out").doesNotContain("first", "app-secret");
        });
        String sent = outreach.findAll(postRequestedFor(urlPathEqualTo("/api/v2/sequenceStates"))).get(0).getBodyAsString();
        assertThat(sent).contains("\"type\":\"sequenceState\"", "\"mailbox\":{\"data\":{\"type\":\"mailbox\",\"id\":7}}");
        assertThat(outreach.findAll(postRequestedFor(urlPathEqualTo("/api/v2/sequenceStates"))).get(0).getHeader("Content-Type"))
                .startsWith(JSON_API);
    }

    @Test
    void listsAreReadPageByPageThroughLinksNextAndALinkElsewhereIsRefused() {
        String base = "http://localhost:" + outreach.port() + "/api/v2";
        outreach.stubFor(get(urlPathEqualTo("/api/v2/prospects")).withQueryParam("page[after]", com.github.tomakehurst.wiremock.client.WireMock.absent())
                .willReturn(jsonApi(200, "{\"data\":[{\"id\":1},{\"id\":2}],\"links\":{\"next\":\"" + base
                        + "/prospects?page%5Bsize%5D=2&page%5Bafter%5D=2\"}}")));
        outreach.stubFor(get(urlPathEqualTo("/api/v2/prospects")).withQueryParam("page[after]", equalTo("2"))
                .willReturn(jsonApi(200, "{\"data\":[{\"id\":3}],\"links\":{\"next\":\"https://evil.example/api/v2/prospects?page%5Bafter%5D=3\"}}")));
        var seen = new ArrayList<Long>();
        assertThatThrownBy(() -> client.forEach("/prospects", Map.of(), p -> seen.add(p.path("id").asLong()), calls))
                .isInstanceOf(OutreachApiException.class).hasMessageContaining("not under");
        assertThat(seen).containsExactly(1L, 2L, 3L);
        assertThat(outreach.findAll(getRequestedFor(urlPathEqualTo("/api/v2/prospects"))).get(0).getQueryParams().get("page[size]").firstValue())
                .isEqualTo("2");
    }

    @Test
    void aBodyThatIsNotJsonIsAFailedCallNotACrash() {
        outreach.stubFor(get(urlPathEqualTo("/api/v2/sequences")).willReturn(aResponse().withStatus(200).withBody("<html>maintenance</html>")));
        assertThatThrownBy(() -> prospects.sequenceId("Decision", calls)).isInstanceOfSatisfying(OutreachApiException.class,
                e -> assertThat(e.kind()).isEqualTo(Kind.RETRY));
    }

    private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder jsonApi(int status, String body) {
        return aResponse().withStatus(status).withHeader("Content-Type", JSON_API).withBody(body);
    }

    private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder errors(int status, String id, String title, String detail) {
        return jsonApi(status, "{\"errors\":[{\"id\":\"" + id + "\",\"title\":\"" + title + "\",\"detail\":\"" + detail + "\"}]}");
    }
}

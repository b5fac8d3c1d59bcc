package io.signalbridge.alerts;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;

import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.signalbridge.failures.FailedExchangeStore;
import io.signalbridge.sandbox.marketo.MutableTestClock;
import io.signalbridge.support.DefinedPortTestSupport;
import io.signalbridge.support.FreePorts;

import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ActiveProfiles;

/** Slack alerts against a WireMock Slack: the exact messages, de-duplication, thresholds, no webhook, an unreachable webhook. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT)
@ActiveProfiles("test")
class SlackAlertsTest extends DefinedPortTestSupport {

    static final String HOOK = "/services/T000/B000/XXXXsecretXXXX";

    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    ProducerTemplate camel;
    @Autowired
    ObjectMapper json;

    WireMockServer slack;
    MutableTestClock clock = new MutableTestClock(Instant.parse("2026-11-23T12:00:00Z"));
    FailedExchangeStore failures;

    @BeforeEach
    void startSlack() {
        slack = new WireMockServer(WireMockConfiguration.options().port(FreePorts.find()));
        slack.start();
        slack.stubFor(post(urlPathEqualTo(HOOK)).willReturn(aResponse().withStatus(200).withBody("ok")));
        jdbc.update("delete from alert_state");
        jdbc.update("delete from failed_exchange_audit");
        jdbc.update("delete from failed_exchange");
        failures = new FailedExchangeStore(jdbc, json, clock);
    }

    @AfterEach
    void stopSlack() {
        slack.stop();
    }

    @Test
    void anApiBudgetAlertIsPostedOnceAndItsRepeatsAreCountedInTheNextMessage() {
        var alerts = alerts(slack.baseUrl() + HOOK, 3, CircuitBreakerRegistry.ofDefaults());

        alerts.apiBudgetReached("salesforce", "Pull job salesforce-activities stopped before passing 50% of the daily API allocation (50000/100000)");
        clock.advance(Duration.ofMinutes(1));
        alerts.apiBudgetReached("salesforce", "again");
        alerts.apiBudgetReached("salesforce", "and again");
        alerts.apiBudgetReached("marketo", "Pull job marketo-activities: 607");

        slack.verify(1, postRequestedFor(urlPathEqualTo(HOOK)).withHeader("Content-Type", equalTo("application/json"))
                .withRequestBody(equalToJson("""
                        {"text":":no_entry: *signalbridge: salesforce API budget reached.* Pull job salesforce-activities stopped before \
                        passing 50% of the daily API allocation (50000/100000). Its pulls stop cleanly and continue from their watermarks \
                        in the next window. <https://ops.example.com/#overview|Sync runs>"}""")));
        slack.verify(2, postRequestedFor(urlPathEqualTo(HOOK)));

        clock.advance(Duration.ofHours(1));
        alerts.apiBudgetReached("salesforce", "once more");

        slack.verify(1, postRequestedFor(urlPathEqualTo(HOOK)).withRequestBody(equalToJson("""
                {"text":":no_entry: *signalbridge: salesforce API budget reached.* once more. Its pulls stop cleanly and continue \
                from their watermarks in the next window. (2 repeats held back since the last message) \
                <https://ops.example.com/#overview|Sync runs>"}""")));
    }

    @Test
    void failuresAboveTheThresholdWithinTheWindowRaiseOneAlertWithCountsPerRoute() {
        var alerts = alerts(slack.baseUrl() + HOOK, 3, CircuitBreakerRegistry.ofDefaults());
        fail("salesforce-pull", "salesforce-activities");
        fail("marketo-pull", "marketo-activities");

        alerts.checkFailures();
        slack.verify(0, postRequestedFor(urlPathEqualTo(HOOK)));

        fail("salesforce-pull", "salesforce-accounts");
        alerts.checkFailures();
        alerts.checkFailures();

        slack.verify(1, postRequestedFor(urlPathEqualTo(HOOK)).withRequestBody(equalToJson("""
                {"text":":rotating_light: *signalbridge: 3 failed exchanges in the last 1h* (threshold 3): salesforce-pull 2, \
                marketo-pull 1. <https://ops.example.com/#failures/status=FAILED&from=2026-11-23T11:00:00Z|Failed exchanges>"}""")));
    }

    @Test
    void failuresOlderThanTheWindowDoNotCount() {
        var alerts = alerts(slack.baseUrl() + HOOK, 2, CircuitBreakerRegistry.ofDefaults());
        fail("salesforce-pull", "a");
        fail("salesforce-pull", "b");
        clock.advance(Duration.ofMinutes(61));

        alerts.checkFailures();

        slack.verify(0, postRequestedFor(urlPathEqualTo(HOOK)));
    }

    @Test
    void aCircuitBreakerOpeningIsAlerted() {
        var breakers = CircuitBreakerRegistry.of(CircuitBreakerConfig.custom().minimumNumberOfCalls(2).slidingWindowSize(2).build());
        alerts(slack.baseUrl() + HOOK, 10, breakers);
        var breaker = breakers.circuitBreaker("marketo");

        breaker.onError(1, java.util.concurrent.TimeUnit.MILLISECONDS, new java.io.IOException("reset"));
        breaker.onError(1, java.util.concurrent.TimeUnit.MILLISECONDS, new java.io.IOException("reset"));

        slack.verify(1, postRequestedFor(urlPathEqualTo(HOOK)).withRequestBody(equalToJson("""
                {"text":":warning: *signalbridge: the circuit breaker of marketo opened* (100% of the last 2 calls failed). Its routes \
                are paused; scheduled runs are skipped until the breaker lets trial calls through. \
                <https://ops.example.com/#overview|System states>"}""")));
    }

    @Test
    void withoutAWebhookAlertsAreOnlyLoggedAndStillDeduplicated() {
        var alerts = alerts("", 3, CircuitBreakerRegistry.ofDefaults());

        alerts.circuitOpened("salesforce", "60% of the last 10 calls failed");
        alerts.circuitOpened("salesforce", "60% of the last 10 calls failed");

        slack.verify(0, postRequestedFor(urlPathEqualTo(HOOK)));
        assertThat(jdbc.queryForMap("select suppressed from alert_state where alert_key = 'circuit-open:salesforce'"))
                .containsEntry("suppressed", 1);
    }

    @Test
    void aWebhookThatRefusesDoesNotFailTheCallerAndTheNextAlertIsNotHeldBack() {
        slack.stubFor(post(urlPathEqualTo(HOOK)).atPriority(1).willReturn(aResponse().withStatus(500)));
        var alerts = alerts(slack.baseUrl() + HOOK, 3, CircuitBreakerRegistry.ofDefaults());

        alerts.apiBudgetReached("marketo", "607");
        slack.resetMappings();
        slack.stubFor(post(urlPathEqualTo(HOOK)).willReturn(aResponse().withStatus(200).withBody("ok")));
        alerts.apiBudgetReached("marketo", "607");

        slack.verify(2, postRequestedFor(urlPathEqualTo(HOOK)));
    }

    private SlackAlerts alerts(String webhook, int threshold, CircuitBreakerRegistry breakers) {
        var settings = new AlertProperties(webhook, "https://ops.example.com/", threshold, Duration.ofHours(1), "0 0/5 * * * ?", Duration.ofHours(1));
        return new SlackAlerts(settings, new AlertLog(jdbc, clock), failures, camel, json, clock, breakers);
    }

    private void fail(String route, String key) {
        failures.record(new FailedExchangeStore.Failure(route, null, key, null, Map.of(), "java.io.IOException", null, "reset", null));
    }
}

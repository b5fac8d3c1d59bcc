package io.signalbridge.marketo;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;

import io.signalbridge.signals.SignalStore;
import io.signalbridge.signals.SyncRuns;
import io.signalbridge.signals.SyncRuns.Status;
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

/** The Marketo client's handling of faults, against a WireMock instance: tokens, 606 back-off, 607 parking, success:false. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT)
@ActiveProfiles("test")
class MarketoFaultsTest extends DefinedPortTestSupport {

    static final String JOB = "marketo-activities";
    static final String TYPES = """
            {"requestId":"a#1","success":true,"result":[
              {"id":1,"name":"Visit Webpage"},{"id":2,"name":"Fill Out Form"},{"id":6,"name":"Send Email"},
              {"id":10,"name":"Open Email"},{"id":11,"name":"Click Email"},{"id":13,"name":"Change Data Value"}]}""";
    static final String PAGE = """
            {"requestId":"a#2","success":true,"moreResult":false,"nextPageToken":"T2","result":[
              {"id":501,"marketoGUID":"501","leadId":7,"activityDate":"2026-11-20T10:00:00Z","activityTypeId":2,"attributes":[]},
              {"id":502,"marketoGUID":"502","leadId":8,"activityDate":"2026-11-20T10:00:05Z","activityTypeId":10,"attributes":[]}]}""";
    static final String LEADS = """
            {"requestId":"a#3","success":true,"result":[
              {"id":7,"email":"ann@acme.example","sfdcContactId":"003A","sfdcLeadId":null,"sfdcAccountId":"001A"},
              {"id":8,"email":"eve@nowhere.example","sfdcContactId":null,"sfdcLeadId":null,"sfdcAccountId":null}]}""";

    @Autowired
    MarketoPullProperties pullSettings;
    @Autowired
    MarketoQuota quota;
    @Autowired
    SignalStore signals;
    @Autowired
    SyncRuns runs;
    @Autowired
    ProducerTemplate camel;
    @Autowired
    ObjectMapper json;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    Clock clock;

    WireMockServer marketo;
    List<Duration> pauses = new ArrayList<>();
    MarketoActivityPull pull;

    @BeforeEach
    void startInstance() {
        marketo = new WireMockServer(WireMockConfiguration.options().port(FreePorts.find()));
        marketo.start();
        jdbc.update("delete from signal_record");
        jdbc.update("delete from sync_watermark");
        jdbc.update("delete from sync_run");
        jdbc.update("delete from marketo_api_day");
        var settings = new MarketoProperties(marketo.baseUrl(), "client", "s3cret", 100, Duration.ofSeconds(20), 10, 3,
                Duration.ofSeconds(20));
        var client = new MarketoClient(settings, camel, json, quota, clock, pauses::add);
        pull = new MarketoActivityPull(pullSettings, client, new MarketoLeadResolver(client, signals, new SalesforceAccountDomains(signals, clock), pullSettings, clock), quota,
                signals, runs, clock);
        marketo.stubFor(post(urlPathEqualTo("/identity/oauth/token")).inScenario("tokens").whenScenarioStateIs(STARTED)
                .willReturn(okJson(token("t1"))).willSetStateTo("renewed"));
        marketo.stubFor(post(urlPathEqualTo("/identity/oauth/token")).inScenario("tokens").whenScenarioStateIs("renewed")
                .willReturn(okJson(token("t2"))));
        marketo.stubFor(get(urlPathEqualTo("/rest/v1/activities/types.json")).willReturn(okJson(TYPES)));
        marketo.stubFor(get(urlPathEqualTo("/rest/v1/activities/pagingtoken.json"))
                .willReturn(okJson("{\"requestId\":\"a#4\",\"success\":true,\"nextPageToken\":\"T1\"}")));
        marketo.stubFor(get(urlPathEqualTo("/rest/v1/leads.json")).willReturn(okJson(LEADS)));
    }

    @AfterEach
    void stopInstance() {
        marketo.stop();
        jdbc.update("delete from marketo_api_day");
    }

    @Test
    void aTokenExpiredMidRunIsRenewedAndTheRunContinues() {
        marketo.stubFor(get(urlPathEqualTo("/rest/v1/activities.json")).withHeader("Authorization", equalTo("Bearer t1"))
                .willReturn(okJson(error("602", "Access token expired"))));
        marketo.stubFor(get(urlPathEqualTo("/rest/v1/activities.json")).withHeader("Authorization", equalTo("Bearer t2"))
                .willReturn(okJson(PAGE)));

        var run = runs.find(pull.run(JOB, "test").orElseThrow()).orElseThrow();

        assertThat(run.status()).as(String.valueOf(run.error())).isEqualTo(Status.SUCCEEDED);
        assertThat(run.recordsByObject()).containsEntry("Activity", 2L).containsEntry("unresolvedLeads", 1L);
        assertThat(run.apiCalls()).as("types, token, refused page, page again, leads").isEqualTo(5);
        marketo.verify(2, postRequestedFor(urlPathEqualTo("/identity/oauth/token")));
        var identityRequest = marketo.findAll(postRequestedFor(urlPathEqualTo("/identity/oauth/token"))).get(0);
        assertThat(identityRequest.getUrl()).as("the secret travels in the form body, not the URL").doesNotContain("s3cret");
        assertThat(signals.find("marketo", "501").orElseThrow().fields().path("accountId").asText()).isEqualTo("001A");
    }

    @Test
    void aRateLimitedCallIsRetriedAfterABackOff() {
        marketo.stubFor(get(urlPathEqualTo("/rest/v1/activities.json")).inScenario("rate").whenScenarioStateIs(STARTED)
                .willReturn(okJson(error("606", "Max rate limit '100' exceeded with in '20' secs"))).willSetStateTo("again"));
        marketo.stubFor(get(urlPathEqualTo("/rest/v1/activities.json")).inScenario("rate").whenScenarioStateIs("again")
                .willReturn(okJson(error("615", "Concurrent access limit reached"))).willSetStateTo("calm"));
        marketo.stubFor(get(urlPathEqualTo("/rest/v1/activities.json")).inScenario("rate").whenScenarioStateIs("calm")
                .willReturn(okJson(PAGE)));

        var run = runs.find(pull.run(JOB, "test").orElseThrow()).orElseThrow();

        assertThat(run.status()).isEqualTo(Status.SUCCEEDED);
        assertThat(run.recordsByObject()).containsEntry("Activity", 2L);
        assertThat(pauses).containsExactly(Duration.ofSeconds(20), Duration.ofSeconds(40));
        assertThat(run.apiCalls()).as("every attempt counts").isEqualTo(6);
    }

    @Test
    void theDailyQuotaParksTheJobUntilMidnightUsCentral() {
        marketo.stubFor(get(urlPathEqualTo("/rest/v1/activities.json")).willReturn(okJson(error("607", "Daily quota reached"))));

        var parked = runs.find(pull.run(JOB, "test").orElseThrow()).orElseThrow();

        Instant midnightCentral = clock.instant().atZone(ZoneId.of("America/Chicago")).toLocalDate().plusDays(1)
                .atStartOfDay(ZoneId.of("America/Chicago")).toInstant();
        assertThat(parked.status()).isEqualTo(Status.PARKED);
        assertThat(parked.error()).contains("607", "parked until the quota resets at midnight US Central", midnightCentral.toString());
        assertThat(quota.parkedUntil()).contains(midnightCentral);
        assertThat(signals.watermark("marketo", "Activity:1,2,6,10,11")).isEmpty();

        int callsBefore = marketo.findAll(getRequestedFor(urlPathMatching("/rest/.*"))).size();
        var next = runs.find(pull.run(JOB, "test").orElseThrow()).orElseThrow();

        assertThat(next.status()).isEqualTo(Status.PARKED);
        assertThat(next.apiCalls()).isZero();
        assertThat(marketo.findAll(getRequestedFor(urlPathMatching("/rest/.*")))).as("no call while parked").hasSize(callsBefore);
    }

    @Test
    void successFalseInAnHttp200IsAnErrorWithItsCode() {
        marketo.stubFor(get(urlPathEqualTo("/rest/v1/activities.json")).willReturn(okJson(error("1003", "Invalid data"))));

        var run = runs.find(pull.run(JOB, "test").orElseThrow()).orElseThrow();

        assertThat(run.status()).isEqualTo(Status.FAILED);
        assertThat(run.error()).isEqualTo("Marketo error 1003: Invalid data");
        assertThat(run.apiCalls()).as("not retried").isEqualTo(3);
        assertThat(signals.count("marketo", "Activity")).isZero();
        assertThat(signals.watermark("marketo", "Activity:1,2,6,10,11")).isEmpty();
    }

    @Test
    void aServerErrorIsRetriedAndThenFailsTheRun() {
        marketo.stubFor(get(urlPathEqualTo("/rest/v1/activities.json")).willReturn(aResponse().withStatus(502)));

        var run = runs.find(pull.run(JOB, "test").orElseThrow()).orElseThrow();

        assertThat(run.status()).isEqualTo(Status.FAILED);
        assertThat(run.error()).contains("HTTP 502", "after 4 attempts");
        assertThat(pauses).hasSize(3);
    }

    @Test
    void serverErrorsOpenMarketosCircuitBreakerAndTheNextRunIsPausedWithoutACall() {
        var breakers = io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry.of(io.github.resilience4j.circuitbreaker.CircuitBreakerConfig
                .custom().slidingWindowSize(4).minimumNumberOfCalls(4).recordException(new io.signalbridge.failures.SystemFaults()).build());
        var guard = new io.signalbridge.failures.ExternalSystemGuard(breakers, io.github.resilience4j.bulkhead.BulkheadRegistry.ofDefaults(),
                io.github.resilience4j.ratelimiter.RateLimiterRegistry.ofDefaults(), event -> { });
        var settings = new MarketoProperties(marketo.baseUrl(), "client", "s3cret", 100, Duration.ofSeconds(20), 10, 3, Duration.ofSeconds(20));
        var client = new MarketoClient(settings, camel, json, quota, clock, pauses::add, guard,
                io.github.resilience4j.bulkhead.Bulkhead.of("test", MarketoThrottle.bulkheadConfig(10)));
        var guarded = new MarketoActivityPull(pullSettings, client, new MarketoLeadResolver(client, signals,
                new SalesforceAccountDomains(signals, clock), pullSettings, clock), quota, signals, runs, clock, guard, io.signalbridge.alerts.Alerts.NONE);
        marketo.stubFor(get(urlPathEqualTo("/rest/v1/activities.json")).willReturn(aResponse().withStatus(503)));

        var failed = runs.find(guarded.run(JOB, "test").orElseThrow()).orElseThrow();

        assertThat(failed.status()).as("types and paging token went through, then 503s until the breaker opened").isEqualTo(Status.PAUSED);
        assertThat(failed.error()).contains("calls to marketo are paused: its circuit breaker is open");
        int callsBefore = marketo.findAll(getRequestedFor(urlPathMatching("/rest/.*"))).size();

        var next = runs.find(guarded.run(JOB, "test").orElseThrow()).orElseThrow();

        assertThat(next.status()).isEqualTo(Status.PAUSED);
        assertThat(next.apiCalls()).isZero();
        assertThat(marketo.findAll(getRequestedFor(urlPathMatching("/rest/.*")))).as("no call while open").hasSize(callsBefore);
    }

    private static String token(String value) {
        return "{\"access_token\":\"" + value + "\",\"token_type\":\"bearer\",\"expires_in\":3599,\"scope\":\"api@example.com\"}";
    }

    private static String error(String code, String message) {
        return "{\"requestId\":\"e#1\",\"success\":false,\"errors\":[{\"code\":\"" + code + "\",\"message\":\"" + message + "\"}]}";
    }
}

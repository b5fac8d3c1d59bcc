package io.signalbridge.failures;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.http.Fault;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.signalbridge.sandbox.marketo.MutableTestClock;
import io.signalbridge.signals.SyncRuns;
import io.signalbridge.signals.SyncRuns.Status;
import io.signalbridge.support.FreePorts;
import io.signalbridge.support.PostgresTestSupport;
import io.signalbridge.support.ServiceProcesses;
import io.signalbridge.support.WireMockSalesforceOrg;

import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The fault matrix of issue 6: the application, on PostgreSQL, pulls from a WireMock standing in for Salesforce
 * and Marketo (the sandbox orgs off). Each fault hits the second page of a pull, after the first page is stored;
 * then the fault clears, the failed exchanges are replayed (or the next window's run comes), and the signal store
 * must hold exactly the expected records: nothing lost, nothing doubled. The table is printed at the end.
 * The Marketo client's own mechanics (token renewal, back-off waits, calls counted, parking without calls) are
 * asserted in detail by marketo.MarketoFaultsTest; here Marketo faults are checked for their end state.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
@Import(MutableTestClock.Config.class)
class FaultMatrixOnPostgresTest extends PostgresTestSupport {

    static final WireMockServer remote = new WireMockServer(WireMockConfiguration.options().port(FreePorts.find()));
    static final String SALESFORCE_JOB = "salesforce-activities";
    static final String MARKETO_JOB = "marketo-activities";
    static final String QUERY_MORE = WireMockSalesforceOrg.QUERY_MORE;
    static final String SLACK = "/slack/T000/B000/XXXX";
    static final List<String> TABLE = new ArrayList<>();

    static {
        remote.start();
    }

    @DynamicPropertySource
    static void pointedAtWireMock(DynamicPropertyRegistry registry) {
        registry.add("signalbridge.sandbox.enabled", () -> "false");
        registry.add("camel.component.salesforce.login-url", remote::baseUrl);
        registry.add("camel.component.salesforce.http-client-idle-timeout", () -> "1500");
        registry.add("signalbridge.salesforce.pull.bulk-threshold", () -> "0");
        registry.add("signalbridge.marketo.base-url", remote::baseUrl);
        registry.add("signalbridge.marketo.retry-backoff", () -> "10ms");
        registry.add("signalbridge.alerts.slack-webhook-url", () -> remote.baseUrl() + SLACK);
        registry.add("signalbridge.alerts.console-base-url", () -> "https://signalbridge.example.com");
        // a small window, so that one fault's retries can open the breaker; long open, so the test moves it by hand
        registry.add("resilience4j.circuitbreaker.instances.salesforce.sliding-window-size", () -> "3");
        registry.add("resilience4j.circuitbreaker.instances.salesforce.minimum-number-of-calls", () -> "3");
        registry.add("resilience4j.circuitbreaker.instances.salesforce.wait-duration-in-open-state", () -> "1h");
    }

    @AfterAll
    static void printTable() {
        remote.stop();
        System.out.println();
        System.out.println(ServiceProcesses.TABLE_HEADER);
        TABLE.forEach(System.out::println);
        System.out.println();
    }

    @Autowired
    ProducerTemplate camel;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    SyncRuns runs;
    @Autowired
    FailedExchangeStore failures;
    @Autowired
    FailureReplay replay;
    @Autowired
    CircuitBreakerRegistry breakers;
    @Autowired
    MutableTestClock clock;


    @BeforeEach
    void cleanSlate() {
        for (String table : List.of("signal_record", "sync_watermark", "sync_run", "failed_exchange_audit", "failed_exchange",
                "marketo_api_day", "alert_state")) {
            jdbc.update("delete from " + table);
        }
        breakers.getAllCircuitBreakers().forEach(CircuitBreaker::reset);
        remote.resetAll();
        WireMockSalesforceOrg.stub(remote);
        marketoInstance();
        remote.stubFor(post(urlPathEqualTo(SLACK)).willReturn(aResponse().withStatus(200).withBody("ok")));
    }

    // --- Salesforce ---

    @Test
    void salesforce500WithRetryAfter() {
        salesforceFault("Salesforce 500 + Retry-After", aResponse().withStatus(500).withHeader("Retry-After", "1")
                .withHeader("Content-Type", "application/json")
                .withBody("[{\"message\":\"An unexpected error occurred\",\"errorCode\":\"UNKNOWN_EXCEPTION\"}]"));
    }

    @Test
    void salesforce503WithRetryAfter() {
        salesforceFault("Salesforce 503 + Retry-After", aResponse().withStatus(503).withHeader("Retry-After", "1")
                .withHeader("Content-Type", "application/json")
                .withBody("[{\"message\":\"Service unavailable\",\"errorCode\":\"SERVER_UNAVAILABLE\"}]"));
    }

    @Test
    void salesforceReadTimeout() {
        salesforceFault("Salesforce read timeout", okJson(WireMockSalesforceOrg.secondPage()).withFixedDelay(3_000));
    }

    @Test
    void salesforceConnectionReset() {
        salesforceFault("Salesforce connection reset", aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER));
    }

    @Test
    void salesforceMalformedJson() {
        salesforceFault("Salesforce malformed JSON", aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                .withBody("{\"totalSize\":5,\"done\":true,\"records\":[{\"attributes\":{\"type\":\"Task\""));
    }

    /** camel-salesforce itself logs in again on a 401 and repeats the call once: the run goes through, nothing is kept. */
    @Test
    void salesforceInvalidSessionIdLogsInAgainOnceAndRetries() {
        remote.stubFor(get(urlPathEqualTo(QUERY_MORE)).inScenario("session").whenScenarioStateIs(STARTED).atPriority(1)
                .willReturn(aResponse().withStatus(401).withHeader("Content-Type", "application/json")
                        .withBody("[{\"message\":\"Session expired or invalid\",\"errorCode\":\"INVALID_SESSION_ID\"}]"))
                .willSetStateTo("expired once"));
        int loginsBefore = logins();

        pullSalesforce();

        var run = runs.recent(SALESFORCE_JOB, 1).get(0);
        assertThat(run.status()).as(String.valueOf(run.error())).isEqualTo(Status.SUCCEEDED);
        assertThat(runs.recent(SALESFORCE_JOB, 10)).as("no retry of the run was needed").hasSize(1);
        assertThat(logins() - loginsBefore).as("one new login (after the lazy first one, if it was this run's)").isBetween(1, 2);
        assertThat(remote.findAll(com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor(urlPathEqualTo(QUERY_MORE))))
                .as("the refused page asked again once").hasSize(2);
        assertThat(failures.list(all(), 10)).isEmpty();
        compareSalesforce("Salesforce INVALID_SESSION_ID");
    }

    @Test
    void salesforceRequestLimitExceededStopsTheRunCleanlyAlertsAndTheNextWindowCompletes() {
        remote.stubFor(get(urlPathEqualTo(QUERY_MORE)).atPriority(1).willReturn(aResponse().withStatus(403)
                .withHeader("Content-Type", "application/json")
                .withBody("[{\"message\":\"TotalRequests Limit exceeded.\",\"errorCode\":\"REQUEST_LIMIT_EXCEEDED\"}]")));

        pullSalesforce();

        assertThat(runs.recent(SALESFORCE_JOB, 10)).as("stopped, not retried").singleElement()
                .satisfies(run -> assertThat(run.status()).isEqualTo(Status.BUDGET_STOPPED));
        assertThat(failures.list(all(), 10)).as("no failed-exchange flood").isEmpty();
        remote.verify(1, postRequestedFor(urlPathEqualTo(SLACK)).withRequestBody(equalToJson("{\"text\":\":no_entry: *signalbridge: "
                + "salesforce API budget reached.* Pull job salesforce-activities stopped: the org refused the call with "
                + "REQUEST_LIMIT_EXCEEDED (its daily API allocation is spent, last seen 12/100000). Its pulls stop cleanly and continue "
                + "from their watermarks in the next window. <https://signalbridge.example.com/#overview|Sync runs>\"}")));

        clearFaults();
        pullSalesforce();
        compareSalesforce("Salesforce REQUEST_LIMIT_EXCEEDED");
    }

    @Test
    void anOpenCircuitPausesSalesforceRunsAsAWholeAndTheyResumeWhenItHalfOpens() {
        remote.stubFor(get(urlPathMatching("/services/data/.*")).atPriority(1).willReturn(aResponse().withStatus(503)
                .withHeader("Content-Type", "application/json")
                .withBody("[{\"message\":\"Service unavailable\",\"errorCode\":\"SERVER_UNAVAILABLE\"}]")));
        var breaker = breakers.circuitBreaker("salesforce");

        pullSalesforce();

        assertThat(breaker.getState()).isEqualTo(CircuitBreaker.State.OPEN);
        remote.verify(1, postRequestedFor(urlPathEqualTo(SLACK)).withRequestBody(equalToJson("{\"text\":\":warning: *signalbridge: "
                + "the circuit breaker of salesforce opened* (100% of the last 3 calls failed). Its routes are paused; scheduled runs "
                + "are skipped until the breaker lets trial calls through. <https://signalbridge.example.com/#overview|System states>\"}")));
        assertThat(failures.list(all(), 10)).singleElement().satisfies(f -> assertThat(f.errorCode()).isEqualTo("SERVER_UNAVAILABLE"));
        int callsWhileOpen = salesforceCalls();

        pullSalesforce();
        pullSalesforce();

        assertThat(salesforceCalls()).as("no call while open").isEqualTo(callsWhileOpen);
        assertThat(runs.recent(SALESFORCE_JOB, 2)).allSatisfy(run -> {
            assertThat(run.status()).isEqualTo(Status.PAUSED);
            assertThat(run.error()).contains("circuit breaker is open");
        });
        assertThat(failures.list(all(), 10)).as("paused runs add no failures").singleElement()
                .satisfies(f -> assertThat(f.attempts()).isEqualTo(1));

        clearFaults();
        breaker.transitionToHalfOpenState();

        var resumed = org.awaitility.Awaitility.await("the paused job runs again when the breaker half-opens").atMost(Duration.ofSeconds(30))
                .until(() -> runs.recent(SALESFORCE_JOB, 1).get(0), run -> run.trigger().equals("resume") && run.status() != Status.RUNNING);
        assertThat(resumed.status()).isEqualTo(Status.SUCCEEDED);
        assertThat(breaker.getState()).as("its trial calls went through").isEqualTo(CircuitBreaker.State.CLOSED);
        replayFailures();
        compareSalesforce("Salesforce circuit open (503 everywhere)");
    }

    // --- Marketo ---

    @Test
    void marketo601AccessTokenInvalid() {
        marketoFaultOnce("Marketo 601", "601", "Access token invalid");
    }

    @Test
    void marketo606RateLimit() {
        marketoFaultOnce("Marketo 606", "606", "Max rate limit '100' exceeded with in '20' secs");
    }

    @Test
    void marketo615ConcurrencyLimit() {
        marketoFaultOnce("Marketo 615", "615", "Concurrent access limit reached");
    }

    @Test
    void marketo607ParksUntilTheQuotaResetsAndThenCompletes() {
        remote.stubFor(get(urlPathEqualTo("/rest/v1/activities.json")).withQueryParam("nextPageToken", equalTo("T2")).atPriority(1)
                .willReturn(okJson(marketoError("607", "Daily quota reached"))));

        pullMarketo();

        assertThat(runs.recent(MARKETO_JOB, 1).get(0).status()).isEqualTo(Status.PARKED);
        remote.verify(1, postRequestedFor(urlPathEqualTo(SLACK)).withRequestBody(matching(".*marketo API budget reached.*607.*")));
        pullMarketo();
        assertThat(runs.recent(MARKETO_JOB, 1).get(0).status()).as("still parked before the reset").isEqualTo(Status.PARKED);

        clearFaults();
        clock.advance(Duration.ofDays(1));
        pullMarketo();

        assertThat(runs.recent(MARKETO_JOB, 1).get(0).status()).isEqualTo(Status.SUCCEEDED);
        compareMarketo("Marketo 607 (daily quota)");
    }

    // --- scenarios ---

    private void salesforceFault(String name, ResponseDefinitionBuilder fault) {
        remote.stubFor(get(urlPathEqualTo(QUERY_MORE)).atPriority(1).willReturn(fault));

        pullSalesforce();

        var kept = failures.list(all(), 10);
        assertThat(kept).as("kept once, after its retries").singleElement().satisfies(f -> {
            assertThat(f.routeId()).isEqualTo("salesforce-pull");
            assertThat(f.status()).isEqualTo(FailureStatus.FAILED);
        });
        assertThat(storedIds("salesforce", "Task")).as("the first page was stored before the fault").hasSize(3);

        clearFaults();
        replayFailures();

        assertThat(failures.find(kept.get(0).id()).orElseThrow().status()).isEqualTo(FailureStatus.REPLAYED);
        compareSalesforce(name);
    }

    private void marketoFaultOnce(String name, String code, String message) {
        remote.stubFor(get(urlPathEqualTo("/rest/v1/activities.json")).withQueryParam("nextPageToken", equalTo("T2"))
                .inScenario(code).whenScenarioStateIs(STARTED).atPriority(1)
                .willReturn(okJson(marketoError(code, message))).willSetStateTo("answered once"));

        pullMarketo();

        var run = runs.recent(MARKETO_JOB, 1).get(0);
        assertThat(run.status()).as(String.valueOf(run.error())).isEqualTo(Status.SUCCEEDED);
        replayFailures();
        compareMarketo(name);
    }

    private void pullSalesforce() {
        camel.sendBodyAndHeaders("direct:salesforce-pull", null, Map.of("job", SALESFORCE_JOB, "trigger", "test"));
    }

    private void pullMarketo() {
        camel.sendBodyAndHeaders("direct:marketo-pull", null, Map.of("job", MARKETO_JOB, "trigger", "test"));
    }

    private void replayFailures() {
        replay.replayAll(all().withStatus(FailureStatus.FAILED), "fault-matrix");
        assertThat(failures.list(all().withStatus(FailureStatus.FAILED), 10)).as("nothing left to replay").isEmpty();
    }

    private void clearFaults() {
        remote.getStubMappings().stream().filter(stub -> stub.getPriority() != null && stub.getPriority() == 1).toList()
                .forEach(remote::removeStubMapping);
    }

    private void compareSalesforce(String fault) {
        compare(fault, "salesforce", "Task", WireMockSalesforceOrg.TASK_IDS);
        assertThat(jdbc.queryForObject("select watermark from sync_watermark where source = 'salesforce' and object_name = 'Task'",
                java.time.LocalDateTime.class)).isEqualTo(java.time.LocalDateTime.parse(WireMockSalesforceOrg.NEWEST_MODSTAMP));
    }

    private void compareMarketo(String fault) {
        compare(fault, "marketo", "Activity", Set.of("501", "502", "503", "504", "505"));
    }

    private void compare(String fault, String source, String object, Set<String> expected) {
        List<String> stored = storedIds(source, object);
        int duplicates = stored.size() - new HashSet<>(stored).size();
        TABLE.add(ServiceProcesses.tableRow(fault, expected.size(), stored.size(), duplicates));
        assertThat(stored).as(fault + ": nothing lost, nothing doubled").containsExactlyInAnyOrderElementsOf(expected);
    }

    private List<String> storedIds(String source, String object) {
        return jdbc.queryForList("select id from signal_record where source = ? and object_name = ?", String.class, source, object);
    }

    private int logins() {
        return remote.findAll(postRequestedFor(urlPathEqualTo("/services/oauth2/token"))).size();
    }

    private int salesforceCalls() {
        return remote.findAll(com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor(urlPathMatching("/services/data/.*"))).size();
    }

    private static FailureFilter all() {
        return new FailureFilter(null, null, null, null, null);
    }

    // --- the remote systems ---

    private void marketoInstance() {
        remote.stubFor(post(urlPathEqualTo("/identity/oauth/token")).willReturn(okJson(
                "{\"access_token\":\"mkto-token\",\"token_type\":\"bearer\",\"expires_in\":3599,\"scope\":\"api@example.com\"}")));
        remote.stubFor(get(urlPathEqualTo("/rest/v1/activities/types.json")).willReturn(okJson("""
                {"requestId":"a#1","success":true,"result":[
                  {"id":1,"name":"Visit Webpage"},{"id":2,"name":"Fill Out Form"},{"id":6,"name":"Send Email"},
                  {"id":10,"name":"Open Email"},{"id":11,"name":"Click Email"}]}""")));
        remote.stubFor(get(urlPathEqualTo("/rest/v1/activities/pagingtoken.json"))
                .willReturn(okJson("{\"requestId\":\"a#2\",\"success\":true,\"nextPageToken\":\"T1\"}")));
        remote.stubFor(get(urlPathEqualTo("/rest/v1/leads.json")).willReturn(okJson("""
                {"requestId":"a#3","success":true,"result":[
                  {"id":7,"email":"ann@acme.example","sfdcContactId":"003A","sfdcLeadId":null,"sfdcAccountId":"001A"}]}""")));
        Instant day = clock.instant().minus(Duration.ofDays(1));
        remote.stubFor(get(urlPathEqualTo("/rest/v1/activities.json")).withQueryParam("nextPageToken", equalTo("T1")).atPriority(5)
                .willReturn(okJson(activities(day, true, 501, 502, 503))));
        remote.stubFor(get(urlPathEqualTo("/rest/v1/activities.json")).withQueryParam("nextPageToken", equalTo("T2")).atPriority(5)
                .willReturn(okJson(activities(day, false, 504, 505))));
    }

    private static String activities(Instant day, boolean more, int... ids) {
        var items = new ArrayList<String>();
        for (int id : ids) {
            items.add("{\"id\":" + id + ",\"marketoGUID\":\"" + id + "\",\"leadId\":7,\"activityDate\":\"" + day.plusSeconds(id)
                    + "\",\"activityTypeId\":2,\"attributes\":[]}");
        }
        return "{\"requestId\":\"p\",\"success\":true,\"moreResult\":" + more + ",\"nextPageToken\":\"T2\",\"result\":["
                + String.join(",", items) + "]}";
    }

    private static String marketoError(String code, String message) {
        return "{\"requestId\":\"e#1\",\"success\":false,\"errors\":[{\"code\":\"" + code + "\",\"message\":\"" + message + "\"}]}";
    }
}

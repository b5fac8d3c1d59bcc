package io.signalbridge.marketo.sixqa;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.http.Fault;

import io.signalbridge.marketo.MarketoQuota;
import io.signalbridge.marketo.sixqa.SixQaScoringProperties.Action;
import io.signalbridge.sandbox.marketo.MarketoStore;
import io.signalbridge.sandbox.marketo.MutableTestClock;
import io.signalbridge.scores.AccountScores;
import io.signalbridge.signals.SignalStore;
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
import org.springframework.transaction.support.TransactionTemplate;

/** Marketo faults met by the 6QA rule, against a WireMock instance answering with Marketo's exact payloads. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT)
@ActiveProfiles("test")
class SixQaMarketoFaultsTest extends DefinedPortTestSupport {

    static final String ACCOUNT = "001000000000701AAA";
    static final String TOKEN = "{\"access_token\":\"t1\",\"token_type\":\"bearer\",\"expires_in\":3599,\"scope\":\"api@example.com\"}";
    static final String LEAD_OF_ACCOUNT = """
            {"requestId":"b#1","success":true,"result":[
              {"id":7,"email":"ann@acme.example","sfdcAccountId":"001000000000701AAA","leadStatus":"Engaged","behaviorScore":5,"unsubscribed":false,"marketingSuspended":false}]}""";
    static final String LEAD_AFTER_WRITE = """
            {"requestId":"b#2","success":true,"result":[
              {"id":7,"email":"ann@acme.example","sfdcAccountId":"001000000000701AAA","leadStatus":"Engaged","behaviorScore":25,"unsubscribed":false,"marketingSuspended":false}]}""";
    static final String UPDATED = "{\"requestId\":\"b#3\",\"success\":true,\"result\":[{\"id\":7,\"status\":\"updated\"}]}";
    static final String SCORE_WRITE = "{\"action\":\"updateOnly\",\"lookupField\":\"id\",\"input\":[{\"id\":7,\"behaviorScore\":25}]}";

    @Autowired
    SixQaScoringProperties defaults;
    @Autowired
    MarketoStore instance;
    @Autowired
    MarketoQuota quota;
    @Autowired
    SignalStore signals;
    @Autowired
    AccountScores scores;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    TransactionTemplate transaction;
    @Autowired
    ProducerTemplate camel;
    @Autowired
    ObjectMapper json;
    @Autowired
    Clock realClock;

    WireMockServer marketo;
    MutableTestClock clock;
    SixQaFixture fixture;
    SixQaScoring rule;
    List<Duration> pauses = new ArrayList<>();

    @BeforeEach
    void queueOneLeadAtAWireMockInstance() {
        marketo = new WireMockServer(WireMockConfiguration.options().port(FreePorts.find()));
        marketo.start();
        clock = new MutableTestClock(realClock.instant().truncatedTo(ChronoUnit.SECONDS));
        fixture = new SixQaFixture(jdbc, instance, signals, scores, json, clock);
        fixture.clearRuleTables();
        var client = SixQaFixture.client(marketo.baseUrl(), "client", "s3cret", camel, json, quota, realClock, pauses);
        rule = SixQaFixture.scoring(SixQaFixture.settings(defaults, Action.WRITE_FIELD, null, 500), jdbc, transaction, client, signals, quota,
                json, clock);
        marketo.stubFor(post(urlPathEqualTo("/identity/oauth/token")).willReturn(okJson(TOKEN)));
        marketo.stubFor(get(urlPathEqualTo("/rest/v1/leads.json")).withQueryParam("filterType", equalTo("sfdcAccountId"))
                .withQueryParam("filterValues", equalTo(ACCOUNT)).willReturn(okJson(LEAD_OF_ACCOUNT)));
        fixture.sixQaStarts(ACCOUNT);
        rule.run("test");
        assertThat(fixture.decisionKinds(7)).containsExactly("QUEUED");
        clock.advance(Duration.ofDays(6).plusMinutes(1));
    }

    @AfterEach
    void stopInstance() {
        marketo.stop();
        jdbc.update("delete from marketo_api_day");
    }

    @Test
    void rateLimitedStatusReadsAreBackedOffAndWhenTheyPersistTheTimerStaysDueForTheNextRun() {
        marketo.stubFor(get(urlPathEqualTo("/rest/v1/leads.json")).withQueryParam("filterType", equalTo("id"))
                .willReturn(okJson(error("606", "Max rate limit '100' exceeded with in '20' secs"))));

        rule.run("test");

        assertThat(pauses).as("606 backed off, the wait growing").containsExactly(Duration.ofSeconds(20), Duration.ofSeconds(40),
                Duration.ofSeconds(60));
        assertThat(fixture.decisionKinds(7)).containsExactly("QUEUED", "FAILED");
        assertThat((String) fixture.decisions(7).get(1).get("REASON")).contains("606");
        assertThat(fixture.timerState(7)).isEqualTo("WAITING");
        marketo.verify(0, postRequestedFor(urlPathEqualTo("/rest/v1/leads.json")));

        marketo.stubFor(get(urlPathEqualTo("/rest/v1/leads.json")).withQueryParam("filterType", equalTo("id"))
                .willReturn(okJson(LEAD_OF_ACCOUNT)));
        marketo.stubFor(post(urlPathEqualTo("/rest/v1/leads.json")).willReturn(okJson(UPDATED)));

        rule.run("test");

        assertThat(fixture.decisionKinds(7)).containsExactly("QUEUED", "FAILED", "AWARDED");
        marketo.verify(1, postRequestedFor(urlPathEqualTo("/rest/v1/leads.json")).withRequestBody(equalToJson(SCORE_WRITE)));
        assertThat(fixture.timerState(7)).isEqualTo("DONE");
    }

    @Test
    void aWriteThatGotNoAnswerIsCheckedOnTheLeadBeforeAnythingIsSentAgain() {
        marketo.stubFor(get(urlPathEqualTo("/rest/v1/leads.json")).withQueryParam("filterType", equalTo("id"))
                .willReturn(okJson(LEAD_OF_ACCOUNT)));
        marketo.stubFor(post(urlPathEqualTo("/rest/v1/leads.json")).willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));

        rule.run("test");

        assertThat(fixture.decisionKinds(7)).containsExactly("QUEUED", "FAILED");
        assertThat(fixture.timerState(7)).as("the write may have arrived").isEqualTo("AWARDING");
        marketo.verify(1, postRequestedFor(urlPathEqualTo("/rest/v1/leads.json")));

        // it had arrived: Marketo shows the score written
        marketo.stubFor(get(urlPathEqualTo("/rest/v1/leads.json")).withQueryParam("filterType", equalTo("id"))
                .willReturn(okJson(LEAD_AFTER_WRITE)));
        marketo.stubFor(post(urlPathEqualTo("/rest/v1/leads.json")).willReturn(okJson(UPDATED)));

        rule.run("test");

        assertThat(fixture.decisionKinds(7)).containsExactly("QUEUED", "FAILED", "AWARDED");
        assertThat(fixture.decisions(7).get(2)).containsEntry("POINTS", 20);
        marketo.verify(1, postRequestedFor(urlPathEqualTo("/rest/v1/leads.json")));
    }

    @Test
    void aWriteThatGotNoAnswerAndDidNotArriveIsSentAgainWithTheSameValue() {
        marketo.stubFor(get(urlPathEqualTo("/rest/v1/leads.json")).withQueryParam("filterType", equalTo("id"))
                .willReturn(okJson(LEAD_OF_ACCOUNT)));
        marketo.stubFor(post(urlPathEqualTo("/rest/v1/leads.json")).willReturn(aResponse().withStatus(502)));

        rule.run("test");
        assertThat(fixture.timerState(7)).isEqualTo("AWARDING");
        marketo.stubFor(post(urlPathEqualTo("/rest/v1/leads.json")).willReturn(okJson(UPDATED)));

        rule.run("test");

        assertThat(fixture.decisionKinds(7)).containsExactly("QUEUED", "FAILED", "AWARDED");
        assertThat((String) fixture.decisions(7).get(2).get("REASON")).contains("had not reached Marketo");
        marketo.verify(2, postRequestedFor(urlPathEqualTo("/rest/v1/leads.json")).withRequestBody(equalToJson(SCORE_WRITE)));
    }

    @Test
    void aRecordRefusedByMarketoLeavesTheTimerDue() {
        marketo.stubFor(get(urlPathEqualTo("/rest/v1/leads.json")).withQueryParam("filterType", equalTo("id"))
                .willReturn(okJson(LEAD_OF_ACCOUNT)));
        marketo.stubFor(post(urlPathEqualTo("/rest/v1/leads.json")).willReturn(okJson(
                "{\"requestId\":\"b#4\",\"success\":true,\"result\":[{\"status\":\"skipped\",\"reasons\":[{\"code\":\"1004\",\"message\":\"Lead not found\"}]}]}")));

        rule.run("test");

        assertThat(fixture.decisionKinds(7)).containsExactly("QUEUED", "FAILED");
        assertThat((String) fixture.decisions(7).get(1).get("REASON")).contains("1004").contains("Lead not found");
        assertThat(fixture.timerState(7)).isEqualTo("WAITING");
    }

    @Test
    void aDailyQuotaReachedParksTheRuleWithTheTimerDue() {
        marketo.stubFor(get(urlPathEqualTo("/rest/v1/leads.json")).withQueryParam("filterType", equalTo("id"))
                .willReturn(okJson(error("607", "Daily quota reached"))));

        var run = rule.run("test");

        assertThat(run.stoppedBy()).contains("607");
        assertThat(fixture.timerState(7)).isEqualTo("WAITING");
        assertThat(quota.parkedUntil()).isPresent();
        int calls = marketo.findAll(getRequestedFor(urlPathEqualTo("/rest/v1/leads.json"))).size();

        var parked = rule.run("test");

        assertThat(parked.stoppedBy()).contains("607");
        assertThat(marketo.findAll(getRequestedFor(urlPathEqualTo("/rest/v1/leads.json")))).as("no call while parked").hasSize(calls);
        assertThat(fixture.timerState(7)).isEqualTo("WAITING");
    }

    static String error(String code, String message) {
        return "{\"requestId\":\"e#1\",\"success\":false,\"errors\":[{\"code\":\"" + code + "\",\"message\":\"" + message + "\"}]}";
    }
}

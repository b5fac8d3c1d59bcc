package io.signalbridge.segments;

import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.delete;
import static com.github.tomakehurst.wiremock.client.WireMock.deleteRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;

import io.signalbridge.marketo.MarketoClient;
import io.signalbridge.marketo.MarketoProperties;
import io.signalbridge.marketo.MarketoQuota;
import io.signalbridge.signals.PulledRecord;
import io.signalbridge.signals.SignalStore;
import io.signalbridge.support.FreePorts;

import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ActiveProfiles;

/**
 * Add to Audience against WireMock with Marketo's own payloads (developer docs, list-membership): lead lookups by
 * sfdcContactId, Add to List and Remove from List with {@code {"input": [{"id": ...}]}} bodies, at most 300 ids a call;
 * a lead Marketo skips (1004) is not counted as in the list.
 */
@SpringBootTest
@ActiveProfiles("test")
class SegmentAudienceContractTest {

    static final int PEOPLE = 650;
    static final String ACCOUNT = "001C00000000001AAA";

    @Autowired
    SignalStore signals;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    ObjectMapper json;
    @Autowired
    ProducerTemplate camel;
    @Autowired
    MarketoQuota quota;
    @Autowired
    Clock clock;

    WireMockServer marketo;
    SegmentAudience audience;
    long segmentId;

    @BeforeEach
    void setUp() {
        marketo = new WireMockServer(WireMockConfiguration.options().port(FreePorts.find()));
        marketo.start();
        for (String table : List.of("segment_audience_lead", "segment_audience_account", "segment_member", "segment", "signal_record",
                "marketo_api_day")) {
            jdbc.update("delete from " + table);
        }
        var settings = new MarketoProperties(marketo.baseUrl(), "client", "s3cret", 100, Duration.ofSeconds(20), 10, 3, Duration.ofSeconds(1));
        audience = new SegmentAudience(new MarketoClient(settings, camel, json, quota, clock, d -> { }), signals, jdbc, json);
        marketo.stubFor(post(urlPathEqualTo("/identity/oauth/token"))
                .willReturn(okJson("{\"access_token\":\"t1\",\"token_type\":\"bearer\",\"expires_in\":3599,\"scope\":\"api\"}")));

        Instant now = clock.instant();
        signals.commitPage("salesforce", "Account", List.of(new PulledRecord("salesforce", "Account", ACCOUNT, now, false,
                json.createObjectNode().put("Id", ACCOUNT))), null);
        var contacts = new ArrayList<PulledRecord>();
        for (int i = 0; i < PEOPLE; i++) {
            contacts.add(new PulledRecord("salesforce", "Contact", contactId(i), now, false,
                    json.createObjectNode().put("Id", contactId(i)).put("AccountId", ACCOUNT)));
        }
        signals.commitPage("salesforce", "Contact", contacts, null);
        jdbc.update("""
                insert into segment (name, folder, tags, kind, definition, audience_list, published, created_by, created_at, updated_at)
                values ('Tier 1', 'ABM - FY26 Q1 - Tier 1', '[]', 'LIST', '{}', '77', false, 'test', current_timestamp, current_timestamp)""");
        segmentId = jdbc.queryForObject("select id from segment", Long.class);
    }

    @AfterEach
    void stop() {
        marketo.stop();
    }

    @Test
    void peopleOfAnEnteringAccountAreAdded300ACallAndRemovedWhenItLeaves() {
        for (int from = 0; from < PEOPLE; from += 300) {
            int to = Math.min(from + 300, PEOPLE);
            String leads = IntStream.range(from, to).mapToObj(i -> "{\"id\":" + (5000 + i) + ",\"sfdcContactId\":\"" + contactId(i)
                    + "\",\"sfdcLeadId\":null}").collect(Collectors.joining(","));
            marketo.stubFor(get(urlPathEqualTo("/rest/v1/leads.json")).withQueryParam("filterType", equalTo("sfdcContactId"))
                    .withQueryParam("filterValues", containing(contactId(from) + ","))
                    .willReturn(okJson("{\"requestId\":\"a#" + from + "\",\"success\":true,\"result\":[" + leads + "]}")));
        }
        // Marketo's answer from the developer docs: one lead added, one skipped as not found
        marketo.stubFor(post(urlPathEqualTo("/rest/v1/lists/77/leads.json")).willReturn(okJson("""
                {"requestId":"6860#1706170ba29","result":[{"id":5000,"status":"added"},
                 {"id":5001,"status":"skipped","reasons":[{"code":"1004","message":"Lead not found"}]}],"success":true}""")));
        marketo.stubFor(delete(urlPathEqualTo("/rest/v1/lists/77/leads.json"))
                .willReturn(okJson("{\"requestId\":\"9e79#17061689ac3\",\"result\":[{\"id\":5000,\"status\":\"removed\"}],\"success\":true}")));
        jdbc.update("insert into segment_member (segment_id, account_id, entered_at) values (?, ?, current_timestamp)", segmentId, ACCOUNT);
        var calls = new AtomicInteger();

        var added = audience.sync(segment(), calls);

        marketo.verify(3, getRequestedFor(urlPathEqualTo("/rest/v1/leads.json")));
        marketo.verify(3, postRequestedFor(urlPathEqualTo("/rest/v1/lists/77/leads.json"))
                .withHeader("Content-Type", containing("application/json")).withRequestBody(matchingJsonPath("$.input[0].id")));
        marketo.verify(2, postRequestedFor(urlPathEqualTo("/rest/v1/lists/77/leads.json"))
                .withRequestBody(matchingJsonPath("$.input.length()", equalTo("300"))));
        marketo.verify(1, postRequestedFor(urlPathEqualTo("/rest/v1/lists/77/leads.json"))
                .withRequestBody(matchingJsonPath("$.input.length()", equalTo("50"))));
        assertThat(calls.get()).as("3 lookups + 3 adds (the token call is not a REST call)").isEqualTo(6);
        assertThat(added.added()).as("only the lead Marketo reports added").isEqualTo(1);
        assertThat(jdbc.queryForList("select marketo_lead_id from segment_audience_lead", Long.class)).containsExactly(5000L);

        assertThat(audience.sync(segment(), calls).added()).as("the account was handled: nothing asked again").isZero();
        assertThat(calls.get()).isEqualTo(6);

        jdbc.update("delete from segment_member");
        var removed = audience.sync(segment(), calls);

        assertThat(removed.removed()).isEqualTo(1);
        marketo.verify(1, deleteRequestedFor(urlPathEqualTo("/rest/v1/lists/77/leads.json"))
                .withRequestBody(matchingJsonPath("$.input[0].id", equalTo("5000"))));
        assertThat(jdbc.queryForObject("select count(*) from segment_audience_lead", Integer.class)).isZero();
        assertThat(jdbc.queryForObject("select count(*) from segment_audience_account", Integer.class)).isZero();
    }

    private Segment segment() {
        return new Segment(segmentId, "Tier 1", "ABM - FY26 Q1 - Tier 1", List.of(), SegmentKind.LIST, json.createObjectNode(), "77",
                false, "test", clock.instant(), clock.instant());
    }

    private static String contactId(int i) {
        return String.format("003C%011dAAA", i);
    }
}

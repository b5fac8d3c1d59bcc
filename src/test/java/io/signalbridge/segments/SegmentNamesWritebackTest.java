package io.signalbridge.segments;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.signalbridge.mapping.MappingService;
import io.signalbridge.salesforce.SalesforcePull;
import io.signalbridge.salesforce.SalesforceQueries;
import io.signalbridge.sandbox.salesforce.SalesforceRecord;
import io.signalbridge.sandbox.salesforce.SalesforceRecordStore;
import io.signalbridge.signals.SyncRuns;
import io.signalbridge.support.FreePorts;
import io.signalbridge.support.ShippedMappings;

import org.apache.camel.ProducerTemplate;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The proof, end to end against the sandbox org: Accounts pulled through camel-salesforce, segments
 * published through the API, the scoring run's membership step and the write-back through the shipped mapping
 * (account.segmentNames → accountSegmentNames6sense__c), read back with SOQL. Publish puts the name on every member;
 * unpublish removes it from all and keeps the other names; an account that leaves loses it; a run with no change
 * writes nothing.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT)
@ActiveProfiles({"sandbox", "test"})
class SegmentNamesWritebackTest {

    static final int PORT = FreePorts.find();
    static final Path DIRECTORY = Path.of("target/segment-names-test-" + UUID.randomUUID());
    static final String FIELD = "accountSegmentNames6sense__c";
    static final String FOLDER = "ABM - FY26 Q1 - Segment names";

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("server.port", () -> PORT);
        registry.add("signalbridge.mappings.directory", DIRECTORY::toString);
        registry.add("signalbridge.mappings.load-on-start", () -> true);
        registry.add("signalbridge.mappings.reload-interval", () -> "1h");
    }

    @BeforeAll
    static void copyShippedMappings() throws IOException {
        ShippedMappings.copy(DIRECTORY, ShippedMappings.SALESFORCE);
    }

    @Autowired
    MappingService mappings;
    @Autowired
    SalesforcePull pull;
    @Autowired
    SalesforceQueries queries;
    @Autowired
    SalesforceRecordStore org;
    @Autowired
    SyncRuns runs;
    @Autowired
    ProducerTemplate camel;
    @Autowired
    TestRestTemplate http;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    ObjectMapper json;
    @Autowired
    Clock clock;

    @BeforeEach
    void empty() {
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> mappings.active("salesforce-account").isPresent());
        for (String table : List.of("segment_audience_lead", "segment_audience_account", "segment_member", "segment_member_event",
                "segment_publish_event", "segment_source_account", "segment", "segment_run", "account_segment_names", "account_score",
                "person_score", "writeback_state", "writeback_pending", "signal_record", "sync_watermark", "sync_run", "sandbox_api_usage",
                "failed_exchange_audit", "failed_exchange", "sandbox_sf_record", "sandbox_mkto_list_member", "sandbox_mkto_lead")) {
            jdbc.update("delete from " + table);
        }
    }

    @Test
    void publishedNamesReachEveryMemberAccountAndLeaveWhenUnpublishedOrWhenTheAccountLeaves() {
        List<String> ids = orgAccounts(90);
        pull.run("salesforce-accounts", "test");
        long software = create("Software", "{\"field\": \"industry\", \"value\": \"Software\"}");
        long large = create("Large accounts", "{\"field\": \"employees\", \"op\": \"gte\", \"value\": 450}");
        create("Never published", "{\"field\": \"employees\", \"op\": \"gte\", \"value\": 0}");
        assertThat(http.withBasicAuth("ops", "sandbox").postForEntity("/api/segments/" + software + "/publish", null, String.class)
                .getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(http.withBasicAuth("admin", "sandbox").postForEntity("/api/segments/" + large + "/publish", null, String.class)
                .getStatusCode()).isEqualTo(HttpStatus.OK);

        // the scoring run: scores, then segment membership, then the write-back
        camel.sendBody("direct:score-accounts", null);

        Map<String, String> inOrg = orgNames();
        for (int i = 0; i < ids.size(); i++) {
            boolean isSoftware = i % 3 == 0;
            boolean isLarge = i * 10 >= 450;
            String expected = isLarge && isSoftware ? "Large accounts;Software" : isLarge ? "Large accounts" : isSoftware ? "Software" : null;
            assertThat(inOrg.get(ids.get(i))).as("account %d", i).isEqualTo(expected);
        }
        var published = lastWriteback();
        assertThat(published.status()).as(String.valueOf(published.error())).isEqualTo(SyncRuns.Status.SUCCEEDED);
        System.out.printf("SegmentNamesWritebackTest: publish of 2 segments on 90 accounts: %s%n", published.recordsByObject());

        var unchanged = membershipAndWriteback();
        assertThat(unchanged.apiCalls()).as("a second run with no change writes nothing").isZero();

        assertThat(http.withBasicAuth("ops", "sandbox").postForEntity("/api/segments/" + large + "/unpublish", null, String.class)
                .getStatusCode()).isEqualTo(HttpStatus.OK);
        var unpublished = membershipAndWriteback();

        assertThat(unpublished.recordsByObject()).as("only the 45 large accounts change").containsEntry("Account.written", 45L)
                .containsEntry("Account.writeCalls", 1L);
        inOrg = orgNames();
        for (int i = 0; i < ids.size(); i++) {
            assertThat(inOrg.get(ids.get(i))).as("account %d", i).isEqualTo(i % 3 == 0 ? "Software" : null);
        }

        // account 3 moves to another industry in Salesforce: pulled, it leaves the segment and loses the name
        var moved = org.find(ids.get(3)).orElseThrow();
        Instant later = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        org.updateAll(List.of(new SalesforceRecord(moved.id(), "Account", later, false, moved.fields().deepCopy()
                .put("Industry", "Retail").put("SystemModstamp", stamp(later)))));
        pull.run("salesforce-accounts", "test");
        var left = membershipAndWriteback();

        assertThat(left.recordsByObject()).containsEntry("Account.written", 1L);
        assertThat(orgNames().get(ids.get(3))).isNull();
        assertThat(orgNames().get(ids.get(0))).isEqualTo("Software");
    }

    private SyncRuns.Run membershipAndWriteback() {
        camel.sendBody("direct:segment-membership", null);
        camel.sendBodyAndHeader("direct:salesforce-writeback", null, "trigger", "test");
        return lastWriteback();
    }

    private SyncRuns.Run lastWriteback() {
        return runs.recent("salesforce-writeback", 1).get(0);
    }

    private long create(String name, String filter) {
        var body = json.createObjectNode().put("name", name).put("folder", FOLDER).put("kind", "FILTER");
        try {
            body.set("filter", json.readTree(filter));
        } catch (IOException e) {
            throw new IllegalArgumentException(e);
        }
        var created = http.withBasicAuth("ops", "sandbox").postForEntity("/api/segments", body, JsonNode.class);
        assertThat(created.getStatusCode()).isEqualTo(HttpStatus.CREATED);
        return created.getBody().path("segment").path("id").asLong();
    }

    /** The field on every Account, read back through camel-salesforce (SOQL, all pages). */
    private Map<String, String> orgNames() {
        Map<String, String> names = new HashMap<>();
        var page = queries.queryAll("SELECT Id, " + FIELD + " FROM Account");
        while (true) {
            page.records().forEach(r -> names.put(r.path("Id").asText(),
                    r.path(FIELD).isNull() || r.path(FIELD).asText().isEmpty() ? null : r.path(FIELD).asText()));
            if (page.done() || page.nextRecordsUrl() == null) {
                return names;
            }
            page = queries.next(page.nextRecordsUrl());
        }
    }

    private List<String> orgAccounts(int count) {
        Instant now = clock.instant().minus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);
        var records = new ArrayList<SalesforceRecord>();
        for (int i = 0; i < count; i++) {
            String id = org.newId("001");
            records.add(new SalesforceRecord(id, "Account", now, false, json.createObjectNode().put("Id", id).put("IsDeleted", false)
                    .put("Name", "Account " + i).put("Industry", i % 3 == 0 ? "Software" : "Banking").put("NumberOfEmployees", i * 10)
                    .put("BillingCountry", "United States").put("CreatedDate", stamp(now)).put("SystemModstamp", stamp(now))));
        }
        org.insertAll(records);
        return records.stream().map(SalesforceRecord::id).toList();
    }

    private static String stamp(Instant instant) {
        return DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSxx").withZone(ZoneOffset.UTC).format(instant);
    }
}

package io.signalbridge.segments;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.signalbridge.failures.FailedExchangeStore;
import io.signalbridge.failures.FailureFilter;
import io.signalbridge.failures.FailureStatus;
import io.signalbridge.mapping.TargetSchema;
import io.signalbridge.sandbox.marketo.MarketoLead;
import io.signalbridge.sandbox.marketo.MarketoStore;
import io.signalbridge.sandbox.salesforce.SalesforceRecord;
import io.signalbridge.sandbox.salesforce.SalesforceRecordStore;
import io.signalbridge.signals.PulledRecord;
import io.signalbridge.signals.SignalStore;
import io.signalbridge.support.FreePorts;

import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Segments end to end in the application with its sandbox orgs: the API and its roles, filters, list uploads, CRM
 * queries through camel-salesforce, membership and account_segment_names across runs, the length guard, and the
 * Marketo audience list in the sandbox Marketo.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT)
@ActiveProfiles({"sandbox", "test"})
class SegmentsTest {

    static final int PORT = FreePorts.find();

    @DynamicPropertySource
    static void port(DynamicPropertyRegistry registry) {
        registry.add("server.port", () -> PORT);
    }

    static final String FOLDER = "ABM - FY26 Q1 - Tier 1 Accounts";

    @Autowired
    TestRestTemplate http;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    ObjectMapper json;
    @Autowired
    SignalStore signals;
    @Autowired
    SegmentMembership membership;
    @Autowired
    SegmentStore store;
    @Autowired
    SegmentAudience audience;
    @Autowired
    SegmentService service;
    @Autowired
    SegmentCrmQueries crm;
    @Autowired
    SegmentProperties properties;
    @Autowired
    FailedExchangeStore failures;
    @Autowired
    SalesforceRecordStore org;
    @Autowired
    MarketoStore marketo;
    @Autowired
    ProducerTemplate camel;
    @Autowired
    TransactionTemplate transaction;
    @Autowired
    Clock clock;

    Instant base;

    @BeforeEach
    void empty() {
        for (String table : List.of("segment_audience_lead", "segment_audience_account", "segment_member", "segment_member_event",
                "segment_publish_event", "segment_source_account", "segment", "segment_run", "account_segment_names", "account_score",
                "signal_record", "failed_exchange_audit", "failed_exchange", "sandbox_sf_record")) {
            jdbc.update("delete from " + table);
        }
        marketo.deleteAll();
        base = clock.instant().minus(1, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
    }

    @Test
    void filterSegmentsCombineAndOrOverAttributesAndScores() {
        account("001A00000000001AAA", "Software", 800, "United States", "acme.com");
        score("001A00000000001AAA", "Decision", "Strong", 85, "High", true);
        account("001A00000000002AAA", "Software", 40, "Germany", "beta.de");
        score("001A00000000002AAA", "Awareness", "Weak", 30, "Low", false);
        account("001A00000000003AAA", "Banking", 12_000, "United States", "bank.com");
        score("001A00000000003AAA", "Consideration", "Moderate", 92, "Medium", false);

        long and = create("Large software", filter("""
                {"all": [{"field": "industry", "op": "eq", "value": "Software"}, {"field": "employees", "op": "gte", "value": 100}]}"""));
        long or = create("Hot or German", filter("""
                {"any": [{"field": "intent", "op": "gte", "value": 90}, {"field": "country", "op": "eq", "value": "Germany"}]}"""));
        long sixQa = create("6QA", filter("{\"field\": \"sixQa\", \"value\": true}"));

        var run = membership.run();

        assertThat(run.entries()).isEqualTo(4);
        assertThat(members(and)).containsExactly("001A00000000001AAA");
        assertThat(members(or)).containsExactly("001A00000000002AAA", "001A00000000003AAA");
        assertThat(members(sixQa)).containsExactly("001A00000000001AAA");
        assertThat(jdbc.queryForObject("select count(*) from account_segment_names", Integer.class))
                .as("nothing is published: no account has a name to carry").isZero();
    }

    @Test
    void publishPutsTheNameOnEveryMemberAndUnpublishRemovesOnlyThatName() {
        account("001A00000000001AAA", "Software", 800, "United States", "acme.com");
        account("001A00000000002AAA", "Software", 40, "Germany", "beta.de");
        account("001A00000000003AAA", "Banking", 12_000, "United States", "bank.com");
        long software = create("Software", filter("{\"field\": \"industry\", \"value\": \"Software\"}"));
        long us = create("ABM US", filter("{\"field\": \"country\", \"value\": \"United States\"}"));
        membership.run();

        assertThat(post("ops", "/api/segments/" + software + "/publish").getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(post("admin", "/api/segments/" + us + "/publish").getStatusCode()).isEqualTo(HttpStatus.OK);
        var published = membership.run();

        assertThat(published.namesChanged()).isEqualTo(3);
        assertThat(names()).containsExactlyInAnyOrderEntriesOf(Map.of(
                "001A00000000001AAA", "ABM US;Software", "001A00000000002AAA", "Software", "001A00000000003AAA", "ABM US"));
        var history = http.withBasicAuth("viewer", "sandbox").getForObject("/api/segments/" + us, JsonNode.class).path("publishHistory");
        assertThat(history.get(0).path("actor").asText()).isEqualTo("admin");
        assertThat(history.get(0).path("action").asText()).isEqualTo("PUBLISHED");
        assertThat(history.get(0).path("members").asInt()).as("members at that moment").isEqualTo(2);

        Map<String, Instant> stamps = updatedAt();
        var again = membership.run();
        assertThat(again.namesChanged()).as("a second run with no change").isZero();
        assertThat(updatedAt()).as("no row was written").isEqualTo(stamps);

        assertThat(post("ops", "/api/segments/" + software + "/unpublish").getStatusCode()).isEqualTo(HttpStatus.OK);
        var unpublished = membership.run();

        assertThat(unpublished.namesChanged()).isEqualTo(2);
        assertThat(names()).containsExactlyInAnyOrderEntriesOf(Map.of(
                "001A00000000001AAA", "ABM US", "001A00000000002AAA", "", "001A00000000003AAA", "ABM US"));
        assertThat(updatedAt().get("001A00000000003AAA")).as("its set did not change").isEqualTo(stamps.get("001A00000000003AAA"));
        assertThat(store.publishHistory(software)).extracting(SegmentStore.PublishEvent::action).containsExactly("PUBLISHED", "UNPUBLISHED");
        assertThat(members(software)).as("unpublishing keeps the membership").hasSize(2);
    }

    @Test
    void anAccountWhoseScoreMovesLeavesTheSegmentAndLosesTheName() {
        account("001A00000000001AAA", "Software", 800, "United States", "acme.com");
        score("001A00000000001AAA", "Decision", "Strong", 85, "High", true);
        account("001A00000000002AAA", "Software", 40, "Germany", "beta.de");
        score("001A00000000002AAA", "Decision", "Moderate", 75, "Medium", false);
        long hot = create("In market", filter("{\"all\": [{\"field\": \"intent\", \"op\": \"gte\", \"value\": 70},"
                + " {\"field\": \"buyingStage\", \"op\": \"gte\", \"value\": \"Consideration\"}]}"));
        service.publish(hot, "ops");
        membership.run();
        assertThat(names()).containsEntry("001A00000000002AAA", "In market");

        // the next scoring run moves account 2 down
        jdbc.update("update account_score set intent_score = 40, buying_stage = 'Awareness' where account_id = ?", "001A00000000002AAA");
        var run = membership.run();

        assertThat(run.exits()).isEqualTo(1);
        assertThat(run.entries()).isZero();
        assertThat(members(hot)).containsExactly("001A00000000001AAA");
        assertThat(names()).containsEntry("001A00000000001AAA", "In market").containsEntry("001A00000000002AAA", "");
        assertThat(jdbc.queryForList("select event_type from segment_member_event where account_id = ? order by id", String.class,
                "001A00000000002AAA")).containsExactly("ENTRY", "EXIT");
        var viewer = http.withBasicAuth("viewer", "sandbox");
        var events = viewer.getForObject("/api/segments/" + hot + "/member-events?limit=2", JsonNode.class);
        assertThat(events.path("events")).extracting(e -> e.path("accountId").asText() + " " + e.path("type").asText())
                .containsExactlyInAnyOrder("001A00000000001AAA ENTRY", "001A00000000002AAA ENTRY");
        var rest = viewer.getForObject("/api/segments/" + hot + "/member-events?after=" + events.path("next").asLong(), JsonNode.class);
        assertThat(rest.path("events")).extracting(e -> e.path("accountId").asText() + " " + e.path("type").asText())
                .containsExactly("001A00000000002AAA EXIT");
        assertThat(rest.path("events").get(0).path("runId").asLong()).isEqualTo(run.run());
        assertThat(rest.has("next")).as("last page").isFalse();
        var runs = viewer.getForObject("/api/segments/runs", JsonNode.class).path("runs");
        assertThat(runs).hasSize(2);
        assertThat(runs.get(0).path("id").asLong()).as("newest first").isEqualTo(run.run());
        assertThat(runs.get(0).path("exits").asInt()).isEqualTo(1);
        assertThat(runs.get(0).path("status").asText()).isEqualTo("SUCCEEDED");
        assertThat(runs.get(1).path("entries").asInt()).isEqualTo(2);

        // deleted in Salesforce: it leaves every segment
        signals.commitPage("salesforce", "Account", List.of(new PulledRecord("salesforce", "Account", "001A00000000001AAA",
                clock.instant(), true, json.createObjectNode().put("Id", "001A00000000001AAA"))), null);
        membership.run();
        assertThat(members(hot)).isEmpty();
        assertThat(names()).containsEntry("001A00000000001AAA", "");
    }

    @Test
    void theScoringRouteRunsTheMembershipStep() {
        account("001A00000000001AAA", "Software", 800, "United States", "acme.com");
        long software = create("Software", filter("{\"field\": \"industry\", \"value\": \"Software\"}"));

        camel.sendBody("direct:score-accounts", null);

        assertThat(members(software)).containsExactly("001A00000000001AAA");
        assertThat(jdbc.queryForObject("select status from segment_run", String.class)).isEqualTo("SUCCEEDED");
    }

    @Test
    void namesThatDoNotFitTheFieldLeaveTheValueUnchangedAndAreKeptAsAnError() {
        account("001A00000000001AAA", "Software", 800, "United States", "acme.com");
        account("001A00000000002AAA", "Banking", 40, "Germany", "beta.de");
        long software = create("Software accounts", filter("{\"field\": \"industry\", \"value\": \"Software\"}"));
        long all = create("Everyone", filter("{\"field\": \"employees\", \"op\": \"gte\", \"value\": 0}"));
        service.publish(all, "ops");
        TargetSchema shortField = (object, field) -> Optional.of(new TargetSchema.TargetField(field, "textarea", 20, true, List.of()));
        var guarded = new SegmentMembership(signals, store, audience, shortField, failures, properties, jdbc, transaction, clock);
        guarded.run();
        assertThat(names()).containsEntry("001A00000000001AAA", "Everyone");

        service.publish(software, "ops");
        var run = guarded.run();

        assertThat(run.namesRefused()).isEqualTo(1);
        assertThat(names()).as("not truncated: unchanged").containsEntry("001A00000000001AAA", "Everyone")
                .containsEntry("001A00000000002AAA", "Everyone");
        var kept = failures.list(new FailureFilter(SegmentMembership.ROUTE_ID, null, null, null, FailureStatus.FAILED), 10);
        assertThat(kept).singleElement().satisfies(failure -> {
            assertThat(failure.failureKey()).isEqualTo("001A00000000001AAA");
            assertThat(failure.errorCode()).isEqualTo("SEGMENT_NAMES_TOO_LONG");
            assertThat(failure.message()).contains("Account 001A00000000001AAA", "Everyone;Software accounts", "(26 characters)",
                    "accountSegmentNames6sense__c (20)");
        });

        service.unpublish(all, "ops");
        guarded.run();
        assertThat(names()).containsEntry("001A00000000001AAA", "Software accounts");
        assertThat(failures.find(kept.get(0).id()).orElseThrow().status()).as("fits again").isEqualTo(FailureStatus.RESOLVED);
    }

    @Test
    void theSandboxDescribeGivesTheFieldLength() {
        account("001A00000000001AAA", "Software", 800, "United States", "acme.com");
        long software = create("Software", filter("{\"field\": \"industry\", \"value\": \"Software\"}"));
        service.publish(software, "ops");

        var run = membership.run();

        assertThat(run.namesChanged()).isEqualTo(1);
        assertThat(run.namesRefused()).isZero();
    }

    @Test
    void onlyAdminsAndOperationsPublishAndAtMostTheConfiguredNumber() {
        long one = create("One", filter("{\"field\": \"industry\", \"value\": \"Software\"}"));
        long two = create("Two", filter("{\"field\": \"industry\", \"value\": \"Banking\"}"));

        assertThat(post("viewer", "/api/segments/" + one + "/publish").getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
        assertThat(http.withBasicAuth("viewer", "sandbox").postForEntity("/api/segments", draft("Three", FOLDER,
                json.createObjectNode().put("field", "industry").put("value", "x")), String.class).getStatusCode())
                .isEqualTo(HttpStatus.FORBIDDEN);
        assertThat(post("ops", "/api/segments/" + one + "/publish").getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(post("ops", "/api/segments/" + one + "/publish").getStatusCode()).as("already published").isEqualTo(HttpStatus.CONFLICT);
        assertThat(http.withBasicAuth("admin", "sandbox").exchange("/api/segments/" + one, HttpMethod.DELETE,
                null, String.class).getStatusCode()).as("published: unpublish first").isEqualTo(HttpStatus.CONFLICT);

        var limited = new SegmentService(store, crm, signals, new SegmentProperties(SegmentProperties.NamingCheck.warn, 1, ";",
                "Account", "accountSegmentNames6sense__c", "0 10 * * * ?"), transaction, json, clock);
        assertThatThrownBy(() -> limited.publish(two, "ops")).isInstanceOf(SegmentConflictException.class)
                .hasMessageContaining("at most 1 segments may be published");
        limited.unpublish(one, "ops");
        assertThat(limited.publish(two, "ops")).isPresent();
    }

    @Test
    void aFolderOutsideTheConventionIsAWarningOrARefusal() {
        var warned = http.withBasicAuth("ops", "sandbox").postForEntity("/api/segments",
                draft("Loose", "my accounts", json.createObjectNode().put("field", "industry").put("value", "x")), JsonNode.class);
        assertThat(warned.getStatusCode()).isEqualTo(HttpStatus.CREATED);
        assertThat(warned.getBody().path("warnings").get(0).asText())
                .isEqualTo("folder 'my accounts' does not follow the naming convention: expected 'Team Name - FY## Q# - Name of Campaign/Account List',"
                        + " e.g. 'ABM - FY24 Q2 - Tier 1 Accounts'");

        var strict = new SegmentService(store, crm, signals, new SegmentProperties(SegmentProperties.NamingCheck.refuse, 200, ";",
                "Account", "accountSegmentNames6sense__c", "0 10 * * * ?"), transaction, json, clock);
        assertThatThrownBy(() -> strict.create(new SegmentDraft("Strict", "my accounts", List.of(), SegmentKind.FILTER,
                json.createObjectNode().put("field", "industry").put("value", "x"), null, null), "ops"))
                .isInstanceOfSatisfying(SegmentValidationException.class, e -> assertThat(e.errors()).singleElement().asString()
                        .contains("expected", "Team Name - FY## Q# - Name of Campaign/Account List").doesNotContain("warn"));
        assertThat(store.findByName("Strict")).isEmpty();

        var bad = http.withBasicAuth("ops", "sandbox").postForEntity("/api/segments",
                draft("A;B", FOLDER, json.createObjectNode().put("field", "nope")), JsonNode.class);
        assertThat(bad.getStatusCode()).isEqualTo(HttpStatus.UNPROCESSABLE_ENTITY);
        assertThat(bad.getBody().path("errors").toString()).contains("must not contain ';'", "unknown field 'nope'");
    }

    @Test
    void anUploadedListReportsTheRowsThatMatchNothing() {
        account("001A00000000001AAA", "Software", 800, "United States", "https://www.acme.com/about");
        account("001A00000000002IAA", "Software", 40, "Germany", "beta.de");
        account("001A00000000003AAA", "Banking", 12_000, "United States", "bank.com");
        long list = createList("Tier 1 list");
        String csv = """
                Account Id
                001A00000000002
                ACME.com
                001A00000000003AAA
                nowhere.io
                003A00000000001AAA
                not a domain
                001A00000000009AAA
                """;

        var report = http.withBasicAuth("ops", "sandbox").postForEntity("/api/segments/" + list + "/list-upload",
                new HttpEntity<>(csv, csvHeaders()), JsonNode.class);

        assertThat(report.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(report.getBody().path("rows").asInt()).isEqualTo(7);
        assertThat(report.getBody().path("matchedAccounts").asInt()).isEqualTo(3);
        assertThat(report.getBody().path("unmatched").toString()).contains(
                "{\"line\":5,\"value\":\"nowhere.io\",\"reason\":\"no pulled Account has a website on nowhere.io\"}",
                "{\"line\":6,\"value\":\"003A00000000001AAA\",\"reason\":\"not an Account id (Account ids start with 001)\"}",
                "{\"line\":7,\"value\":\"not a domain\",\"reason\":\"neither a Salesforce Account id nor a domain\"}",
                "{\"line\":8,\"value\":\"001A00000000009AAA\",\"reason\":\"no pulled Account has this id\"}");

        membership.run();
        assertThat(members(list)).containsExactly("001A00000000001AAA", "001A00000000002IAA", "001A00000000003AAA");

        var filterSegment = create("Not a list", filter("{\"field\": \"industry\", \"value\": \"Software\"}"));
        assertThat(http.withBasicAuth("ops", "sandbox").postForEntity("/api/segments/" + filterSegment + "/list-upload",
                new HttpEntity<>(csv, csvHeaders()), JsonNode.class).getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
    }

    @Test
    void aCrmQuerySegmentPagesThroughTheOrgsAnswer() {
        List<String> banks = orgAccounts("Banking", 2_050);
        orgAccounts("Retail", 30);
        for (String id : banks.subList(0, 3)) {
            account(id, "Banking", 100, "United States", null);
        }

        var created = http.withBasicAuth("ops", "sandbox").postForEntity("/api/segments",
                crmDraft("Banks", "Industry = 'Banking'"), JsonNode.class);

        assertThat(created.getStatusCode()).isEqualTo(HttpStatus.CREATED);
        long id = created.getBody().path("segment").path("id").asLong();
        assertThat(jdbc.queryForObject("select count(*) from segment_source_account where segment_id = ?", Integer.class, id))
                .as("two pages (2,000 + 50)").isEqualTo(2_050);
        membership.run();
        assertThat(members(id)).as("members are the pulled accounts among them").containsExactlyElementsOf(banks.subList(0, 3).stream().sorted().toList());

        // on the schedule: a bank that changes industry in Salesforce leaves at the next query
        var changed = org.find(banks.get(0)).orElseThrow();
        org.updateAll(List.of(new SalesforceRecord(changed.id(), "Account", clock.instant(), false,
                changed.fields().deepCopy().put("Industry", "Retail"))));
        camel.sendBody("direct:segment-crm-queries", null);
        membership.run();
        assertThat(members(id)).hasSize(2).doesNotContain(banks.get(0));

        var refused = http.withBasicAuth("ops", "sandbox").postForEntity("/api/segments",
                crmDraft("Broken", "Industry = "), JsonNode.class);
        assertThat(refused.getStatusCode()).isEqualTo(HttpStatus.UNPROCESSABLE_ENTITY);
        assertThat(refused.getBody().path("errors").get(0).asText()).startsWith("crmQuery: Salesforce refused the query");
        var injected = http.withBasicAuth("ops", "sandbox").postForEntity("/api/segments",
                crmDraft("Two statements", "Industry = 'x' LIMIT 5"), JsonNode.class);
        assertThat(injected.getBody().path("errors").get(0).asText()).contains("'LIMIT' is not part of one");
        assertThat(store.findByName("Broken")).isEmpty();
    }

    @Test
    void theMarketoListFollowsMembership() {
        account("001A00000000001AAA", "Software", 800, "United States", "acme.com");
        account("001A00000000002AAA", "Software", 40, "Germany", "beta.de");
        account("001A00000000003AAA", "Banking", 40, "Germany", "bank.com");
        person("Contact", "003A00000000001AAA", json.createObjectNode().put("AccountId", "001A00000000001AAA"));
        person("Lead", "00QA00000000001AAA", json.createObjectNode().put("Email", "jo@acme.com").put("IsConverted", false));
        person("Contact", "003A00000000002AAA", json.createObjectNode().put("AccountId", "001A00000000002AAA"));
        person("Contact", "003A00000000003AAA", json.createObjectNode().put("AccountId", "001A00000000003AAA"));
        person("Contact", "003A00000000004AAA", json.createObjectNode().put("AccountId", "001A00000000002AAA"));
        long contact1 = lead("c1@acme.com", "sfdcContactId", "003A00000000001AAA");
        long lead1 = lead("jo@acme.com", "sfdcLeadId", "00QA00000000001AAA");
        long contact2 = lead("c2@beta.de", "sfdcContactId", "003A00000000002AAA");
        long banker = lead("c3@bank.com", "sfdcContactId", "003A00000000003AAA");
        var list = marketo.createList("ABM - Software buyers", clock.instant());
        long software = service.create(new SegmentDraft("Software", FOLDER, List.of("abm"), SegmentKind.FILTER,
                json.createObjectNode().put("field", "industry").put("value", "Software"), null, "ABM - Software buyers"), "ops")
                .segment().id();

        var first = membership.run();

        assertThat(first.audienceAdded()).isEqualTo(3);
        assertThat(listMembers(list.id())).containsExactlyInAnyOrder(contact1, lead1, contact2).doesNotContain(banker);
        assertThat(first.marketoCalls()).as("list by name, contacts, leads, one add").isEqualTo(4);

        account("001A00000000002AAA", "Retail", 40, "Germany", "beta.de");
        var second = membership.run();

        assertThat(second.audienceRemoved()).isEqualTo(1);
        assertThat(listMembers(list.id())).containsExactlyInAnyOrder(contact1, lead1);
        assertThat(jdbc.queryForList("select marketo_lead_id from segment_audience_lead where segment_id = ?", Long.class, software))
                .containsExactlyInAnyOrder(contact1, lead1);

        var third = membership.run();
        assertThat(third.audienceAdded() + third.audienceRemoved()).isZero();
        assertThat(third.marketoCalls()).as("only the list lookup by name").isEqualTo(1);
    }

    @Test
    void anAudienceListThatDoesNotExistIsAFailedExchangeAndMembershipStillHolds() {
        account("001A00000000001AAA", "Software", 800, "United States", "acme.com");
        long software = service.create(new SegmentDraft("Software", FOLDER, List.of(), SegmentKind.FILTER,
                json.createObjectNode().put("field", "industry").put("value", "Software"), null, "No such list"), "ops").segment().id();

        var run = membership.run();

        assertThat(run.audienceFailures()).isEqualTo(1);
        assertThat(members(software)).containsExactly("001A00000000001AAA");
        assertThat(jdbc.queryForObject("select status from segment_run", String.class)).isEqualTo("PARTIAL");
        assertThat(failures.list(new FailureFilter(SegmentMembership.ROUTE_ID, null, null, null, FailureStatus.FAILED), 10))
                .singleElement().satisfies(f -> assertThat(f.message()).contains("no static list named 'No such list'"));
    }

    // ---- helpers

    private long create(String name, JsonNode filter) {
        var response = http.withBasicAuth("ops", "sandbox").postForEntity("/api/segments", draft(name, FOLDER, filter), JsonNode.class);
        assertThat(response.getStatusCode()).as(String.valueOf(response.getBody())).isEqualTo(HttpStatus.CREATED);
        return response.getBody().path("segment").path("id").asLong();
    }

    private long createList(String name) {
        ObjectNode body = json.createObjectNode().put("name", name).put("folder", FOLDER).put("kind", "LIST");
        var response = http.withBasicAuth("ops", "sandbox").postForEntity("/api/segments", body, JsonNode.class);
        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.CREATED);
        return response.getBody().path("segment").path("id").asLong();
    }

    private ObjectNode draft(String name, String folder, JsonNode filter) {
        ObjectNode body = json.createObjectNode().put("name", name).put("folder", folder).put("kind", "FILTER");
        body.putArray("tags").add("test");
        body.set("filter", filter);
        return body;
    }

    private ObjectNode crmDraft(String name, String where) {
        return json.createObjectNode().put("name", name).put("folder", FOLDER).put("kind", "CRM_QUERY").put("crmQuery", where);
    }

    private JsonNode filter(String text) {
        try {
            return json.readTree(text);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    private ResponseEntity<JsonNode> post(String user, String path) {
        return http.withBasicAuth(user, "sandbox").postForEntity(path, null, JsonNode.class);
    }

    private List<String> members(long segment) {
        var body = http.withBasicAuth("viewer", "sandbox").getForObject("/api/segments/" + segment + "/members", JsonNode.class);
        var ids = new ArrayList<String>();
        body.path("members").forEach(m -> ids.add(m.path("accountId").asText()));
        return ids;
    }

    private Map<String, String> names() {
        var names = new java.util.HashMap<String, String>();
        jdbc.query("select account_id, names from account_segment_names", rs -> {
            names.put(rs.getString(1), rs.getString(2));
        });
        return names;
    }

    private Map<String, Instant> updatedAt() {
        var stamps = new java.util.HashMap<String, Instant>();
        jdbc.query("select account_id, updated_at from account_segment_names", rs -> {
            stamps.put(rs.getString(1), rs.getTimestamp(2).toInstant());
        });
        return stamps;
    }

    private void account(String id, String industry, int employees, String country, String website) {
        ObjectNode fields = json.createObjectNode().put("Id", id).put("Industry", industry).put("NumberOfEmployees", employees)
                .put("BillingCountry", country);
        if (website != null) {
            fields.put("Website", website);
        }
        base = base.plusSeconds(1);
        signals.commitPage("salesforce", "Account", List.of(new PulledRecord("salesforce", "Account", id, base, false, fields)), null);
    }

    private void person(String object, String id, ObjectNode fields) {
        signals.commitPage("salesforce", object, List.of(new PulledRecord("salesforce", object, id, base, false, fields.put("Id", id))), null);
    }

    private void score(String accountId, String stage, String fit, int intent, String reach, boolean qualified) {
        jdbc.update("""
                insert into account_score (account_id, as_of, profile_score, profile_fit, profile_probability, intent_score,
                    in_market_probability, reach_score, reach_level, reach, buying_stage, open_opportunity, qualified, contributors, scored_at)
                values (?, ?, 50, ?, 0.5, ?, 0.5, 50, ?, 0.5, ?, false, ?, '[]', ?)""",
                accountId, LocalDate.now(clock), fit, intent, reach, stage, qualified, Timestamp.from(clock.instant()));
    }

    private List<String> orgAccounts(String industry, int count) {
        var records = new ArrayList<SalesforceRecord>();
        for (int i = 0; i < count; i++) {
            String id = org.newId("001");
            records.add(new SalesforceRecord(id, "Account", base, false, json.createObjectNode().put("Id", id).put("IsDeleted", false)
                    .put("Name", industry + " " + i).put("Industry", industry).put("SystemModstamp", base.toString())));
        }
        org.insertAll(records);
        return records.stream().map(SalesforceRecord::id).toList();
    }

    private long lead(String email, String field, String value) {
        var lead = new MarketoLead(marketo.nextId(), email, base, base, json.createObjectNode().put("email", email).put(field, value));
        marketo.insertLead(lead);
        return lead.id();
    }

    private List<Long> listMembers(long listId) {
        return marketo.listMembers(listId, 0, 1_000).stream().map(MarketoLead::id).toList();
    }

    private static HttpHeaders csvHeaders() {
        var headers = new HttpHeaders();
        headers.setContentType(MediaType.valueOf("text/csv"));
        return headers;
    }
}

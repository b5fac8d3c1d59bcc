package io.signalbridge.writeback;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.signalbridge.failures.FailedExchangeStore;
import io.signalbridge.mapping.MappingService;
import io.signalbridge.salesforce.SalesforcePull;
import io.signalbridge.salesforce.SalesforceQueries;
import io.signalbridge.sandbox.generator.SandboxSeeder;
import io.signalbridge.sandbox.salesforce.SalesforceRecordStore;
import io.signalbridge.signals.SyncRuns;
import io.signalbridge.signals.SyncRuns.Run;
import io.signalbridge.signals.SyncRuns.Status;
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
 * The write-back against the sandbox org through camel-salesforce: scores on Accounts, Contacts and Leads
 * after a demo sync, only changes sent, Collections below the threshold and one Bulk job above it, the API
 * budget, fill-if-blank, drift, a refused mapping, preview and the mapping dry run. Works on a copy of mappings/.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT)
@ActiveProfiles({"sandbox", "test"})
class SalesforceWritebackTest {

    static final int PORT = FreePorts.find();
    static final Path DIRECTORY = Path.of("target/writeback-test-" + UUID.randomUUID());

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
    SalesforceWriteback writeback;
    @Autowired
    WritebackProperties settings;
    @Autowired
    MappingService mappings;
    @Autowired
    MappedValues values;
    @Autowired
    WrittenState state;
    @Autowired
    SalesforceWrites writes;
    @Autowired
    SalesforceQueries queries;
    @Autowired
    FailedExchangeStore failures;
    @Autowired
    SyncRuns runs;
    @Autowired
    SalesforceRecordStore org;
    @Autowired
    SandboxSeeder seeder;
    @Autowired
    SalesforcePull pull;
    @Autowired
    ProducerTemplate camel;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    ObjectMapper json;
    @Autowired
    Clock clock;
    @Autowired
    TestRestTemplate http;

    WritebackFixtures fixtures;

    @BeforeEach
    void emptyOrgAndScores() {
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> mappings.active("salesforce-lead").isPresent());
        fixtures = new WritebackFixtures(jdbc, org, json);
        fixtures.clear();
    }

    @Test
    void afterADemoSyncAndScoringTheOrgsAccountsContactsAndLeadsCarryTheScores() {
        seeder.reset(42, 60);
        jdbc.update("delete from signal_record");
        jdbc.update("delete from sync_watermark");
        pull.run("salesforce-accounts", "test");
        pull.run("salesforce-activities", "test");

        camel.sendBody("direct:score-accounts", null);

        Run first = lastRun();
        assertThat(first.status()).as(String.valueOf(first.error())).isEqualTo(Status.SUCCEEDED);
        assertThat(first.trigger()).isEqualTo("after-scoring");
        var accounts = soql("SELECT Id, accountIntentScore6sense__c, accountBuyingStage6sense__c, accountProfileFit6sense__c,"
                + " account6QA6sense__c, accountUpdateDate6sense__c FROM Account");
        var scores = jdbc.queryForList("select account_id, intent_score, buying_stage, profile_fit, qualified from account_score");
        assertThat(scores).hasSize(60);
        for (var score : scores) {
            JsonNode account = accounts.get(score.get("account_id").toString());
            assertThat(account.path("accountIntentScore6sense__c").asInt()).isEqualTo(((Number) score.get("intent_score")).intValue());
            assertThat(account.path("accountBuyingStage6sense__c").asText()).isEqualTo(score.get("buying_stage"));
            assertThat(account.path("accountProfileFit6sense__c").asText()).isEqualTo(score.get("profile_fit"));
            assertThat(account.path("account6QA6sense__c").asBoolean()).isEqualTo(score.get("qualified"));
            assertThat(account.path("accountUpdateDate6sense__c").isNull()).isFalse();
        }
        assertPeopleCarryTheirGrades("Contact", "CONTACT", "contactGrade6sense__c", "contactEngagementScore6sense__c");
        assertPeopleCarryTheirGrades("Lead", "LEAD", "leadGrade6sense__c", "leadEngagementScore6sense__c");
        long accountCalls = first.recordsByObject().get("Account.writeCalls");
        assertThat(accountCalls).isEqualTo(1);
        assertThat(first.recordsByObject()).containsEntry("Account.written", 60L);

        camel.sendBodyAndHeader("direct:salesforce-writeback", null, "trigger", "test");

        Run second = lastRun();
        assertThat(second.status()).isEqualTo(Status.SUCCEEDED);
        assertThat(second.apiCalls()).as("no score changed: not one call").isZero();
        assertThat(second.recordsByObject()).containsEntry("Account.unchanged", 60L)
                .doesNotContainKeys("Account.writeCalls", "Contact.writeCalls", "Lead.writeCalls");
    }

    private void assertPeopleCarryTheirGrades(String object, String type, String gradeField, String engagementField) {
        var people = soql("SELECT Id, " + gradeField + ", " + engagementField + " FROM " + object);
        var scores = jdbc.queryForList("select person_id, grade, engagement_score from person_score where person_type = ?", type);
        assertThat(scores).as(object).isNotEmpty();
        for (var score : scores) {
            JsonNode person = people.get(score.get("person_id").toString());
            assertThat(person.path(gradeField).asText()).isEqualTo(score.get("grade"));
            assertThat(person.path(engagementField).asInt()).isEqualTo(((Number) score.get("engagement_score")).intValue());
        }
    }

    @Test
    void belowTheThresholdWriteCallsAreChangedRecordsOver200RoundedUpAndOnlyChangedFieldsAreSent() {
        var ids = fixtures.scoredAccounts(450, clock.instant());

        Run first = run(writeback);
        assertThat(first.recordsByObject()).containsEntry("Account.changed", 450L).containsEntry("Account.written", 450L)
                .containsEntry("Account.writeCalls", 3L);
        assertThat(first.apiCalls()).isEqualTo(3);
        assertThat(fixtures.orgValue(ids.get(5), "accountIntentScore6sense__c")).isEqualTo("15");
        assertThat(fixtures.orgValue(ids.get(5), "accountBuyingStage6sense__c")).isEqualTo("Awareness");

        var changed = ids.subList(0, 201);
        fixtures.setIntent(changed, 99);
        fixtures.editInOrg(ids.get(0), "accountBuyingStage6sense__c", "Edited by hand");

        Run second = run(writeback);
        assertThat(second.recordsByObject()).containsEntry("Account.changed", 201L).containsEntry("Account.unchanged", 249L)
                .containsEntry("Account.writeCalls", 2L);
        assertThat(fixtures.orgValue(ids.get(0), "accountIntentScore6sense__c")).isEqualTo("99");
        assertThat(fixtures.orgValue(ids.get(0), "accountBuyingStage6sense__c")).as("only the changed field was sent").isEqualTo("Edited by hand");

        assertThat(run(writeback).apiCalls()).isZero();
    }

    @Test
    void aboveTheThresholdOneBulkApi2JobWritesEverything() {
        var ids = fixtures.scoredAccounts(450, clock.instant());
        var lowThreshold = new WritebackProperties(settings.mappings(), 100, 200, settings.apiBudgetShare(), Duration.ofMillis(50),
                Duration.ofMinutes(1), 5, settings.driftCron(), settings.changeOverlap());
        var bulkWriteback = new SalesforceWriteback(lowThreshold, mappings, values, state, writes, queries, failures, runs, json);

        Run first = run(bulkWriteback);

        assertThat(first.status()).as(String.valueOf(first.error())).isEqualTo(Status.SUCCEEDED);
        assertThat(first.recordsByObject()).containsEntry("Account.bulkJobs", 1L).containsEntry("Account.written", 450L)
                .doesNotContainKey("Account.writeCalls");
        assertThat(ids).allSatisfy(id -> assertThat(fixtures.orgValue(id, "accountProfileFit6sense__c")).isEqualTo("Moderate"));
        assertThat(fixtures.orgValue(ids.get(7), "accountIntentScore6sense__c")).isEqualTo("17");

        fixtures.setIntent(ids.subList(0, 10), 3);
        Run second = run(bulkWriteback);
        assertThat(second.recordsByObject()).as("10 changed: below the threshold").containsEntry("Account.writeCalls", 1L)
                .doesNotContainKey("Account.bulkJobs");
        assertThat(fixtures.orgValue(ids.get(9), "accountIntentScore6sense__c")).isEqualTo("3");
    }

    @Test
    void aRunStopsCleanlyAtItsApiBudgetAndTheNextRunWritesTheRest() {
        var ids = fixtures.scoredAccounts(450, clock.instant());
        long budget = (long) Math.floor(100_000 * settings.apiBudgetShare());
        jdbc.update("insert into sandbox_api_usage (org, usage_day, calls) values ('SALESFORCE', ?, ?)",
                java.time.LocalDate.now(clock.withZone(java.time.ZoneOffset.UTC)), budget - 1);

        Run stopped = run(writeback);

        assertThat(stopped.status()).isEqualTo(Status.BUDGET_STOPPED);
        assertThat(stopped.error()).contains("daily API allocation");
        assertThat(stopped.recordsByObject()).containsEntry("Account.written", 200L);
        assertThat(state.count("salesforce:Account", false)).isEqualTo(200);

        jdbc.update("delete from sandbox_api_usage");
        Run resumed = run(writeback);
        assertThat(resumed.status()).isEqualTo(Status.SUCCEEDED);
        assertThat(resumed.recordsByObject()).containsEntry("Account.changed", 250L).containsEntry("Account.writeCalls", 2L);
        assertThat(ids).allSatisfy(id -> assertThat(fixtures.orgValue(id, "accountReachScore6sense__c")).isEqualTo("Medium"));
    }

    @Test
    void fillIfBlankFillsABlankFieldOnceAndNeverOverwrites() {
        String original = mappings.active("salesforce-account").orElseThrow().content();
        String fillIfBlank = original.replace("""
                  - source: account.buyingStage
                    target: accountBuyingStage6sense__c
                """, """
                  - source: account.buyingStage
                    target: accountBuyingStage6sense__c
                    policy: fill-if-blank
                """);
        assertThat(mappings.update("salesforce-account", fillIfBlank, "test", "api").valid()).isTrue();
        try {
            var ids = fixtures.scoredAccounts(3, clock.instant());
            fixtures.editInOrg(ids.get(0), "accountBuyingStage6sense__c", "Set by sales");

            Run first = run(writeback);
            assertThat(first.status()).as(String.valueOf(first.error())).isEqualTo(Status.SUCCEEDED);
            assertThat(fixtures.orgValue(ids.get(0), "accountBuyingStage6sense__c")).isEqualTo("Set by sales");
            assertThat(fixtures.orgValue(ids.get(1), "accountBuyingStage6sense__c")).isEqualTo("Awareness");
            assertThat(first.apiCalls()).as("one read-back of the org's values, one write").isEqualTo(2);

            jdbc.update("update account_score set buying_stage = 'Decision', intent_score = 91");
            run(writeback);
            assertThat(fixtures.orgValue(ids.get(0), "accountBuyingStage6sense__c")).isEqualTo("Set by sales");
            assertThat(fixtures.orgValue(ids.get(1), "accountBuyingStage6sense__c")).as("filled once, then left alone").isEqualTo("Awareness");
            assertThat(fixtures.orgValue(ids.get(1), "accountIntentScore6sense__c")).isEqualTo("91");
        } finally {
            mappings.update("salesforce-account", original, "test", "api");
        }
    }

    @Test
    void aRefusedMappingLeavesTheActiveOneAndTheNextRunWritesWithIt() {
        var before = mappings.active("salesforce-account").orElseThrow();
        String bad = before.content().replace("target: accountIntentScore6sense__c", "target: accountIntentScore__c");

        var report = mappings.update("salesforce-account", bad, "test", "api");

        assertThat(report.valid()).isFalse();
        assertThat(mappings.active("salesforce-account").orElseThrow().version()).isEqualTo(before.version());
        var ids = fixtures.scoredAccounts(2, clock.instant());
        Run run = run(writeback);
        assertThat(run.status()).isEqualTo(Status.SUCCEEDED);
        assertThat(fixtures.orgValue(ids.get(1), "accountIntentScore6sense__c")).isEqualTo("11");
    }

    @Test
    void driftIsFoundByReadingTheFieldsBackAndRewritten() {
        var ids = fixtures.scoredAccounts(30, clock.instant());
        run(writeback);
        fixtures.editInOrg(ids.get(0), "accountIntentScore6sense__c", "1");
        fixtures.editInOrg(ids.get(1), "accountReachScore6sense__c", null);
        fixtures.editInOrg(ids.get(2), "accountUpdateDate6sense__c", "2020-01-01T00:00:00.000+0000");

        camel.sendBodyAndHeader("direct:salesforce-writeback-drift", null, "trigger", "test");

        Run drift = runs.recent(WritebackDrift.JOB, 1).get(0);
        assertThat(drift.status()).isEqualTo(Status.SUCCEEDED);
        assertThat(drift.recordsByObject()).containsEntry("Account.checked", 30L).containsEntry("Account.drifted", 3L);
        assertThat(drift.apiCalls()).as("one query for 30 accounts (Contact and Lead have none)").isEqualTo(3);
        Run rewrite = lastRun();
        assertThat(rewrite.trigger()).isEqualTo("drift");
        assertThat(rewrite.recordsByObject()).containsEntry("Account.changed", 3L).containsEntry("Account.writeCalls", 1L);
        assertThat(fixtures.orgValue(ids.get(0), "accountIntentScore6sense__c")).isEqualTo("10");
        assertThat(fixtures.orgValue(ids.get(1), "accountReachScore6sense__c")).isEqualTo("Medium");
        assertThat(fixtures.orgValue(ids.get(2), "accountUpdateDate6sense__c")).isNotEqualTo("2020-01-01T00:00:00.000+0000");
    }

    @Test
    void segmentNamesAreWrittenAnEmptyListClearsAndAMissingRowWritesNothing() {
        var ids = fixtures.scoredAccounts(3, clock.instant());
        jdbc.update("insert into account_segment_names (account_id, names, updated_at) values (?, 'ABM Tier 1;Retail', ?)",
                ids.get(0), java.time.LocalDateTime.now(clock));
        jdbc.update("insert into account_segment_names (account_id, names, updated_at) values (?, '', ?)", ids.get(1),
                java.time.LocalDateTime.now(clock));
        fixtures.editInOrg(ids.get(1), "accountSegmentNames6sense__c", "Old segment");
        fixtures.editInOrg(ids.get(2), "accountSegmentNames6sense__c", "Kept");

        run(writeback);

        assertThat(fixtures.orgValue(ids.get(0), "accountSegmentNames6sense__c")).isEqualTo("ABM Tier 1;Retail");
        assertThat(fixtures.orgValue(ids.get(1), "accountSegmentNames6sense__c")).isNull();
        assertThat(fixtures.orgValue(ids.get(2), "accountSegmentNames6sense__c")).isEqualTo("Kept");
    }

    @Test
    void aRecordTheOrgRefusesForGoodIsKeptForOpsAndNotSentAgain() {
        var ids = fixtures.scoredAccounts(3, clock.instant());
        var deleted = org.find(ids.get(1)).orElseThrow();
        org.updateAll(List.of(new io.signalbridge.sandbox.salesforce.SalesforceRecord(deleted.id(), "Account", deleted.systemModstamp(), true,
                deleted.fields().deepCopy().put("IsDeleted", true))));

        Run first = run(writeback);

        assertThat(first.recordsByObject()).containsEntry("Account.written", 2L).containsEntry("Account.failed", 1L);
        var kept = failures.list(new io.signalbridge.failures.FailureFilter(SalesforceWriteback.RECORD_ROUTE, null, null, null, null), 10);
        assertThat(kept).singleElement().satisfies(failure -> {
            assertThat(failure.failureKey()).isEqualTo("salesforce:Account/" + ids.get(1));
            assertThat(failure.errorCode()).isEqualTo("ENTITY_IS_DELETED");
            assertThat(failure.payload()).contains(ids.get(1)).contains("accountIntentScore6sense__c");
            assertThat(failure.replayTarget()).isEqualTo("direct://" + SalesforceWriteback.RECORD_ROUTE);
        });
        assertThat(state.find("salesforce:Account", ids.get(1)).orElseThrow().blockedCode()).isEqualTo("ENTITY_IS_DELETED");

        Run second = run(writeback);
        assertThat(second.apiCalls()).as("blocked until replayed").isZero();
        assertThat(second.recordsByObject()).containsEntry("Account.blocked", 1L);
    }

    @Test
    void previewShowsWhatWouldBeWrittenWithoutWritingAndValidateCountsTheRecordsACandidateChanges() {
        var ids = fixtures.scoredAccounts(25, clock.instant());

        var preview = http.withBasicAuth("viewer", "sandbox").postForEntity("/api/syncs/salesforce-writeback/preview", null, JsonNode.class);

        assertThat(preview.getStatusCode()).isEqualTo(HttpStatus.OK);
        JsonNode account = preview.getBody().get(0);
        assertThat(account.path("object").asText()).isEqualTo("Account");
        assertThat(account.path("changed").asLong()).isEqualTo(25);
        assertThat(account.path("sample")).hasSize(20);
        assertThat(account.path("sample").get(0).path("changes").path("accountProfileFit6sense__c").asText()).isEqualTo("Moderate");
        assertThat(fixtures.orgValue(ids.get(0), "accountProfileFit6sense__c")).as("nothing written").isNull();
        assertThat(state.count("salesforce:Account", false)).isZero();

        run(writeback);
        String candidate = mappings.active("salesforce-account").orElseThrow().content().replace("""
                  - source: account.profileFit
                    target: accountProfileFit6sense__c
                """, """
                  - source: account.profileFit
                    target: accountProfileFit6sense__c
                    valueMap: {Moderate: Medium fit}
                """);
        var validation = http.withBasicAuth("viewer", "sandbox").postForObject("/api/mappings/salesforce-account/validate", candidate, JsonNode.class);
        assertThat(validation.path("valid").asBoolean()).as(validation.toString()).isTrue();
        assertThat(validation.path("wouldWrite").path("changed").asLong()).isEqualTo(25);
        assertThat(validation.path("wouldWrite").path("sample").get(0).path("changes").fieldNames())
                .as("a changed mapped value moves the record's update date with it")
                .toIterable().containsExactly("accountProfileFit6sense__c", "accountUpdateDate6sense__c");
        assertThat(validation.path("wouldWrite").path("sample").get(0).path("changes").path("accountProfileFit6sense__c").asText())
                .isEqualTo("Medium fit");
        assertThat(http.withBasicAuth("viewer", "sandbox").postForEntity("/api/syncs/salesforce-writeback/run", null, String.class)
                .getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
    }

    private Map<String, JsonNode> soql(String query) {
        var byId = new java.util.HashMap<String, JsonNode>();
        var page = queries.queryAll(query);
        while (true) {
            page.records().forEach(r -> byId.put(r.path("Id").asText(), r));
            if (page.done() || page.nextRecordsUrl() == null) {
                return byId;
            }
            page = queries.next(page.nextRecordsUrl());
        }
    }

    private Run run(SalesforceWriteback engine) {
        long id = engine.run("test").orElseThrow();
        return runs.find(id).orElseThrow();
    }

    private Run lastRun() {
        return runs.recent(SalesforceWriteback.JOB, 1).get(0);
    }
}

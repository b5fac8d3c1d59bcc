package io.signalbridge.writeback;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;

import io.signalbridge.mapping.MappingError;
import io.signalbridge.mapping.MappingService;
import io.signalbridge.marketo.MarketoActivityPull;
import io.signalbridge.salesforce.SalesforcePull;
import io.signalbridge.sandbox.generator.SandboxSeeder;
import io.signalbridge.sandbox.marketo.MarketoLead;
import io.signalbridge.sandbox.marketo.MarketoStore;
import io.signalbridge.signals.SyncRuns;
import io.signalbridge.signals.SyncRuns.Run;
import io.signalbridge.signals.SyncRuns.Status;
import io.signalbridge.support.FreePorts;
import io.signalbridge.support.ShippedMappings;

import org.apache.camel.ProducerTemplate;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeAll;
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
 * The Marketo lead push against the sandbox instance: after the demo's pulls and a scoring run, every linked
 * lead carries its account's and person's scores; a second push sends nothing; a few changed scores send only
 * those leads. The shipped mapping is valid against the sandbox's lead describe, and a bad edit is refused.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT)
@ActiveProfiles({"sandbox", "test"})
class MarketoLeadPushTest {

    static final int PORT = FreePorts.find();
    static final Path DIRECTORY = Path.of("target/marketo-push-test-" + UUID.randomUUID());

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("server.port", () -> PORT);
        registry.add("signalbridge.mappings.directory", DIRECTORY::toString);
        registry.add("signalbridge.mappings.load-on-start", () -> true);
        registry.add("signalbridge.mappings.reload-interval", () -> "1h");
    }

    @BeforeAll
    static void copyShippedMapping() throws IOException {
        ShippedMappings.copy(DIRECTORY, List.of("marketo-lead"));
    }

    @Autowired
    MarketoLeadPush push;
    @Autowired
    MappingService mappings;
    @Autowired
    SandboxSeeder seeder;
    @Autowired
    SalesforcePull salesforcePull;
    @Autowired
    MarketoActivityPull marketoPull;
    @Autowired
    MarketoStore instance;
    @Autowired
    SyncRuns runs;
    @Autowired
    ProducerTemplate camel;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    TestRestTemplate http;

    /** A fresh demo org, pulled; nothing scored or pushed yet. */
    private void freshOrgPulled() {
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> mappings.active("marketo-lead").isPresent());
        seeder.reset(42, 60);
        // marketo_lead_link stays: the same seed gives the same links, and the resolver does not save links it has cached
        for (String table : List.of("signal_record", "sync_watermark", "sync_run", "writeback_state",
                "writeback_pending", "failed_exchange_audit", "failed_exchange", "marketo_api_day")) {
            jdbc.update("delete from " + table);
        }
        salesforcePull.run("salesforce-accounts", "test");
        salesforcePull.run("salesforce-activities", "test");
        marketoPull.run("marketo-activities", "test");
    }

    @Test
    void fillIfBlankKeepsAValueMarketoHasAndDriftPushesAgainWhatWasChangedThere() {
        freshOrgPulled();
        var original = mappings.active("marketo-lead").orElseThrow().content();
        var fillIfBlank = original.replace("  - source: person.grade\n    target: contactGrade6sense\n",
                "  - source: person.grade\n    target: contactGrade6sense\n    policy: fill-if-blank\n");
        assertThat(fillIfBlank).isNotEqualTo(original);
        var report = mappings.update("marketo-lead", fillIfBlank, "test", "api");
        assertThat(report.valid()).as(String.valueOf(report)).isTrue();
        try {
            camel.requestBodyAndHeader("direct:score-accounts", null, "trigger", "test");
            var expected = expectedValues();
            var graded = expected.entrySet().stream().filter(e -> e.getValue().get("contactGrade6sense") != null)
                    .map(Map.Entry::getKey).sorted().toList();
            assertThat(graded).hasSizeGreaterThan(3);
            // a lead whose grade a marketer set in Marketo: the push must not overwrite it
            jdbc.update("delete from writeback_state where target = 'marketo:Lead'");
            long handSet = graded.get(0);
            editInInstance(handSet, "contactGrade6sense", "X");

            Run pushed = runs.find(push.run("test").orElseThrow()).orElseThrow();
            assertThat(pushed.status()).as(String.valueOf(pushed.error())).isEqualTo(Status.SUCCEEDED);
            assertThat(pushed.apiCalls()).as("read-back of the fill-if-blank field, then Sync Leads")
                    .isEqualTo((int) (2 * ((expected.size() + 299) / 300)));
            var after = leadsById(Set.copyOf(graded));
            assertThat(text(after.get(handSet), "contactGrade6sense")).isEqualTo("X");
            assertThat(text(after.get(graded.get(1)), "contactGrade6sense"))
                    .isEqualTo(expected.get(graded.get(1)).get("contactGrade6sense"));

            // drift: an intent score overwritten in Marketo is pushed again; the marketer's grade stays
            long edited = graded.get(2);
            editInInstance(edited, "accountIntentScore6sense", "1");
            camel.requestBodyAndHeader("direct:marketo-lead-push-drift", null, "trigger", "test");
            Run drift = runs.recent(MarketoLeadDrift.JOB, 1).get(0);
            assertThat(drift.status()).isEqualTo(Status.SUCCEEDED);
            assertThat(drift.recordsByObject()).containsEntry("Lead.checked", (long) expected.size()).containsEntry("Lead.drifted", 1L);
            var repaired = leadsById(Set.of(edited, handSet));
            assertThat(text(repaired.get(edited), "accountIntentScore6sense"))
                    .isEqualTo(expected.get(edited).get("accountIntentScore6sense"));
            assertThat(text(repaired.get(handSet), "contactGrade6sense")).isEqualTo("X");
        } finally {
            mappings.update("marketo-lead", original, "test", "api");
        }
    }

    private void editInInstance(long leadId, String field, String value) {
        var lead = instance.findLead(leadId).orElseThrow();
        var fields = lead.fields().deepCopy();
        fields.put(field, value);
        instance.updateLead(new MarketoLead(lead.id(), lead.email(), lead.createdAt(), lead.updatedAt(), fields));
    }

    @Test
    void afterPullsAndScoringLinkedLeadsCarryTheScoresAndOnlyChangesAreSentAgain() {
        freshOrgPulled();

        // as the hourly schedule sends it: Quartz's own Trigger in header "trigger" must not become the runs' trigger
        camel.sendBodyAndHeader("direct:score-accounts", null, "trigger",
                "Trigger 'signalbridge.scoring':  triggerClass: 'org.quartz.impl.triggers.CronTriggerImpl calendar: 'null' misfireInstruction: 2");

        Run first = lastRun();
        assertThat(first.status()).as(String.valueOf(first.error())).isEqualTo(Status.SUCCEEDED);
        assertThat(first.trigger()).isEqualTo("after-scoring");
        var expected = expectedValues();
        assertThat(expected).as("leads linked to a scored account or person").hasSizeGreaterThan(20);
        long leads = expected.size();
        assertThat(first.recordsByObject()).containsEntry("Lead.changed", leads).containsEntry("Lead.written", leads)
                .containsEntry("Lead.writeCalls", (leads + 299) / 300);
        assertThat(first.apiCalls()).isEqualTo((int) ((leads + 299) / 300));
        Map<Long, MarketoLead> pushed = leadsById(expected.keySet());
        expected.forEach((id, values) -> values.forEach((field, value) ->
                assertThat(text(pushed.get(id), field)).as("lead %s %s", id, field).isEqualTo(value)));

        Run second = runs.find(push.run("test").orElseThrow()).orElseThrow();
        assertThat(second.status()).isEqualTo(Status.SUCCEEDED);
        assertThat(second.apiCalls()).as("no score changed: not one call").isZero();
        assertThat(second.recordsByObject()).containsEntry("Lead.unchanged", leads).doesNotContainKey("Lead.writeCalls");

        // two accounts' intent changes: only their leads are sent, with only that field
        List<String> accounts = jdbc.queryForList("""
                select distinct coalesce(l.account_id, p.account_id) from marketo_lead_link l
                left join person_score p on p.person_id = coalesce(l.contact_id, l.lead_id)
                where coalesce(l.account_id, p.account_id) in (select account_id from account_score)
                order by 1 fetch first 2 rows only""", String.class);
        accounts.forEach(account -> jdbc.update("update account_score set intent_score = 99 where account_id = ?", account));
        Set<Long> changedLeads = Set.copyOf(jdbc.queryForList("""
                select l.marketo_lead_id from marketo_lead_link l
                left join person_score p on p.person_id = coalesce(l.contact_id, l.lead_id)
                where coalesce(l.account_id, p.account_id) in (?, ?)""", String.class, accounts.get(0), accounts.get(1))
                .stream().map(Long::valueOf).toList());
        Map<Long, Instant> updatedBefore = leadsById(expected.keySet()).values().stream()
                .collect(Collectors.toMap(MarketoLead::id, MarketoLead::updatedAt));
        long intentChangesBefore = intentChanges();

        Run third = runs.find(push.run("test").orElseThrow()).orElseThrow();

        assertThat(third.status()).isEqualTo(Status.SUCCEEDED);
        assertThat(third.recordsByObject()).containsEntry("Lead.changed", (long) changedLeads.size())
                .containsEntry("Lead.written", (long) changedLeads.size()).containsEntry("Lead.writeCalls", 1L);
        assertThat(third.apiCalls()).isEqualTo(1);
        var after = leadsById(expected.keySet());
        assertThat(after.values().stream().filter(l -> !l.updatedAt().equals(updatedBefore.get(l.id()))).map(MarketoLead::id))
                .as("only the leads of the two accounts were updated").containsExactlyInAnyOrderElementsOf(changedLeads);
        changedLeads.forEach(id -> assertThat(text(after.get(id), "accountIntentScore6sense")).isEqualTo("99"));
        assertThat(intentChanges() - intentChangesBefore).as("one intent change per lead sent").isEqualTo(changedLeads.size());
        assertThat(jdbc.queryForObject("select count(*) from failed_exchange", Long.class)).isZero();

        // preview and run-now through the API: one account's buying stage changes
        jdbc.update("update account_score set buying_stage = 'Purchase' where account_id = ?", accounts.get(0));
        var preview = http.withBasicAuth("viewer", "sandbox").postForEntity("/api/syncs/marketo-lead-push/preview", null, JsonNode.class);
        assertThat(preview.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(preview.getBody().path("changed").asLong()).isPositive().isLessThan(changedLeads.size() + 1L);
        assertThat(preview.getBody().path("records").asLong()).isEqualTo(leads);
        assertThat(preview.getBody().path("sample").get(0).path("changes").fieldNames()).toIterable()
                .as("the stage and the account part's update date; the contact part's update date stays")
                .containsExactly("accountBuyingStage6sense", "accountUpdateDate6sense");
        assertThat(http.withBasicAuth("viewer", "sandbox").postForEntity("/api/syncs/marketo-lead-push/run", null, String.class)
                .getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
        assertThat(http.withBasicAuth("ops", "sandbox").postForEntity("/api/syncs/marketo-lead-push/run", null, String.class)
                .getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> lastRun().trigger().equals("manual") && lastRun().endedAt() != null);
        assertThat(lastRun().recordsByObject()).containsEntry("Lead.written", preview.getBody().path("changed").asLong())
                .containsEntry("Lead.writeCalls", 1L);
    }

    @Test
    void theShippedMappingIsValidAndAnEditWithAnUnknownOrReadOnlyFieldIsRefusedWhileTheActiveVersionStays() throws IOException {
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> mappings.active("marketo-lead").isPresent());
        var active = mappings.active("marketo-lead").orElseThrow();
        assertThat(mappings.validate("marketo-lead", Files.readString(Path.of("mappings", "marketo-lead.yaml"))).errors()).isEmpty();

        var report = mappings.update("marketo-lead", """
                system: marketo
                object: Lead
                fields:
                  - source: account.intentScore
                    target: accountIntentScore6sense
                  - source: account.buyingStage
                    target: accountBuyingStageSixsense
                  - source: person.grade
                    target: sfdcContactId
                  - source: account.buyingStage
                    target: account6QA6sense
                """, "ops", "api");

        assertThat(report.valid()).isFalse();
        assertThat(report.errors()).extracting(MappingError::file).containsOnly("marketo-lead.yaml");
        assertThat(report.errors()).anySatisfy(e -> {
            assertThat(e.line()).isEqualTo(6);
            assertThat(e.field()).isEqualTo("accountBuyingStageSixsense");
            assertThat(e.reason()).isEqualTo("no field accountBuyingStageSixsense on Lead in the Marketo instance's lead describe");
        });
        assertThat(report.errors()).anySatisfy(e -> {
            assertThat(e.line()).isEqualTo(8);
            assertThat(e.field()).isEqualTo("sfdcContactId");
            assertThat(e.reason()).isEqualTo("sfdcContactId is not updateable");
        });
        assertThat(report.errors()).anySatisfy(e -> {
            assertThat(e.line()).isEqualTo(10);
            assertThat(e.reason()).isEqualTo("account.buyingStage (text) cannot be written to account6QA6sense (boolean)");
        });
        assertThat(mappings.active("marketo-lead").orElseThrow().version()).isEqualTo(active.version());
        assertThat(Files.readString(DIRECTORY.resolve("marketo-lead.yaml"))).isEqualTo(active.content());
    }

    /** Per linked lead with scores, the text of each pushed field as the sandbox stores it. */
    private Map<Long, Map<String, String>> expectedValues() {
        var expected = new HashMap<Long, Map<String, String>>();
        jdbc.query("""
                select l.marketo_lead_id, s.intent_score, s.buying_stage, s.profile_fit, s.qualified, p.grade, p.engagement_score,
                       p.profile_score
                from marketo_lead_link l
                left join person_score p on p.person_id = coalesce(l.contact_id, l.lead_id)
                left join account_score s on s.account_id = coalesce(l.account_id, p.account_id)
                where p.person_id is not null or s.account_id is not null""", rs -> {
            var values = new HashMap<String, String>();
            if (rs.getString(2) != null) {
                values.put("accountIntentScore6sense", rs.getString(2));
                values.put("accountBuyingStage6sense", rs.getString(3));
                values.put("accountProfileFit6sense", rs.getString(4));
                values.put("account6QA6sense", String.valueOf(rs.getBoolean(5)));
            }
            if (rs.getString(6) != null) {
                values.put("contactGrade6sense", rs.getString(6));
                values.put("contactEngagementScore6sense", rs.getString(7));
                values.put("contactProfileScore6sense", rs.getString(8));
            }
            expected.put(Long.valueOf(rs.getString(1)), values);
        });
        return expected;
    }

    private Map<Long, MarketoLead> leadsById(Set<Long> ids) {
        return instance.findLeads(ids).stream().collect(Collectors.toMap(MarketoLead::id, l -> l));
    }

    private static String text(MarketoLead lead, String field) {
        var value = lead.fields().get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    private long intentChanges() {
        return jdbc.queryForObject("select count(*) from sandbox_mkto_activity where primary_attribute_value = '6sense Account Intent Score'",
                Long.class);
    }

    private Run lastRun() {
        return runs.recent(MarketoLeadPush.JOB, 1).get(0);
    }
}

package io.signalbridge;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.signalbridge.mapping.MappingService;
import io.signalbridge.scores.AccountScoring;
import io.signalbridge.support.FreePorts;
import io.signalbridge.support.ShippedMappings;

import org.apache.camel.ProducerTemplate;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.util.LinkedMultiValueMap;

/**
 * The chain as the schedules run it, against the sandbox orgs: the pulls, then scoring with segment membership, the
 * Salesforce write-back and the Marketo lead push. A cycle with nothing new must leave both orgs untouched (not one
 * save, not one moved SystemModstamp or Marketo updatedAt); one new Task on one account may change only that
 * account and its people, and only where a mapped value changed.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT)
@ActiveProfiles({"sandbox", "test"})
class ScheduledChainAgainstSandboxTest {

    static final int PORT = FreePorts.find();
    static final Path MAPPINGS = Path.of("target/chain-test-mappings-" + UUID.randomUUID());
    static final String DATA = "/sandbox/salesforce/services/data/v62.0";
    /** Fields the org moves on every save, and the update dates that move with a change of the others. */
    static final Set<String> MOVE_WITH_ANY_SAVE = Set.of("SystemModstamp", "LastModifiedDate", "accountUpdateDate6sense__c",
            "contactUpdateDate6sense__c", "leadUpdateDate6sense__c");

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("server.port", () -> PORT);
        registry.add("signalbridge.sandbox.seed-on-start", () -> true);
        registry.add("signalbridge.mappings.directory", MAPPINGS::toString);
        registry.add("signalbridge.mappings.load-on-start", () -> true);
        registry.add("signalbridge.mappings.reload-interval", () -> "1h");
        // A scoring run looks again at records pulled within this overlap before the last run: the cycles here are
        // seconds apart, not 15 minutes, so a short overlap keeps the first cycle's records out of the last one.
        registry.add("signalbridge.scoring.change-overlap", () -> "2s");
        registry.add("signalbridge.writeback.change-overlap", () -> "2s");
        registry.add("signalbridge.marketo.push.change-overlap", () -> "2s");
        // Scores are as of the end of the scoring day: a zone where it is about noon now keeps the cycles of this test
        // inside one scoring day, whenever the suite runs.
        int hour = java.time.Instant.now().atZone(ZoneOffset.UTC).getHour();
        registry.add("signalbridge.scoring.zone", () -> ZoneOffset.ofHours(12 - hour).getId());
    }

    @BeforeAll
    static void copyShippedMappings() throws IOException {
        ShippedMappings.copy(MAPPINGS, List.of("salesforce-account", "salesforce-contact", "salesforce-lead", "marketo-lead"));
    }

    @Autowired
    ProducerTemplate camel;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    MappingService mappings;
    @Autowired
    TestRestTemplate http;
    @Autowired
    ObjectMapper json;

    /** The write-back's per-record outcome counts (WritebackDiff.Outcome), as sync_run records them. */
    static final Set<String> DIFF_OUTCOMES = Set.of("unchanged", "changed", "settled", "blocked", "missing_in_org");

    record SavedRecord(String modstamp, int saves, ObjectNode fields) {
    }

    @Test
    void aCycleWithNothingNewWritesNothingAndOneNewTaskWritesOnlyWhatItChanged() throws Exception {
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> mappings.active("marketo-lead").isPresent()
                && mappings.active("salesforce-lead").isPresent() && jdbc.queryForObject(
                "select count(*) from sandbox_sf_record where object_name = 'Account'", Integer.class) > 0);

        var first = cycle();
        assertThat(first.type()).isEqualTo(AccountScoring.RunType.FULL);
        assertThat(apiCallsOfWrites(first.run())).as("the first cycle writes the scores").isPositive();
        assertThat(jdbc.queryForObject("select count(*) from writeback_state where target = 'marketo:Lead'", Integer.class))
                .as("Marketo leads were pushed").isPositive();

        // Nothing new, twice: the write-back saw our own saves come back through the pulls, and rescored.
        // Each cycle starts after the overlap has passed since the one before, as 15-minute schedules do: a scoring run
        // looks again at what was pulled within the overlap before the last run, so without the pause the Task cycle
        // would also rescore the accounts whose own saves came back through the second cycle's pulls.
        for (int quiet = 0; quiet < 2; quiet++) {
            Thread.sleep(3_000);
            var org = salesforceOrg();
            var leads = marketoLeads();
            var summary = cycle();
            assertThat(summary.type()).isEqualTo(AccountScoring.RunType.INCREMENTAL);
            assertThat(changed(org, salesforceOrg())).as("Salesforce records saved by a cycle with nothing new").isEmpty();
            assertThat(changedLeads(leads, marketoLeads())).as("Marketo leads updated by a cycle with nothing new").isEmpty();
            assertThat(apiCallsOfWrites(summary.run())).as("write calls of a quiet cycle").isZero();
            if (quiet == 1) {
                assertThat(summary.accounts()).as("accounts rescored once our own saves have come back").isZero();
                assertThat(recordsLookedAt(summary.run(), "salesforce-writeback", "Account"))
                        .as("records the write-back diffed after a run that rescored nothing, beyond the previous cycle's")
                        .isLessThanOrEqualTo(recordsLookedAt(first.run(), "salesforce-writeback", "Account"));
            }
        }

        // One new Task, logged by a rep on one account's contact, once the overlap has passed.
        Thread.sleep(3_000);
        var org = salesforceOrg();
        var leads = marketoLeads();
        String account = org.values().stream().filter(r -> r.fields().path("attributes").isMissingNode())
                .map(r -> r.fields()).filter(f -> f.path("Id").asText().startsWith("003"))
                .map(f -> f.path("AccountId").asText(null)).filter(Objects::nonNull).sorted().findFirst().orElseThrow();
        Set<String> people = new HashSet<>();
        org.forEach((id, record) -> {
            if (id.startsWith("003") && account.equals(record.fields().path("AccountId").asText(null))) {
                people.add(id);
            }
        });
        people.addAll(jdbc.queryForList("select person_id from person_score where account_id = ?", String.class, account));
        String contact = people.stream().filter(id -> id.startsWith("003")).sorted().findFirst().orElseThrow();
        String task = createTask(contact, account);

        var summary = cycle();
        assertThat(summary.type()).isEqualTo(AccountScoring.RunType.INCREMENTAL);
        assertThat(summary.accounts()).as("only the touched account is rescored").isEqualTo(1);
        assertThat(recordsLookedAt(summary.run(), "salesforce-writeback", "Account"))
                .as("the write-back after it diffs only the rescored account, not the org").isEqualTo(1);
        assertThat(recordsLookedAt(summary.run(), "salesforce-writeback", "Contact")
                + recordsLookedAt(summary.run(), "salesforce-writeback", "Lead"))
                .as("and only that account's people").isPositive().isLessThanOrEqualTo(people.size());
        var after = salesforceOrg();
        var saved = changed(org, after);
        saved.remove(task);
        var allowed = new HashSet<>(people);
        allowed.add(account);
        assertThat(allowed).containsAll(saved);
        assertThat(saved).as("the account's reach moved with the new Task").contains(account);
        for (String id : saved) {
            assertThat(mappedValuesChanged(org.get(id).fields(), after.get(id).fields()))
                    .as("record %s was saved with a changed mapped value", id).isTrue();
        }
        Set<String> linked = new HashSet<>(jdbc.queryForList("""
                select cast(marketo_lead_id as varchar(20)) from marketo_lead_link
                where account_id = ? or contact_id in (%s) or lead_id in (%s)""".formatted(in(people), in(people)),
                String.class, account));
        assertThat(linked).containsAll(changedLeads(leads, marketoLeads()));
    }

    /** One cycle of the schedules: the three pull jobs, then scoring with everything that follows it. */
    AccountScoring.RunSummary cycle() {
        for (String job : List.of("salesforce-accounts", "salesforce-activities")) {
            camel.requestBodyAndHeaders("direct:salesforce-pull", null, Map.of("job", job, "trigger", "schedule"));
        }
        camel.requestBodyAndHeaders("direct:marketo-pull", null, Map.of("job", "marketo-activities", "trigger", "schedule"));
        return camel.requestBody("direct:score-accounts", null, AccountScoring.RunSummary.class);
    }

    /** API calls of the write-back and Marketo push runs that followed the scoring run. */
    int apiCallsOfWrites(long scoringRun) {
        var started = jdbc.queryForObject("select started_at from scoring_run where id = ?", java.time.LocalDateTime.class, scoringRun);
        return jdbc.queryForObject("""
                select coalesce(sum(api_calls), 0) from sync_run
                where job in ('salesforce-writeback', 'marketo-lead-push') and started_at >= ?""", Integer.class, started);
    }

    /** Records of {@code object} the job's run after that scoring run diffed, whatever the outcome (sync_run counts). */
    long recordsLookedAt(long scoringRun, String job, String object) throws IOException {
        var started = jdbc.queryForObject("select started_at from scoring_run where id = ?", java.time.LocalDateTime.class, scoringRun);
        String counts = jdbc.queryForObject("select records_by_object from sync_run where job = ? and started_at >= ? order by id limit 1",
                String.class, job, started);
        long total = 0;
        JsonNode byObject = json.readTree(counts);
        for (var entry : (Iterable<Map.Entry<String, JsonNode>>) byObject::fields) {
            String outcome = entry.getKey().substring(entry.getKey().indexOf('.') + 1);
            if (entry.getKey().startsWith(object + ".") && DIFF_OUTCOMES.contains(outcome)) {
                total += entry.getValue().asLong();
            }
        }
        return total;
    }

    Map<String, SavedRecord> salesforceOrg() {
        var records = new HashMap<String, SavedRecord>();
        jdbc.query("select id, system_modstamp, saves, fields from sandbox_sf_record", rs -> {
            try {
                records.put(rs.getString(1), new SavedRecord(rs.getString(2), rs.getInt(3), (ObjectNode) json.readTree(rs.getString(4))));
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
        return records;
    }

    Map<String, String> marketoLeads() {
        var leads = new HashMap<String, String>();
        jdbc.query("select id, updated_at, fields from sandbox_mkto_lead", rs -> {
            leads.put(rs.getString(1), rs.getString(2) + rs.getString(3));
        });
        return leads;
    }

    static Set<String> changed(Map<String, SavedRecord> before, Map<String, SavedRecord> after) {
        var changed = new HashSet<String>();
        after.forEach((id, record) -> {
            var earlier = before.get(id);
            if (earlier == null || earlier.saves() != record.saves() || !earlier.modstamp().equals(record.modstamp())) {
                changed.add(id);
            }
        });
        return changed;
    }

    static Set<String> changedLeads(Map<String, String> before, Map<String, String> after) {
        var changed = new HashSet<String>();
        after.forEach((id, lead) -> {
            if (!lead.equals(before.get(id))) {
                changed.add(id);
            }
        });
        return changed;
    }

    static boolean mappedValuesChanged(ObjectNode before, ObjectNode after) {
        var names = after.fieldNames();
        while (names.hasNext()) {
            String name = names.next();
            if (name.endsWith("6sense__c") && !MOVE_WITH_ANY_SAVE.contains(name)
                    && !Objects.equals(before.get(name), after.get(name))) {
                return true;
            }
        }
        return false;
    }

    String createTask(String contactId, String accountId) {
        var form = new LinkedMultiValueMap<String, String>();
        form.add("grant_type", "password");
        form.add("client_id", "sandbox");
        form.add("client_secret", "sandbox");
        form.add("username", "integration@sandbox.local");
        form.add("password", "sandbox");
        var formHeaders = new HttpHeaders();
        formHeaders.setContentType(MediaType.APPLICATION_FORM_URLENCODED);
        JsonNode token = http.postForObject("/sandbox/salesforce/services/oauth2/token", new HttpEntity<>(form, formHeaders), JsonNode.class);
        var headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);
        headers.setBearerAuth(token.get("access_token").asText());
        var task = json.createObjectNode().put("Subject", "Call: pricing follow-up").put("Type", "Call").put("TaskSubtype", "Call")
                .put("Status", "Completed").put("ActivityDate", LocalDate.now(ZoneOffset.UTC).toString())
                .put("WhoId", contactId).put("WhatId", accountId);
        JsonNode created = http.postForObject(DATA + "/sobjects/Task", new HttpEntity<>(task.toString(), headers), JsonNode.class);
        String id = created.get("id").asText();
        assertThat(salesforceOrg().get(id).fields().path("AccountId").asText()).as("the org sets a Task's AccountId from its WhatId")
                .isEqualTo(accountId);
        return id;
    }

    static String in(Set<String> ids) {
        return ids.isEmpty() ? "''" : String.join(", ", ids.stream().map(id -> "'" + id.replace("'", "") + "'").toList());
    }
}

package io.signalbridge.orchestration;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.signalbridge.sandbox.outreach.OutreachOrgGenerator;
import io.signalbridge.sandbox.outreach.OutreachStore;
import io.signalbridge.scores.AccountScoring;
import io.signalbridge.support.FreePorts;

import org.apache.camel.ProducerTemplate;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.util.LinkedMultiValueMap;

/**
 * Orchestrations as the schedules run them, against the sandbox orgs: a rep opens an Opportunity on an account, the next
 * pull and scoring run move it to Decision, and the orchestration saved through the API acts on exactly that account:
 * its people join the Outreach sequence from the mailbox, the owner gets a Task, the sales team's Slack webhook a
 * message, the people's Marketo leads the static list. Evaluating again, and running it by hand, does nothing twice; a
 * preview sends nothing; an action that fails is kept and replayed at that action.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT)
@ActiveProfiles({"sandbox", "test"})
class OrchestrationsAgainstSandboxTest {

    static final int PORT = FreePorts.find();
    static final String DATA = "/sandbox/salesforce/services/data/v62.0";
    static final String SUBJECT = "Decision: call the buying team";
    static final String ORCHESTRATION = """
            description: the Decision tactic, as a test
            enabled: true
            trigger:
              stage:
                to: Decision
            filters:
              profileFit: [Strong]
            actions:
              - type: outreach-sequence
                sequence: "%s"
                mailbox: rep02@sandbox.local
              - type: salesforce-task
                subject: "%s"
                dueInDays: 2
              - type: slack
                team: sales
                text: "{account} entered {stage}"
              - type: marketo-list
                list: "Awareness - Display ads audience"
            """.formatted(OutreachOrgGenerator.DECISION_SEQUENCE, SUBJECT);

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("server.port", () -> PORT);
        registry.add("signalbridge.sandbox.seed-on-start", () -> true);
        registry.add("signalbridge.sandbox.generator.accounts", () -> 40);
        // the manual run below acts on every account in Decision: at this node's share of Outreach's hourly limit (150
        // calls a minute) that takes minutes, which is right for an org and too long for a test
        registry.add("resilience4j.ratelimiter.instances.outreach.limit-for-period", () -> 100_000);
        registry.add("signalbridge.sandbox.marketo.rate-limit-calls", () -> 10_000);
        registry.add("signalbridge.orchestrations.directory", () -> "target/orchestrations-test-" + java.util.UUID.randomUUID());
        registry.add("signalbridge.scoring.change-overlap", () -> "2s");
        // scores are as of the end of the scoring day: keep the cycles inside one scoring day, whenever the suite runs
        int hour = Instant.now().atZone(ZoneOffset.UTC).getHour();
        registry.add("signalbridge.scoring.zone", () -> ZoneOffset.ofHours(12 - hour).getId());
    }

    @Autowired
    ProducerTemplate camel;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    TestRestTemplate http;
    @Autowired
    ObjectMapper json;
    @Autowired
    OutreachStore outreach;

    @Test
    void aStageChangeRunsTheActionsOnceForThatAccountAndAFailedActionIsReplayed() throws Exception {
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> jdbc.queryForObject(
                "select count(*) from sandbox_sf_record where object_name = 'Account'", Integer.class) > 0);
        cycle();
        var ops = http.withBasicAuth("ops", "sandbox");

        // a bad edit names file, line and field, and nothing becomes active
        var refused = ops.exchange("/api/orchestrations/decision-test", HttpMethod.PUT,
                yaml(ORCHESTRATION.replace("to: Decision", "to: Decided")), JsonNode.class);
        assertThat(refused.getStatusCode().value()).isEqualTo(422);
        JsonNode error = refused.getBody().path("errors").path(0);
        assertThat(error.path("file").asText()).isEqualTo("decision-test.yaml");
        assertThat(error.path("line").asInt()).isEqualTo(5);
        assertThat(error.path("field").asText()).isEqualTo("trigger.stage.to");
        assertThat(ops.getForEntity("/api/orchestrations/decision-test", String.class).getStatusCode().value()).isEqualTo(404);
        var viewer = http.withBasicAuth("viewer", "sandbox");
        assertThat(viewer.exchange("/api/orchestrations/decision-test", HttpMethod.PUT, yaml(ORCHESTRATION), String.class)
                .getStatusCode().value()).as("a viewer may not save").isEqualTo(403);
        assertThat(ops.exchange("/api/orchestrations/decision-test", HttpMethod.PUT, yaml(ORCHESTRATION), JsonNode.class)
                .getBody().path("version").asInt()).isEqualTo(1);

        // a preview lists the accounts in Decision now, and sends nothing
        long statesBefore = sequenceStates();
        JsonNode preview = viewer.postForObject("/api/orchestrations/decision-test/preview", null, JsonNode.class);
        long inDecision = jdbc.queryForObject("select count(*) from account_score where buying_stage = 'Decision' and profile_fit = 'Strong'",
                Long.class);
        assertThat(preview.path("accounts").asLong()).isEqualTo(inDecision);
        assertThat(sequenceStates()).as("a preview sends nothing").isEqualTo(statesBefore);
        assertThat(jdbc.queryForObject("select count(*) from orchestration_action", Long.class)).isZero();

        // a rep opens an Opportunity on an account that is not buying yet, and has people with a Marketo lead
        String account = jdbc.queryForObject("""
                select s.account_id from account_score s
                where s.buying_stage in ('Target', 'Awareness', 'Consideration') and not s.open_opportunity and s.profile_fit = 'Strong'
                  and (select count(*) from person_score p join marketo_lead_link l on l.contact_id = p.person_id
                       where p.account_id = s.account_id) >= 2
                order by s.account_id limit 1""", String.class);
        String token = orgToken();
        createRecord(token, "Opportunity", json.createObjectNode().put("AccountId", account).put("Name", "Platform expansion")
                .put("StageName", "Prospecting").put("CloseDate", LocalDate.now().plusMonths(2).toString()).put("Amount", 48000));
        Thread.sleep(2_500);
        cycle();
        assertThat(jdbc.queryForObject("select buying_stage from account_score where account_id = ?", String.class, account)).isEqualTo("Decision");

        List<Map<String, Object>> actions = jdbc.queryForList("select * from orchestration_action order by id");
        assertThat(actions).as("actions planned by the stage change").isNotEmpty()
                .allSatisfy(a -> assertThat(a.get("account_id")).isEqualTo(account))
                .allSatisfy(a -> assertThat(a.get("status")).isIn("DONE", "SKIPPED"));
        List<String> people = jdbc.queryForList("select distinct person_id from orchestration_action where action_type = 'outreach-sequence'",
                String.class);
        assertThat(people).hasSizeGreaterThanOrEqualTo(2);
        long sequence = outreach.sequences(OutreachOrgGenerator.DECISION_SEQUENCE, 0, 10).rows().get(0).id();
        long added = jdbc.queryForObject("select count(*) from orchestration_action where action_type = 'outreach-sequence' and status = 'DONE'",
                Long.class);
        assertThat(outreach.sequenceStates(null, sequence, null, 0, 10_000).rows().stream()
                .filter(s -> outreach.mailbox(s.mailboxId()).orElseThrow().email().equals("rep02@sandbox.local")).count())
                .as("prospects added from the action's mailbox").isEqualTo(added);
        assertThat(tasks(account)).as("one Task for the owner").hasSize(1);
        JsonNode task = json.readTree(tasks(account).get(0));
        assertThat(task.path("OwnerId").asText()).isEqualTo(jdbc.queryForObject(
                "select fields from signal_record where id = ?", String.class, account).replaceAll(".*\"OwnerId\":\"([^\"]+)\".*", "$1"));
        assertThat(task.path("ActivityDate").asText()).isEqualTo(LocalDate.now(ZoneOffset.UTC).plusDays(2).toString());
        // the Slack outbox's delivery run (its schedule is off in tests)
        camel.requestBody("direct:slack-delivery", (Object) null);
        Awaitility.await("the Slack message delivered").atMost(Duration.ofSeconds(30)).until(() ->
                http.getForObject("/sandbox/slack/webhooks/sales/messages", JsonNode.class).size() == 1);
        assertThat(http.getForObject("/sandbox/slack/webhooks/sales/messages", JsonNode.class).path(0).toString()).contains("entered Decision");
        long listed = jdbc.queryForObject("""
                select count(*) from sandbox_mkto_list_member m join sandbox_mkto_list l on l.id = m.list_id
                where l.name = 'Awareness - Display ads audience'""", Long.class);
        assertThat(listed).as("the people's Marketo leads in the list")
                .isEqualTo(jdbc.queryForObject("select count(*) from orchestration_action where action_type = 'marketo-list' and status = 'DONE'",
                        Long.class)).isPositive();

        // nothing new: nothing again; a manual run covers the other Decision accounts, and ours not twice
        long statesAfter = sequenceStates();
        cycle();
        assertThat(jdbc.queryForObject("select count(*) from orchestration_action", Long.class)).isEqualTo(actions.size());
        JsonNode run = runByHand(ops);
        assertThat(counted(run, "occurrences")).as("every account in Decision now")
                .isEqualTo(jdbc.queryForObject("select count(*) from account_score where buying_stage = 'Decision'", Long.class));
        assertThat(jdbc.queryForObject("select count(distinct account_id) from orchestration_action", Long.class))
                .as("those with a strong profile fit").isEqualTo(inDecision + 1);
        assertThat(jdbc.queryForObject("select count(*) from orchestration_action where account_id = ?", Long.class, account))
                .isEqualTo(actions.size());
        assertThat(tasks(account)).as("still one Task").hasSize(1);
        for (String person : people) {
            long prospect = outreach.prospects(email(person), 0, 10).rows().get(0).id();
            assertThat(outreach.sequenceStates(prospect, sequence, null, 0, 10).rows()).as("in the sequence once: " + person).hasSize(1);
        }
        assertThat(sequenceStates()).isGreaterThanOrEqualTo(statesAfter);

        // an action that cannot be done fails, is kept, and a replay does it once the cause is fixed
        assertThat(ops.exchange("/api/orchestrations/decision-test", HttpMethod.PUT, yaml(ORCHESTRATION.replace(
                OutreachOrgGenerator.DECISION_SEQUENCE, "Decision - New cadence")), JsonNode.class).getStatusCode().value()).isEqualTo(200);
        jdbc.update("delete from orchestration_action where account_id = ? and action_type = 'outreach-sequence'", account);
        runByHand(ops);
        List<Long> failures = jdbc.queryForList("select id from failed_exchange where route_id = 'orchestration-action' and status = 'FAILED'",
                Long.class);
        assertThat(failures).hasSizeGreaterThanOrEqualTo(people.size());
        assertThat(jdbc.queryForObject("select count(*) from orchestration_action where status = 'FAILED'", Long.class))
                .isEqualTo(failures.size());
        outreach.insertSequence("Decision - New cadence", true, 21, Instant.now());
        for (long failure : failures) {
            assertThat(ops.postForObject("/api/failures/" + failure + "/replay", null, JsonNode.class).path("result").asText()).isEqualTo("REPLAYED");
        }
        assertThat(jdbc.queryForObject("select count(*) from orchestration_action where status = 'FAILED'", Long.class)).isZero();
        JsonNode audit = ops.getForObject("/api/orchestrations/actions?orchestration=decision-test&account=" + account, JsonNode.class);
        assertThat(audit.size()).isEqualTo(jdbc.queryForObject("select count(*) from orchestration_action where account_id = ?", Integer.class, account));
    }

    /** POST .../run answers at once; the run's sync run (job orchestrations:decision-test) says how it ended. */
    JsonNode runByHand(TestRestTemplate ops) throws Exception {
        long before = jdbc.queryForObject("select coalesce(max(id), 0) from sync_run", Long.class);
        assertThat(ops.postForEntity("/api/orchestrations/decision-test/run", null, String.class).getStatusCode().value()).isEqualTo(202);
        Awaitility.await("the run's end").atMost(Duration.ofMinutes(3)).until(() -> jdbc.queryForObject(
                "select count(*) from sync_run where id > ? and job = 'orchestrations:decision-test' and status <> 'RUNNING'", Long.class,
                before) == 1);
        return json.readTree(jdbc.queryForObject("select records_by_object from sync_run where id > ? and job = 'orchestrations:decision-test'",
                String.class, before));
    }

    static long counted(JsonNode counts, String what) {
        return counts.path(what).asLong();
    }

    void cycle() {
        for (String job : List.of("salesforce-accounts", "salesforce-activities")) {
            camel.requestBodyAndHeaders("direct:salesforce-pull", null, Map.of("job", job, "trigger", "schedule"));
        }
        camel.requestBodyAndHeaders("direct:marketo-pull", null, Map.of("job", "marketo-activities", "trigger", "schedule"));
        camel.requestBody("direct:score-accounts", null, AccountScoring.RunSummary.class);
    }

    long sequenceStates() {
        return jdbc.queryForObject("select count(*) from sandbox_outreach_sequence_state", Long.class);
    }

    List<String> tasks(String account) {
        return jdbc.queryForList("select fields from sandbox_sf_record where object_name = 'Task' and fields like ?", String.class,
                "%\"Subject\":\"" + SUBJECT + "\"%").stream().filter(f -> f.contains(account)).toList();
    }

    String email(String personId) throws Exception {
        return json.readTree(jdbc.queryForObject("select fields from signal_record where id = ?", String.class, personId)).path("Email").asText();
    }

    HttpEntity<String> yaml(String content) {
        var headers = new HttpHeaders();
        headers.setContentType(MediaType.parseMediaType("application/yaml"));
        return new HttpEntity<>(content, headers);
    }

    String orgToken() {
        var form = new LinkedMultiValueMap<String, String>();
        form.add("grant_type", "password");
        form.add("client_id", "sandbox");
        form.add("client_secret", "sandbox");
        form.add("username", "integration@sandbox.local");
        form.add("password", "sandbox");
        var headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_FORM_URLENCODED);
        return http.postForObject("/sandbox/salesforce/services/oauth2/token", new HttpEntity<>(form, headers), JsonNode.class)
                .get("access_token").asText();
    }

    void createRecord(String token, String object, com.fasterxml.jackson.databind.node.ObjectNode fields) {
        var headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);
        headers.setBearerAuth(token);
        JsonNode created = http.postForObject(DATA + "/sobjects/" + object, new HttpEntity<>(fields.toString(), headers), JsonNode.class);
        assertThat(created.path("success").asBoolean()).as(String.valueOf(created)).isTrue();
    }
}

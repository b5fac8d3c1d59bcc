package io.signalbridge.marketo.sixqa;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.signalbridge.marketo.MarketoActivityPull;
import io.signalbridge.marketo.MarketoClient;
import io.signalbridge.marketo.MarketoProperties;
import io.signalbridge.marketo.MarketoQuota;
import io.signalbridge.marketo.sixqa.SixQaScoringProperties.Action;
import io.signalbridge.sandbox.marketo.MarketoLead;
import io.signalbridge.sandbox.marketo.MarketoStore;
import io.signalbridge.scores.AccountScores;
import io.signalbridge.scoring.ScoreEvent;
import io.signalbridge.signals.PulledRecord;
import io.signalbridge.signals.SignalStore;

import org.apache.camel.ProducerTemplate;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * What the 6QA scoring tests share: a sandbox Marketo lead, a lead the activity pull resolved, a 6QA start in
 * the outbox (written by the scoring adapter's own save), and the rule built with a clock the test moves.
 */
class SixQaFixture {

    final JdbcTemplate jdbc;
    final MarketoStore instance;
    final SignalStore signals;
    final AccountScores scores;
    final ObjectMapper json;
    final Clock clock;

    SixQaFixture(JdbcTemplate jdbc, MarketoStore instance, SignalStore signals, AccountScores scores, ObjectMapper json, Clock clock) {
        this.jdbc = jdbc;
        this.instance = instance;
        this.signals = signals;
        this.scores = scores;
        this.json = json;
        this.clock = clock;
    }

    void clearRuleTables() {
        jdbc.update("delete from marketo_six_qa_decision");
        jdbc.update("delete from marketo_six_qa_timer");
        jdbc.update("delete from marketo_six_qa_cursor");
        jdbc.update("delete from account_score_event");
        jdbc.update("delete from signal_record");
        jdbc.update("delete from marketo_api_day");
        jdbc.update("delete from sandbox_mkto_campaign_request");
    }

    /** The rule's defaults (application.yaml) with another action and limits. */
    static SixQaScoringProperties settings(SixQaScoringProperties defaults, Action action, Long campaignId, int timersPerRun) {
        return new SixQaScoringProperties(defaults.cron(), defaults.waitTime(), defaults.points(), defaults.limitWindow(), defaults.statusField(),
                defaults.excludedStatuses(), action, defaults.scoreField(), campaignId, defaults.pointsToken(), defaults.filters(), timersPerRun,
                defaults.claimTimeout());
    }

    /** A client of the given instance that never sleeps: back-offs are recorded, not waited. */
    static MarketoClient client(String baseUrl, String clientId, String secret, ProducerTemplate camel, ObjectMapper json, MarketoQuota quota,
                                Clock realClock, List<Duration> pauses) {
        return new MarketoClient(new MarketoProperties(baseUrl, clientId, secret, 100, Duration.ofSeconds(20), 10, 3, Duration.ofSeconds(20)),
                camel, json, quota, realClock, pauses::add);
    }

    static SixQaScoring scoring(SixQaScoringProperties settings, JdbcTemplate jdbc, org.springframework.transaction.support.TransactionTemplate tx,
                                MarketoClient client, SignalStore signals, MarketoQuota quota, ObjectMapper json, Clock clock) {
        return new SixQaScoring(settings, new SixQaStore(jdbc, tx), new SixQaLeads(client, signals, settings),
                new SixQaAwards(client, settings, json), quota, clock);
    }

    long lead(String email, String... fields) {
        ObjectNode values = json.createObjectNode();
        for (int i = 0; i < fields.length; i += 2) {
            values.put(fields[i], fields[i + 1]);
        }
        Instant now = clock.instant();
        long id = instance.nextId();
        instance.insertLead(new MarketoLead(id, email, now, now, values));
        return id;
    }

    void setField(long leadId, String field, String value) {
        MarketoLead lead = instance.findLead(leadId).orElseThrow();
        ObjectNode fields = lead.fields().deepCopy();
        fields.put(field, value);
        instance.updateLead(new MarketoLead(lead.id(), lead.email(), lead.createdAt(), clock.instant(), fields));
    }

    Optional<Integer> score(long leadId) {
        var field = instance.findLead(leadId).orElseThrow().fields().get("behaviorScore");
        return field == null || field.isNull() ? Optional.empty() : Optional.of(field.asInt());
    }

    /** A pulled activity of the lead, resolved to the account (as the activity pull stores it). */
    void pulledActivity(long marketoLeadId, String accountId) {
        ObjectNode fields = json.createObjectNode().put("marketoLeadId", marketoLeadId).put("accountId", accountId)
                .put("resolvedVia", "emailDomain").put("activityTypeName", "Fill Out Form");
        String id = String.valueOf(900_000_000L + marketoLeadId);
        signals.commitPage(MarketoActivityPull.SOURCE, MarketoActivityPull.OBJECT,
                List.of(new PulledRecord(MarketoActivityPull.SOURCE, MarketoActivityPull.OBJECT, id, clock.instant(), false, fields)), null);
    }

    /** The scoring adapter's write of a 6QA start (and, to show they are skipped, a stage change). */
    void sixQaStarts(String accountId) {
        LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
        scores.save(List.of(), Map.of(), List.of(
                new ScoreEvent(accountId, ScoreEvent.Type.STAGE_CHANGED, "Consideration", "Decision", today),
                new ScoreEvent(accountId, ScoreEvent.Type.QUALIFIED_STARTED, null, today.toString(), today)), clock.instant());
    }

    List<Map<String, Object>> decisions(long leadId) {
        return jdbc.queryForList("select decision, reason, points from marketo_six_qa_decision where lead_id = ? order by id", leadId);
    }

    List<String> decisionKinds(long leadId) {
        return jdbc.queryForList("select decision from marketo_six_qa_decision where lead_id = ? order by id", String.class, leadId);
    }

    String timerState(long leadId) {
        return jdbc.queryForObject("select state from marketo_six_qa_timer where lead_id = ? order by id desc limit 1", String.class, leadId);
    }
}

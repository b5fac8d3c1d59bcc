package io.signalbridge.marketo.sixqa;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.signalbridge.marketo.MarketoClient;
import io.signalbridge.marketo.MarketoQuota;
import io.signalbridge.marketo.sixqa.SixQaScoringProperties.Action;
import io.signalbridge.sandbox.SandboxApiUsage;
import io.signalbridge.sandbox.SandboxTokenStore;
import io.signalbridge.sandbox.marketo.MarketoCallLimits;
import io.signalbridge.sandbox.marketo.MarketoCampaigns;
import io.signalbridge.sandbox.marketo.MarketoStore;
import io.signalbridge.sandbox.marketo.MutableTestClock;
import io.signalbridge.scores.AccountScores;
import io.signalbridge.signals.SignalStore;
import io.signalbridge.support.DefinedPortTestSupport;

import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.transaction.support.TransactionTemplate;

/** The 6QA behaviour-scoring rule end to end against the in-process sandbox Marketo, on a clock the test moves. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT)
@ActiveProfiles("test")
class SixQaScoringTest extends DefinedPortTestSupport {

    static final String ACCOUNT = "001000000000601AAA";
    static final String OTHER_ACCOUNT = "001000000000602AAA";
    static final Duration SIX_DAYS = Duration.ofDays(6);

    @Autowired
    SixQaScoringProperties defaults;
    @Autowired
    MarketoStore instance;
    @Autowired
    MarketoCampaigns campaigns;
    @Autowired
    MarketoCallLimits instanceLimits;
    @Autowired
    SandboxApiUsage instanceUsage;
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

    MutableTestClock clock;
    SixQaFixture fixture;
    MarketoClient client;
    List<Duration> pauses = new ArrayList<>();

    @BeforeEach
    void emptyInstanceAndRule() {
        clock = new MutableTestClock(realClock.instant().truncatedTo(ChronoUnit.SECONDS));
        fixture = new SixQaFixture(jdbc, instance, signals, scores, json, clock);
        instance.deleteAll();
        instanceLimits.reset();
        instanceUsage.reset(SandboxTokenStore.Org.MARKETO);
        fixture.clearRuleTables();
        client = SixQaFixture.client(baseUrl() + "/sandbox/marketo", "sandbox", "sandbox", camel, json, quota, realClock, pauses);
    }

    SixQaScoring rule(Action action, Long campaignId) {
        return SixQaFixture.scoring(SixQaFixture.settings(defaults, action, campaignId, 500), jdbc, transaction, client, signals, quota, json, clock);
    }

    @Test
    void aSixQaStartQueuesTheIdentifiedLeadsThatPassTheFiltersAndAwardsThemAfterSixDays() {
        long contact = fixture.lead("ann@acme.example", "sfdcAccountId", ACCOUNT, "sfdcContactId", "003000000000601AAA",
                "leadStatus", "Engaged", "behaviorScore", "5");
        long unsubscribed = fixture.lead("bob@acme.example", "sfdcAccountId", ACCOUNT, "unsubscribed", "true");
        long byDomain = fixture.lead("cy@acme.example");
        fixture.pulledActivity(byDomain, ACCOUNT);
        long elsewhere = fixture.lead("dan@globex.example", "sfdcAccountId", OTHER_ACCOUNT);
        fixture.sixQaStarts(ACCOUNT);
        SixQaScoring rule = rule(Action.WRITE_FIELD, null);

        var first = rule.run("test");

        assertThat(first.stoppedBy()).isNull();
        assertThat(first.events()).as("the stage change is read past, not acted on").isEqualTo(2);
        assertThat(first.apiCalls()).as("the account's CRM-linked leads, then the pull-only lead by id").isEqualTo(2);
        assertThat(fixture.decisionKinds(contact)).containsExactly("QUEUED");
        assertThat(fixture.decisionKinds(byDomain)).as("resolved by the activity pull's email domain").containsExactly("QUEUED");
        assertThat(fixture.decisions(unsubscribed).get(0)).containsEntry("DECISION", "FILTERED_OUT");
        assertThat((String) fixture.decisions(unsubscribed).get(0).get("REASON")).contains("unsubscribed is-not-true");
        assertThat(fixture.decisions(elsewhere)).isEmpty();
        Instant due = jdbc.queryForObject("select due_at from marketo_six_qa_timer where lead_id = ?", java.sql.Timestamp.class, contact)
                .toLocalDateTime().toInstant(java.time.ZoneOffset.UTC);
        assertThat(due).isEqualTo(clock.instant().plus(SIX_DAYS));
        assertThat(jdbc.queryForObject("select last_event_id from marketo_six_qa_cursor", Long.class))
                .isEqualTo(jdbc.queryForObject("select max(id) from account_score_event", Long.class));
        assertThat(jdbc.queryForObject("select count(*) from account_score_event where published_at is not null", Long.class))
                .as("the outbox's published_at belongs to other consumers").isZero();

        clock.advance(SIX_DAYS.minusMinutes(1));
        rule.run("test");

        assertThat(fixture.decisionKinds(contact)).as("nothing before six days").containsExactly("QUEUED");
        assertThat(fixture.score(contact)).contains(5);
        assertThat(fixture.timerState(contact)).isEqualTo("WAITING");

        clock.advance(Duration.ofMinutes(2));
        var due6 = rule.run("test");

        assertThat(due6.decisions()).containsEntry(SixQaDecision.AWARDED, 2);
        assertThat(due6.apiCalls()).as("one read of both leads, one Sync Leads for both").isEqualTo(2);
        assertThat(fixture.score(contact)).as("5 + 20, written to the sandbox lead").contains(25);
        assertThat(fixture.score(byDomain)).contains(20);
        assertThat(fixture.decisionKinds(contact)).containsExactly("QUEUED", "AWARDED");
        assertThat(fixture.decisions(contact).get(1)).containsEntry("POINTS", 20);
        assertThat(fixture.timerState(contact)).isEqualTo("DONE");
        assertThat(fixture.score(unsubscribed)).isEmpty();

        clock.advance(Duration.ofHours(1));
        rule.run("test");

        assertThat(fixture.score(contact)).as("never twice").contains(25);
        assertThat(fixture.decisionKinds(contact)).containsExactly("QUEUED", "AWARDED");
    }

    @Test
    void aLeadWhoseStatusBecameAnExcludedOneDuringTheWaitGetsNoPoints() {
        List<String> excluded = List.of("Accepted", "Qualifying", "Qualified", "Disqualified", "Ineligible", "Recycle");
        List<Long> leads = new ArrayList<>();
        for (int i = 0; i < excluded.size(); i++) {
            leads.add(fixture.lead("p" + i + "@acme.example", "sfdcAccountId", ACCOUNT, "leadStatus", "Engaged"));
        }
        long stillEngaged = fixture.lead("engaged@acme.example", "sfdcAccountId", ACCOUNT, "leadStatus", "Engaged");
        fixture.sixQaStarts(ACCOUNT);
        SixQaScoring rule = rule(Action.WRITE_FIELD, null);
        rule.run("test");
        for (int i = 0; i < excluded.size(); i++) {
            fixture.setField(leads.get(i), "leadStatus", excluded.get(i));
        }

        clock.advance(SIX_DAYS.plusMinutes(1));
        var run = rule.run("test");

        assertThat(run.decisions()).containsEntry(SixQaDecision.EXCLUDED_STATUS, 6).containsEntry(SixQaDecision.AWARDED, 1);
        for (int i = 0; i < excluded.size(); i++) {
            long lead = leads.get(i);
            assertThat(fixture.decisionKinds(lead)).containsExactly("QUEUED", "EXCLUDED_STATUS");
            assertThat((String) fixture.decisions(lead).get(1).get("REASON")).contains("'" + excluded.get(i) + "'");
            assertThat(fixture.score(lead)).as(excluded.get(i)).isEmpty();
        }
        assertThat(fixture.score(stillEngaged)).contains(20);
    }

    @Test
    void aLeadGetsSixQaPointsAtMostOnceInThreeMonths() {
        long lead = fixture.lead("ann@acme.example", "sfdcAccountId", ACCOUNT, "behaviorScore", "0");
        SixQaScoring rule = rule(Action.WRITE_FIELD, null);
        fixture.sixQaStarts(ACCOUNT);
        rule.run("test");
        clock.advance(SIX_DAYS.plusMinutes(1));
        rule.run("test");
        assertThat(fixture.score(lead)).contains(20);

        // the account leaves 6QA and starts again a month later: queued, but no points after the wait
        clock.advance(Duration.ofDays(30));
        fixture.sixQaStarts(ACCOUNT);
        rule.run("test");
        clock.advance(SIX_DAYS.plusMinutes(1));
        rule.run("test");

        assertThat(fixture.score(lead)).contains(20);
        assertThat(fixture.decisionKinds(lead)).containsExactly("QUEUED", "AWARDED", "QUEUED", "WITHIN_LIMIT");

        // a third start, its wait ending more than three months after the award: points again
        clock.advance(Duration.ofDays(60));
        fixture.sixQaStarts(ACCOUNT);
        rule.run("test");
        clock.advance(SIX_DAYS.plusMinutes(1));
        rule.run("test");

        assertThat(fixture.score(lead)).contains(40);
        assertThat(fixture.decisionKinds(lead)).containsExactly("QUEUED", "AWARDED", "QUEUED", "WITHIN_LIMIT", "QUEUED", "AWARDED");
    }

    @Test
    void theRequestCampaignActionRequestsTheCampaignWithThePointsAsAMyToken() {
        long lead = fixture.lead("ann@acme.example", "sfdcAccountId", ACCOUNT, "behaviorScore", "7");
        SixQaScoring rule = rule(Action.REQUEST_CAMPAIGN, 1001L);
        fixture.sixQaStarts(ACCOUNT);
        rule.run("test");
        clock.advance(SIX_DAYS.plusMinutes(1));

        rule.run("test");

        var requests = campaigns.requests(lead);
        assertThat(requests).hasSize(1);
        assertThat(requests.get(0).campaignId()).isEqualTo(1001L);
        assertThat(requests.get(0).tokens()).isEqualTo(Map.of("{{my.6QA Points}}", "20"));
        assertThat(fixture.score(lead)).as("the sandbox campaign's Change Score step ran").contains(27);
        assertThat(fixture.decisions(lead).get(1)).containsEntry("DECISION", "AWARDED");
        assertThat((String) fixture.decisions(lead).get(1).get("REASON")).contains("campaign 1001 requested");
    }

    @Test
    void anUnknownCampaignIsAFailureThatLeavesTheTimerDue() {
        long lead = fixture.lead("ann@acme.example", "sfdcAccountId", ACCOUNT);
        fixture.sixQaStarts(ACCOUNT);
        rule(Action.REQUEST_CAMPAIGN, 4242L).run("test");
        clock.advance(SIX_DAYS.plusMinutes(1));

        rule(Action.REQUEST_CAMPAIGN, 4242L).run("test");

        assertThat(fixture.decisionKinds(lead)).containsExactly("QUEUED", "FAILED");
        assertThat((String) fixture.decisions(lead).get(1).get("REASON")).contains("1013").contains("stays due");
        assertThat(fixture.timerState(lead)).isEqualTo("WAITING");

        rule(Action.REQUEST_CAMPAIGN, 1001L).run("test");

        assertThat(fixture.decisionKinds(lead)).containsExactly("QUEUED", "FAILED", "AWARDED");
        assertThat(campaigns.requests(lead)).hasSize(1);
    }

    /** The points reached Marketo but recording the decision failed: the retry sees them there and does not add them again. */
    @Test
    void whenTheWriteSucceededButTheMarkFailedTheNextAttemptDoesNotAddThePointsAgain() {
        long lead = fixture.lead("ann@acme.example", "sfdcAccountId", ACCOUNT, "behaviorScore", "5");
        var settings = SixQaFixture.settings(defaults, Action.WRITE_FIELD, null, 500);
        var failingOnce = new SixQaStore(jdbc, transaction) {
            boolean failed;

            @Override
            public void finish(Timer timer, SixQaDecision decision, String reason, Integer points, Instant now) {
                if (decision == SixQaDecision.AWARDED && !failed) {
                    failed = true;
                    throw new DataAccessResourceFailureException("database went away");
                }
                super.finish(timer, decision, reason, points, now);
            }
        };
        var rule = new SixQaScoring(settings, failingOnce, new SixQaLeads(client, signals, settings), new SixQaAwards(client, settings, json),
                quota, clock);
        fixture.sixQaStarts(ACCOUNT);
        rule.run("test");
        clock.advance(SIX_DAYS.plusMinutes(1));

        var failed = rule.run("test");

        assertThat(failed.stoppedBy()).contains("database went away");
        assertThat(fixture.score(lead)).as("the write reached Marketo").contains(25);
        assertThat(fixture.timerState(lead)).isEqualTo("AWARDING");

        rule.run("test");
        assertThat(fixture.decisionKinds(lead)).as("claimed until the claim timeout").containsExactly("QUEUED");

        clock.advance(defaults.claimTimeout());
        rule.run("test");

        assertThat(fixture.score(lead)).as("not written again").contains(25);
        assertThat(fixture.decisionKinds(lead)).containsExactly("QUEUED", "AWARDED");
        assertThat((String) fixture.decisions(lead).get(1).get("REASON")).contains("had reached Marketo");
        assertThat(fixture.timerState(lead)).isEqualTo("DONE");
    }

    @Test
    void aLeadDeletedFromMarketoDuringTheWaitIsRecordedAsNotFound() {
        long lead = fixture.lead("ann@acme.example", "sfdcAccountId", ACCOUNT);
        fixture.sixQaStarts(ACCOUNT);
        SixQaScoring rule = rule(Action.WRITE_FIELD, null);
        rule.run("test");
        jdbc.update("delete from sandbox_mkto_lead where id = ?", lead);
        clock.advance(SIX_DAYS.plusMinutes(1));

        rule.run("test");

        assertThat(fixture.decisionKinds(lead)).containsExactly("QUEUED", "LEAD_NOT_FOUND");
        assertThat(fixture.timerState(lead)).isEqualTo("DONE");
    }

    @Test
    void aSecondStartWhileTheLeadStillWaitsQueuesNoSecondTimer() {
        long lead = fixture.lead("ann@acme.example", "sfdcAccountId", ACCOUNT);
        SixQaScoring rule = rule(Action.WRITE_FIELD, null);
        fixture.sixQaStarts(ACCOUNT);
        rule.run("test");
        clock.advance(Duration.ofDays(2));
        fixture.sixQaStarts(ACCOUNT);

        rule.run("test");

        assertThat(fixture.decisionKinds(lead)).containsExactly("QUEUED", "ALREADY_QUEUED");
        assertThat(jdbc.queryForObject("select count(*) from marketo_six_qa_timer where lead_id = ?", Long.class, lead)).isEqualTo(1);
    }

    @Test
    void startsOfSeveralAccountsInOneRunReadTheirLeadsInOneCall() {
        long ann = fixture.lead("ann@acme.example", "sfdcAccountId", ACCOUNT);
        long dan = fixture.lead("dan@globex.example", "sfdcAccountId", OTHER_ACCOUNT);
        fixture.sixQaStarts(ACCOUNT);
        fixture.sixQaStarts(OTHER_ACCOUNT);

        var run = rule(Action.WRITE_FIELD, null).run("test");

        assertThat(run.apiCalls()).as("leads.json?filterType=sfdcAccountId&filterValues=<both accounts>").isEqualTo(1);
        assertThat(fixture.decisionKinds(ann)).containsExactly("QUEUED");
        assertThat(fixture.decisionKinds(dan)).containsExactly("QUEUED");
        assertThat(jdbc.queryForList("select account_id from marketo_six_qa_timer order by lead_id", String.class))
                .containsExactly(ACCOUNT, OTHER_ACCOUNT);
    }
}

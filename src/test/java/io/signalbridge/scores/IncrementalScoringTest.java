package io.signalbridge.scores;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.signalbridge.sandbox.generator.GeneratedDemoOrg;
import io.signalbridge.sandbox.marketo.MutableTestClock;
import io.signalbridge.signals.PulledRecord;
import io.signalbridge.signals.SignalStore;

import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ActiveProfiles;

/**
 * Incremental runs through the route: the first run is full and stores its models; later runs rescore only the
 * accounts that newly pulled records touch, with the stored models; the first run after the daily full-rescore time
 * retrains and rescores everything.
 */
@SpringBootTest(properties = "signalbridge.scoring.full-rescore-at=02:00")
@ActiveProfiles({"sandbox", "test"})
class IncrementalScoringTest {

    static final GeneratedDemoOrg ORG = GeneratedDemoOrg.generate(11, 120);

    @TestConfiguration(proxyBeanMethods = false)
    static class Time {
        @Bean
        @Primary
        MutableTestClock incrementalScoringClock() {
            return new MutableTestClock(ORG.now().plus(Duration.ofHours(1)));
        }
    }

    @Autowired
    SignalStore store;
    @Autowired
    ProducerTemplate camel;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    MutableTestClock clock;

    @Test
    void rescoresOnlyTouchedAccountsWithTheStoredModelsAndEverythingDaily() {
        var byObject = new LinkedHashMap<List<String>, List<PulledRecord>>();
        DemoOrgRecords.of(ORG).forEach(r -> byObject.computeIfAbsent(List.of(r.source(), r.objectName()), k -> new ArrayList<>()).add(r));
        byObject.forEach((key, records) -> store.commitPage(key.get(0), key.get(1), records, null));
        clock.advance(Duration.ofMinutes(30));

        var first = run();
        assertThat(first.type()).isEqualTo(AccountScoring.RunType.FULL);
        assertThat(first.accounts()).isEqualTo(120);
        assertThat(jdbc.queryForObject("select count(*) from scoring_model", Integer.class)).isEqualTo(1);
        Map<String, Object> stored = jdbc.queryForMap("select id, trained_at from scoring_model");

        clock.advance(Duration.ofHours(1));
        var quiet = run();
        assertThat(quiet.type()).isEqualTo(AccountScoring.RunType.INCREMENTAL);
        assertThat(quiet.accounts()).as("nothing pulled since the last run").isZero();

        // New form fills by one account's contact, and a new opportunity at another account.
        clock.advance(Duration.ofHours(1));
        String engaged = jdbc.queryForObject("select min(account_id) from account_score where buying_stage = 'Target'", String.class);
        String contact = jdbc.queryForObject("select min(person_id) from person_score where account_id = ? and person_type = 'CONTACT'",
                String.class, engaged);
        String buying = jdbc.queryForObject("select max(account_id) from account_score where not open_opportunity and account_id <> ?",
                String.class, engaged);
        int intentBefore = jdbc.queryForObject("select intent_score from account_score where account_id = ?", Integer.class, engaged);
        Integer personIntentBefore = jdbc.queryForObject("select intent_score from person_score where person_id = ?", Integer.class, contact);
        var fills = new ArrayList<PulledRecord>();
        for (int i = 0; i < 6; i++) {
            fills.add(activity(990_000 + i, contact, clock.instant().minus(Duration.ofHours(i + 1))));
        }
        store.commitPage("marketo", "Activity", fills, null);
        store.commitPage("salesforce", "Opportunity", List.of(opportunity("006NEW", buying, clock.instant().minus(Duration.ofMinutes(5)))), null);
        Instant untouchedScoredAt = scoredAt(jdbc.queryForObject(
                "select min(account_id) from account_score where account_id not in (?, ?)", String.class, engaged, buying));

        var incremental = run();
        assertThat(incremental.type()).isEqualTo(AccountScoring.RunType.INCREMENTAL);
        assertThat(incremental.accounts()).isEqualTo(2);
        assertThat(jdbc.queryForList("select account_id from account_score where scored_at = ?", String.class,
                LocalDateTime.ofInstant(clock.instant(), ZoneOffset.UTC))).containsExactlyInAnyOrder(engaged, buying);
        assertThat(jdbc.queryForObject("select intent_score from account_score where account_id = ?", Integer.class, engaged))
                .isGreaterThan(intentBefore);
        assertThat(jdbc.queryForObject("select intent_score from person_score where person_id = ?", Integer.class, contact))
                .isGreaterThan(personIntentBefore);
        assertThat(jdbc.queryForObject("select buying_stage from account_score where account_id = ?", String.class, buying))
                .isEqualTo("Decision");
        assertThat(jdbc.queryForObject("select count(*) from scoring_model", Integer.class)).as("no retraining").isEqualTo(1);
        assertThat(jdbc.queryForMap("select id, trained_at from scoring_model")).isEqualTo(stored);
        assertThat(scoredAt(jdbc.queryForObject("select min(account_id) from account_score where account_id not in (?, ?)",
                String.class, engaged, buying))).isEqualTo(untouchedScoredAt);
        assertThat(jdbc.queryForObject("select run_type || ':' || accounts from scoring_run where id = ?", String.class,
                incremental.run())).isEqualTo("INCREMENTAL:2");

        // The next day, past 02:00: models retrained, every account rescored (decay).
        clock.advance(Duration.ofHours(24));
        var daily = run();
        assertThat(daily.type()).isEqualTo(AccountScoring.RunType.FULL);
        assertThat(daily.accounts()).isEqualTo(120);
        assertThat(jdbc.queryForObject("select count(*) from scoring_model", Integer.class)).isEqualTo(2);
    }

    AccountScoring.RunSummary run() {
        return camel.requestBody("direct:score-accounts", null, AccountScoring.RunSummary.class);
    }

    Instant scoredAt(String accountId) {
        return jdbc.queryForObject("select scored_at from account_score where account_id = ?", LocalDateTime.class, accountId)
                .toInstant(ZoneOffset.UTC);
    }

    static PulledRecord activity(long id, String contactId, Instant at) {
        ObjectNode fields = JsonNodeFactory.instance.objectNode();
        fields.put("id", id);
        fields.put("activityTypeId", 2);
        fields.put("activityDate", at.toString());
        fields.put("contactId", contactId);
        return new PulledRecord("marketo", "Activity", String.valueOf(id), at, false, fields);
    }

    static PulledRecord opportunity(String id, String accountId, Instant created) {
        ObjectNode fields = JsonNodeFactory.instance.objectNode();
        fields.put("AccountId", accountId);
        fields.put("StageName", "Needs Analysis");
        fields.put("CreatedDate", created.toString());
        fields.put("IsClosed", false);
        return new PulledRecord("salesforce", "Opportunity", id, created, false, fields);
    }
}

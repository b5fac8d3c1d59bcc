package io.signalbridge.writeback;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.signalbridge.mapping.Mapping;
import io.signalbridge.mapping.Mapping.FieldMapping;
import io.signalbridge.mapping.Mapping.Transform;
import io.signalbridge.mapping.Mapping.WritePolicy;
import io.signalbridge.support.PostgresTestSupport;
import io.signalbridge.writeback.MappedValues.ScoredRecord;
import io.signalbridge.writeback.WrittenState.Change;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ActiveProfiles;

/** The write-back's statements on the real PostgreSQL: the streamed score join, written state, blocking, pending changes. */
@SpringBootTest
@ActiveProfiles("test")
class WrittenStateOnPostgresTest extends PostgresTestSupport {

    static final Instant SCORED = Instant.parse("2026-11-20T08:30:00Z");
    static final String TARGET = "salesforce:Account";

    @Autowired
    MappedValues values;
    @Autowired
    WrittenState state;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    ObjectMapper json;

    @BeforeEach
    void empty() {
        for (String table : List.of("account_score", "person_score", "account_segment_names", "writeback_state", "writeback_pending", "signal_record")) {
            jdbc.update("delete from " + table);
        }
    }

    @Test
    void streamsScoresWithSegmentNamesStateAndThePulledRecord() {
        jdbc.update("""
                insert into account_score (account_id, as_of, profile_score, profile_fit, profile_probability, intent_score,
                    in_market_probability, reach_score, reach_level, reach, buying_stage, open_opportunity, qualified,
                    qualified_since, qualified_until, qualified_age_days, contributors, scored_at)
                values ('001PG', ?, 81, 'Strong', 0.8, 77, 0.7, 70, 'High', 0.7, 'Decision', true, true, ?, null, 12, '[]', ?)""",
                LocalDate.of(2026, 11, 20), LocalDate.of(2026, 11, 8), LocalDateTime.ofInstant(SCORED, ZoneOffset.UTC));
        jdbc.update("insert into account_segment_names (account_id, names, updated_at) values ('001PG', 'Tier 1', ?)", LocalDateTime.now());
        jdbc.update("insert into signal_record (source, object_name, id, system_modstamp, is_deleted, fields, pulled_at)"
                + " values ('salesforce', 'Account', '001PG', ?, false, '{\"Id\":\"001PG\",\"accountBuyingStage6sense__c\":null}', ?)",
                LocalDateTime.now(), LocalDateTime.now());
        var mapping = new Mapping("salesforce-account", "salesforce", "Account", List.of(
                field("account.intentScore", "accountIntentScore6sense__c", WritePolicy.OVERWRITE),
                field("account.buyingStage", "accountBuyingStage6sense__c", WritePolicy.FILL_IF_BLANK),
                field("account.sixQa", "account6QA6sense__c", WritePolicy.OVERWRITE),
                field("account.sixQa.startDate", "account6QAStartDate6sense__c", WritePolicy.OVERWRITE),
                field("account.sixQa.endDate", "account6QAEndDate6sense__c", WritePolicy.OVERWRITE),
                field("account.segmentNames", "accountSegmentNames6sense__c", WritePolicy.OVERWRITE),
                field("account.updatedAt", "accountUpdateDate6sense__c", WritePolicy.OVERWRITE)));

        var seen = new ArrayList<ScoredRecord>();
        values.forEach(mapping, TARGET, true, null, seen::add);

        assertThat(seen).singleElement().satisfies(record -> {
            assertThat(record.sources()).containsEntry("account.intentScore", 77L).containsEntry("account.sixQa", true)
                    .containsEntry("account.sixQa.startDate", LocalDate.of(2026, 11, 8)).containsEntry("account.segmentNames", "Tier 1")
                    .containsEntry("account.updatedAt", SCORED).doesNotContainKey("account.sixQa.endDate");
            assertThat(record.state()).isNull();
            assertThat(record.pulled().has("accountBuyingStage6sense__c")).isTrue();
            var diff = WritebackDiff.diff(mapping, record, null);
            assertThat(diff.outcome()).isEqualTo(WritebackDiff.Outcome.CHANGED);
            assertThat(diff.change().changes().toString()).isEqualTo("{\"accountIntentScore6sense__c\":77,"
                    + "\"accountBuyingStage6sense__c\":\"Decision\",\"account6QA6sense__c\":true,\"account6QAStartDate6sense__c\":\"2026-11-08\","
                    + "\"accountSegmentNames6sense__c\":\"Tier 1\",\"accountUpdateDate6sense__c\":\"2026-11-20T08:30:00.000Z\"}");
            state.markWritten(TARGET, List.of(diff.change()));
        });

        var again = new ArrayList<ScoredRecord>();
        values.forEach(mapping, TARGET, false, "001PG", again::add);
        assertThat(WritebackDiff.diff(mapping, again.get(0), null).outcome()).as("same fingerprint").isEqualTo(WritebackDiff.Outcome.UNCHANGED);
    }

    @Test
    void aPersonWithoutIntentScoreHasNoValueForIt() {
        jdbc.update("""
                insert into person_score (person_id, account_id, person_type, as_of, profile_score, profile_fit, profile_probability,
                    engagement_score, grade, engagement, contributors, scored_at, intent_score)
                values ('003PG', '001PG', 'CONTACT', ?, 50, 'Moderate', 0.4, 30, 'C', 1.0, '[]', ?, null),
                       ('00QPG', '001PG', 'LEAD', ?, 50, 'Moderate', 0.4, 30, 'C', 1.0, '[]', ?, 64)""",
                LocalDate.of(2026, 11, 20), LocalDateTime.now(), LocalDate.of(2026, 11, 20), LocalDateTime.now());
        var contact = new Mapping("salesforce-contact", "salesforce", "Contact", List.of(
                field("contact.intentScore", "contactIntentScore6sense__c", WritePolicy.OVERWRITE),
                field("contact.grade", "contactGrade6sense__c", WritePolicy.OVERWRITE)));
        var lead = new Mapping("salesforce-lead", "salesforce", "Lead", List.of(field("lead.intentScore", "leadIntentScore6sense__c", WritePolicy.OVERWRITE)));

        var contacts = new ArrayList<ScoredRecord>();
        values.forEach(contact, "salesforce:Contact", false, null, contacts::add);
        var leads = new ArrayList<ScoredRecord>();
        values.forEach(lead, "salesforce:Lead", false, null, leads::add);

        assertThat(contacts).singleElement().satisfies(c -> {
            assertThat(c.recordId()).isEqualTo("003PG");
            assertThat(WritebackDiff.mappedValues(contact, c).toString()).isEqualTo("{\"contactGrade6sense__c\":\"C\"}");
        });
        assertThat(leads).singleElement().satisfies(l -> assertThat(l.sources()).containsEntry("lead.intentScore", 64L));
    }

    @Test
    void writtenStateIsUpsertedBlockedUnblockedAndPendingChangesPageAndStream() {
        state.markWritten(TARGET, List.of(change("001A", 1), change("001B", 1)));
        state.markWritten(TARGET, List.of(change("001A", 2)));
        state.block(TARGET, "001B", "INVALID_FIELD");
        state.block(TARGET, "001C", "CANNOT_UPDATE_CONVERTED_LEAD");

        assertThat(state.find(TARGET, "001A").orElseThrow().fields().path("f").asInt()).isEqualTo(2);
        assertThat(state.find(TARGET, "001B").orElseThrow().blockedCode()).isEqualTo("INVALID_FIELD");
        assertThat(state.find(TARGET, "001C").orElseThrow().fields().size()).isZero();
        assertThat(state.count(TARGET, true)).isEqualTo(2);
        state.markWritten(TARGET, List.of(change("001B", 3)));
        assertThat(state.find(TARGET, "001B").orElseThrow().blockedCode()).as("a write clears the block").isNull();
        state.unblock(TARGET, "001C");
        assertThat(state.findAll(TARGET, List.of("001A", "001C", "001X"))).containsOnlyKeys("001A", "001C");

        var changes = new ArrayList<Change>();
        for (int i = 0; i < 2_500; i++) {
            changes.add(change("001P%05d".formatted(i), i));
        }
        state.addPending(7, TARGET, changes);
        assertThat(state.pendingPage(7, TARGET, null, 200)).hasSize(200).first().extracting(Change::recordId).isEqualTo("001P00000");
        assertThat(state.pendingPage(7, TARGET, "001P02399", 200)).hasSize(100);
        assertThat(state.pendingByIds(7, TARGET, List.of("001P00042")).get("001P00042").changes().path("f").asInt()).isEqualTo(42);
        long[] streamed = {0};
        state.forEachPending(7, TARGET, c -> streamed[0]++);
        assertThat(streamed[0]).isEqualTo(2_500);
        state.clearPending(TARGET);
        assertThat(state.pendingPage(7, TARGET, null, 10)).isEmpty();
    }

    @Test
    void changesAreStagedWhileTheScoresAreStillStreaming() {
        jdbc.batchUpdate("""
                insert into account_score (account_id, as_of, profile_score, profile_fit, profile_probability, intent_score,
                    in_market_probability, reach_score, reach_level, reach, buying_stage, open_opportunity, qualified,
                    qualified_since, qualified_until, qualified_age_days, contributors, scored_at)
                values (?, current_date, 50, 'Weak', 0.2, ?, 0.1, 10, 'Low', 0.1, 'Target', false, false, null, null, null, '[]', current_timestamp)""",
                java.util.stream.IntStream.range(0, 3_500).boxed().toList(), 500, (ps, i) -> {
                    ps.setString(1, "001S%05d".formatted(i));
                    ps.setInt(2, i % 100);
                });
        var mapping = new Mapping("salesforce-account", "salesforce", "Account",
                List.of(field("account.intentScore", "accountIntentScore6sense__c", WritePolicy.OVERWRITE)));
        var staged = new ArrayList<Change>();
        long[] seen = {0};

        // the same thread-bound connection streams (fetch size 1,000) and writes, as a run does
        values.forEach(mapping, TARGET, false, null, record -> {
            seen[0]++;
            staged.add(WritebackDiff.diff(mapping, record, null).change());
            if (staged.size() == 500) {
                state.addPending(9, TARGET, staged);
                staged.clear();
            }
        });

        assertThat(seen[0]).isEqualTo(3_500);
        long[] pending = {0};
        state.forEachPending(9, TARGET, c -> pending[0]++);
        assertThat(pending[0]).isEqualTo(3_500);
    }

    private Change change(String id, int value) {
        ObjectNode fields = json.createObjectNode().put("f", value);
        return new Change(id, fields, fields, "fp" + value);
    }

    private static FieldMapping field(String source, String target, WritePolicy policy) {
        return new FieldMapping(source, target, Transform.NONE, policy, true, 1);
    }
}

package io.signalbridge.writeback;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.signalbridge.mapping.Mapping;
import io.signalbridge.mapping.Mapping.FieldMapping;
import io.signalbridge.mapping.Mapping.Transform;
import io.signalbridge.mapping.Mapping.WritePolicy;
import io.signalbridge.writeback.MappedValues.ScoredRecord;
import io.signalbridge.writeback.WritebackDiff.Outcome;
import io.signalbridge.writeback.WrittenState.State;

import org.junit.jupiter.api.Test;

/** What one record needs written: only changed fields, fill-if-blank rules, no value means no write. */
class WritebackDiffTest {

    static final Mapping MAPPING = new Mapping("salesforce-contact", "salesforce", "Contact", List.of(
            new FieldMapping("contact.intentScore", "contactIntentScore6sense__c", Transform.NONE, WritePolicy.OVERWRITE, true, 1),
            new FieldMapping("contact.grade", "contactGrade6sense__c", Transform.NONE, WritePolicy.FILL_IF_BLANK, true, 3),
            new FieldMapping("contact.profileFit", "contactProfileFit6sense__c", Transform.NONE, WritePolicy.OVERWRITE, false, 5)));

    @Test
    void aSourceWithoutValueIsNotWrittenAndADisabledFieldNeither() {
        var result = WritebackDiff.diff(MAPPING, record(Map.of("contact.profileFit", "Strong"), null, pulled(null)), null);

        assertThat(result.outcome()).isEqualTo(Outcome.SETTLED);
        assertThat(result.change().changes().size()).isZero();
    }

    @Test
    void onlyFieldsThatDifferFromWhatWasWrittenAreSent() {
        var written = JsonNodeFactory.instance.objectNode().put("contactIntentScore6sense__c", 40).put("contactGrade6sense__c", "B");
        var result = WritebackDiff.diff(MAPPING, record(Map.of("contact.intentScore", 41L, "contact.grade", "A"),
                new State("003X", written, "old", null), null), null);

        assertThat(result.outcome()).isEqualTo(Outcome.CHANGED);
        assertThat(result.change().changes().toString()).isEqualTo("{\"contactIntentScore6sense__c\":41}");
        assertThat(result.change().fields().path("contactGrade6sense__c").asText()).as("fill-if-blank: ours stays").isEqualTo("B");

        var same = WritebackDiff.diff(MAPPING, record(Map.of("contact.intentScore", 41L, "contact.grade", "A"),
                new State("003X", result.change().fields(), result.change().fingerprint(), null), null), null);
        assertThat(same.outcome()).isEqualTo(Outcome.UNCHANGED);
    }

    @Test
    void fillIfBlankWritesOnlyIntoABlankFieldAndRemembersTheOrgsValue() {
        var blank = WritebackDiff.diff(MAPPING, record(Map.of("contact.grade", "A"), null, pulled(null)), null);
        assertThat(blank.change().changes().toString()).isEqualTo("{\"contactGrade6sense__c\":\"A\"}");

        var taken = WritebackDiff.diff(MAPPING, record(Map.of("contact.grade", "A"), null, pulled("C")), null);
        assertThat(taken.outcome()).isEqualTo(Outcome.SETTLED);
        assertThat(taken.change().fields().path("contactGrade6sense__c").asText()).isEqualTo("C");

        var unknown = WritebackDiff.diff(MAPPING, record(Map.of("contact.grade", "A"), null, JsonNodeFactory.instance.objectNode()), null);
        assertThat(unknown.outcome()).isEqualTo(Outcome.NEEDS_ORG_VALUES);
        assertThat(unknown.orgFields()).containsExactly("contactGrade6sense__c");
        var readBack = WritebackDiff.diff(MAPPING, record(Map.of("contact.grade", "A"), null, null),
                JsonNodeFactory.instance.objectNode().put("contactGrade6sense__c", "D"));
        assertThat(readBack.outcome()).isEqualTo(Outcome.SETTLED);
    }

    @Test
    void aBlockedRecordIsLeftAlone() {
        var result = WritebackDiff.diff(MAPPING, record(Map.of("contact.intentScore", 41L), new State("003X",
                JsonNodeFactory.instance.objectNode(), null, "INVALID_FIELD"), null), null);

        assertThat(result.outcome()).isEqualTo(Outcome.BLOCKED);
    }

    static final Mapping STAMPED = new Mapping("marketo-lead", "marketo", "Lead", List.of(
            new FieldMapping("account.intentScore", "accountIntent", Transform.NONE, WritePolicy.OVERWRITE, true, 1),
            new FieldMapping("account.sixQa.ageInDays", "account6QAAge", Transform.NONE, WritePolicy.OVERWRITE, true, 2),
            new FieldMapping("account.updatedAt", "accountUpdated", Transform.NONE, WritePolicy.OVERWRITE, true, 3),
            new FieldMapping("person.grade", "contactGrade", Transform.NONE, WritePolicy.OVERWRITE, true, 4),
            new FieldMapping("person.updatedAt", "contactUpdated", Transform.NONE, WritePolicy.OVERWRITE, true, 5)));

    @Test
    void anUpdateDateAloneIsNeverWrittenAndMovesOnlyWithAChangeOfItsOwnPart() {
        var first = WritebackDiff.diff(STAMPED, record(stamped(40L, 3L, "A", "2026-12-01T10:00:00Z"), null, null), null);
        assertThat(first.change().changes().toString()).as("first write: every value with its update dates")
                .isEqualTo("{\"accountIntent\":40,\"account6QAAge\":3,\"contactGrade\":\"A\","
                        + "\"accountUpdated\":\"2026-12-01T10:00:00.000Z\",\"contactUpdated\":\"2026-12-01T10:00:00.000Z\"}");
        var written = new State("003X", first.change().fields(), first.change().fingerprint(), null);

        var rescored = WritebackDiff.diff(STAMPED, record(stamped(40L, 3L, "A", "2026-12-01T10:15:00Z"), written, null), null);
        assertThat(rescored.outcome()).as("a later scoring run that changed no value").isEqualTo(Outcome.UNCHANGED);

        var beforeStamps = WritebackDiff.diff(STAMPED, record(stamped(40L, 3L, "A", "2026-12-01T10:15:00Z"),
                new State("003X", first.change().fields(), "a fingerprint that hashed the update dates too", null), null), null);
        assertThat(beforeStamps.outcome()).as("state written before update dates were stamps: settles, sends nothing")
                .isEqualTo(Outcome.SETTLED);
        assertThat(beforeStamps.change().fields().path("accountUpdated").asText()).isEqualTo("2026-12-01T10:00:00.000Z");

        var aDayOlder = WritebackDiff.diff(STAMPED, record(stamped(40L, 4L, "A", "2026-12-02T03:00:00Z"), written, null), null);
        assertThat(aDayOlder.change().changes().toString()).as("a calendar-only change does not move the update date")
                .isEqualTo("{\"account6QAAge\":4}");

        var gradeChanged = WritebackDiff.diff(STAMPED, record(stamped(40L, 3L, "B", "2026-12-01T11:00:00Z"), written, null), null);
        assertThat(gradeChanged.change().changes().toString()).as("the person's part changed: only its update date moves")
                .isEqualTo("{\"contactGrade\":\"B\",\"contactUpdated\":\"2026-12-01T11:00:00.000Z\"}");

        var intentChanged = WritebackDiff.diff(STAMPED, record(stamped(41L, 3L, "A", "2026-12-01T11:00:00Z"), written, null), null);
        assertThat(intentChanged.change().changes().toString())
                .isEqualTo("{\"accountIntent\":41,\"accountUpdated\":\"2026-12-01T11:00:00.000Z\"}");
    }

    private static Map<String, Object> stamped(long intent, long age, String grade, String scoredAt) {
        return Map.of("account.intentScore", intent, "account.sixQa.ageInDays", age, "person.grade", grade,
                "account.updatedAt", java.time.Instant.parse(scoredAt), "person.updatedAt", java.time.Instant.parse(scoredAt));
    }

    private static ScoredRecord record(Map<String, Object> sources, State state, ObjectNode pulled) {
        return new ScoredRecord("003X", new HashMap<>(sources), state, pulled);
    }

    private static ObjectNode pulled(String grade) {
        var fields = JsonNodeFactory.instance.objectNode().put("Id", "003X");
        return grade == null ? fields.putNull("contactGrade6sense__c") : fields.put("contactGrade6sense__c", grade);
    }
}

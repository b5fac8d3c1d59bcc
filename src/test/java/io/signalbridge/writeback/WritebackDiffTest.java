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

    private static ScoredRecord record(Map<String, Object> sources, State state, ObjectNode pulled) {
        return new ScoredRecord("003X", new HashMap<>(sources), state, pulled);
    }

    private static ObjectNode pulled(String grade) {
        var fields = JsonNodeFactory.instance.objectNode().put("Id", "003X");
        return grade == null ? fields.putNull("contactGrade6sense__c") : fields.put("contactGrade6sense__c", grade);
    }
}

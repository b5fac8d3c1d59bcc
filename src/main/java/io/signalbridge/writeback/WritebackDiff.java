package io.signalbridge.writeback;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.signalbridge.mapping.Mapping;
import io.signalbridge.mapping.Mapping.FieldMapping;
import io.signalbridge.mapping.Mapping.WritePolicy;
import io.signalbridge.mapping.MappingSources;
import io.signalbridge.mapping.Transforms;
import io.signalbridge.writeback.MappedValues.ScoredRecord;
import io.signalbridge.writeback.WrittenState.Change;

/**
 * What one record needs written under a mapping. Update dates (change stamps) are not values of their own: they
 * go out only with a change of the record's other outputs, so a run that changes nothing leaves them alone.
 * The other mapped values are hashed: a record whose hash equals
 * the one stored with its last successful write has nothing to send. Otherwise each field is compared with
 * the value last written; a fill-if-blank field is written only when the org's value is known to be blank
 * (the org's value comes from the pulled record or a read-back), and a value already there is remembered
 * and never overwritten.
 */
final class WritebackDiff {

    enum Outcome { UNCHANGED, CHANGED, SETTLED, BLOCKED, NEEDS_ORG_VALUES, MISSING_IN_ORG }

    /**
     * {@code change}: for CHANGED the fields to send and the state after; for SETTLED (nothing to send, but
     * the state learnt something) the state to keep. {@code orgFields}: fill-if-blank targets whose org value
     * must be read first.
     */
    record Result(Outcome outcome, Change change, Set<String> orgFields) {
    }

    private WritebackDiff() {
    }

    /**
     * The record's mapped values, but for its update dates (change stamps): those say when the others last changed,
     * so they are neither compared nor hashed, only sent along with a change.
     */
    static ObjectNode mappedValues(Mapping mapping, ScoredRecord record) {
        ObjectNode desired = JsonNodeFactory.instance.objectNode();
        for (FieldMapping field : mapping.enabledFields()) {
            Object value = record.sources().get(field.source());
            if (value != null && !MappingSources.changeStamp(field.source())) {
                desired.set(field.target(), Transforms.apply(field.transform(), value));
            }
        }
        return desired;
    }

    /** {@code orgValues}: fields read back from the org for this record, or null. */
    static Result diff(Mapping mapping, ScoredRecord record, ObjectNode orgValues) {
        var state = record.state();
        if (state != null && state.blockedCode() != null) {
            return new Result(Outcome.BLOCKED, null, Set.of());
        }
        ObjectNode desired = mappedValues(mapping, record);
        String fingerprint = fingerprint(desired);
        if (state != null && fingerprint.equals(state.fingerprint())) {
            return new Result(Outcome.UNCHANGED, null, Set.of());
        }
        ObjectNode written = state == null ? JsonNodeFactory.instance.objectNode() : state.fields();
        ObjectNode after = written.deepCopy();
        ObjectNode changes = JsonNodeFactory.instance.objectNode();
        var changedSources = new LinkedHashSet<String>();
        var unknown = new LinkedHashSet<String>();
        for (FieldMapping field : mapping.enabledFields()) {
            JsonNode value = desired.get(field.target());
            if (value == null) {
                continue;
            }
            if (field.policy() == WritePolicy.OVERWRITE) {
                if (!written.has(field.target()) || !FieldValues.same(written.get(field.target()), value)) {
                    changes.set(field.target(), value);
                    after.set(field.target(), value);
                    changedSources.add(field.source());
                }
                continue;
            }
            if (written.has(field.target())) {
                continue; // filled by us earlier, or the org's own value: never overwritten
            }
            JsonNode org = orgValue(field.target(), record.pulled(), orgValues);
            if (org == null) {
                unknown.add(field.target());
            } else if (FieldValues.blank(org)) {
                changes.set(field.target(), value);
                after.set(field.target(), value);
                changedSources.add(field.source());
            } else {
                after.set(field.target(), org);
            }
        }
        if (!unknown.isEmpty()) {
            return new Result(Outcome.NEEDS_ORG_VALUES, null, unknown);
        }
        stampChanges(mapping, record, state != null, written, changedSources, changes, after);
        var change = new Change(record.recordId(), changes, after, fingerprint);
        return new Result(changes.isEmpty() ? Outcome.SETTLED : Outcome.CHANGED, change, Set.of());
    }

    /**
     * Adds each update date whose record part changed: a stamp {@code account.updatedAt} moves with a change of
     * another {@code account.*} output (any output when the mapping has none of its prefix), never with a
     * calendar-only one. A stamp not in the written state (the record's first write, a stamp newly mapped, or one
     * that drift found changed by hand) is written with the current value.
     */
    private static void stampChanges(Mapping mapping, ScoredRecord record, boolean writtenBefore, ObjectNode written,
                                     Set<String> changedSources, ObjectNode changes, ObjectNode after) {
        if (changedSources.isEmpty() && !writtenBefore) {
            return;
        }
        var moving = changedSources.stream().filter(source -> !MappingSources.calendarOnly(source)).toList();
        for (FieldMapping field : mapping.enabledFields()) {
            Object value = record.sources().get(field.source());
            if (value == null || !MappingSources.changeStamp(field.source())) {
                continue;
            }
            String prefix = field.source().substring(0, field.source().indexOf('.') + 1);
            boolean samePrefixMapped = mapping.enabledFields().stream()
                    .anyMatch(f -> f.source().startsWith(prefix) && !MappingSources.changeStamp(f.source()));
            boolean moved = moving.stream().anyMatch(source -> !samePrefixMapped || source.startsWith(prefix));
            if (moved || !written.has(field.target())) {
                JsonNode stamp = Transforms.apply(field.transform(), value);
                changes.set(field.target(), stamp);
                after.set(field.target(), stamp);
            }
        }
    }

    /** The org's value of a field as known here, or null when not known (a JSON null node means known blank). */
    private static JsonNode orgValue(String target, ObjectNode pulled, ObjectNode orgValues) {
        if (orgValues != null && orgValues.has(target)) {
            return orgValues.get(target);
        }
        if (pulled != null && pulled.has(target)) {
            return pulled.get(target);
        }
        return null;
    }

    static String fingerprint(ObjectNode desired) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(desired.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

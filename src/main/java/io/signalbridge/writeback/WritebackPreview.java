package io.signalbridge.writeback;

import java.util.List;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * What a write-back would send for one mapping, computed without writing or calling the org. {@code changed}
 * includes {@code awaitingOrgValue}: records whose only candidate fields are fill-if-blank fields whose org
 * value is not known here (a run reads it back first, and may then send nothing).
 */
public record WritebackPreview(String mapping, String object, long records, long changed, long unchanged, long blocked,
                               long awaitingOrgValue, boolean bulk, List<Sample> sample) {

    /** One record that would be written, with only the fields that would be sent. */
    public record Sample(String recordId, ObjectNode changes) {
    }
}

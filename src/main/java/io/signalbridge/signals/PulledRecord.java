package io.signalbridge.signals;

import java.time.Instant;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** A record as pulled from a source system: its id, change stamp, deletion flag and fields (raw JSON). */
public record PulledRecord(String source, String objectName, String id, Instant systemModstamp, boolean deleted, ObjectNode fields) {
}

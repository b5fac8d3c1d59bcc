package io.signalbridge.sandbox.marketo;

import java.time.Instant;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** A lead (person) of the sandbox Marketo instance; {@code fields} holds its fields by REST API name. */
public record MarketoLead(long id, String email, Instant createdAt, Instant updatedAt, ObjectNode fields) {
}

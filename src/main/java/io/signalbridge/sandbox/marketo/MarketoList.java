package io.signalbridge.sandbox.marketo;

import java.time.Instant;

/** A static list of the sandbox Marketo instance. */
public record MarketoList(long id, String name, Instant createdAt, Instant updatedAt) {
}

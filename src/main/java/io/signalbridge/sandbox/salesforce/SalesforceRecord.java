package io.signalbridge.sandbox.salesforce;

import java.time.Instant;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A record of the sandbox org. {@code fields} holds every field by its API name, the system fields
 * (Id, IsDeleted, CreatedDate, LastModifiedDate, SystemModstamp) included, in their JSON form
 * (datetimes as {@code 2024-05-01T10:00:00.000+0000}, dates as {@code 2024-05-01}).
 */
public record SalesforceRecord(String id, String objectName, Instant systemModstamp, boolean deleted, ObjectNode fields) {
}

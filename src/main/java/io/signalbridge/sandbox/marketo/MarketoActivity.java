package io.signalbridge.sandbox.marketo;

import java.time.Instant;

import com.fasterxml.jackson.databind.node.ArrayNode;

/**
 * An activity of the sandbox Marketo instance, in the shape {@code GET /rest/v1/activities.json} returns;
 * {@code attributes} is the array of {name, value} pairs.
 */
public record MarketoActivity(
        long id,
        String marketoGuid,
        long leadId,
        int activityTypeId,
        Instant activityDate,
        Long primaryAttributeValueId,
        String primaryAttributeValue,
        ArrayNode attributes) {
}

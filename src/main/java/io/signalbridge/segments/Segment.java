package io.signalbridge.segments;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A segment as stored. {@code definition} is the filter (FILTER), {@code {"where": ...}} (CRM_QUERY) or a summary
 * of the last upload (LIST); {@code audienceList} the Marketo static list (id or name) its people are kept in.
 */
public record Segment(long id, String name, String folder, List<String> tags, SegmentKind kind, JsonNode definition,
                      String audienceList, boolean published, String createdBy, Instant createdAt, Instant updatedAt) {

    public String crmWhere() {
        return kind == SegmentKind.CRM_QUERY ? definition.path("where").asText() : null;
    }
}

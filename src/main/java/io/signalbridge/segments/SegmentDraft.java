package io.signalbridge.segments;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A segment as created or changed through the API: {@code filter} for a FILTER segment, {@code crmQuery} (a SOQL
 * WHERE clause over Account) for a CRM_QUERY segment; a LIST segment gets its accounts from a list upload.
 */
public record SegmentDraft(String name, String folder, List<String> tags, SegmentKind kind, JsonNode filter,
                           String crmQuery, String audienceList) {
}

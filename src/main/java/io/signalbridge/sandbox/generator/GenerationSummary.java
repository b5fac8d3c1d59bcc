package io.signalbridge.sandbox.generator;

import java.time.Duration;
import java.util.Map;

/**
 * What one generation wrote.
 *
 * @param counts        rows per object: Salesforce object names, then {@code MarketoLead} and {@code MarketoActivity}
 * @param largestBatch  the most rows written in one batch: bounded by the batch size plus one account's rows,
 *                      whatever the scale, because the org is streamed account by account
 */
public record GenerationSummary(Map<String, Long> counts, long largestBatch, Duration elapsed) {

    public static final String MARKETO_LEAD = "MarketoLead";
    public static final String MARKETO_ACTIVITY = "MarketoActivity";

    public GenerationSummary {
        counts = Map.copyOf(counts);
    }

    public long count(String object) {
        return counts.getOrDefault(object, 0L);
    }

    public long salesforceRecords() {
        return total() - count(MARKETO_LEAD) - count(MARKETO_ACTIVITY);
    }

    public long total() {
        return counts.values().stream().mapToLong(Long::longValue).sum();
    }
}

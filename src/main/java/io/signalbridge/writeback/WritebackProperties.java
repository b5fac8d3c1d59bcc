package io.signalbridge.writeback;

import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The Salesforce write-back: which mappings it runs (one per object, in this order), when it switches from
 * sObject Collections to one Bulk API 2.0 job, its share of the org's daily API allocation, the drift
 * reconciliation schedule, and how far before the previous run an after-scoring run looks for changed records
 * (null: it looks at every record). Defaults in application.yaml.
 */
@ConfigurationProperties("signalbridge.writeback")
public record WritebackProperties(
        @DefaultValue({"salesforce-account", "salesforce-contact", "salesforce-lead"}) List<String> mappings,
        @DefaultValue("2000") int bulkThreshold,
        @DefaultValue("200") int collectionSize,
        @DefaultValue("0.3") double apiBudgetShare,
        @DefaultValue("2s") Duration bulkPollInterval,
        @DefaultValue("30m") Duration bulkTimeout,
        @DefaultValue("20") int previewSample,
        @DefaultValue("0 15 3 * * ?") String driftCron,
        @DefaultValue("1h") Duration changeOverlap) {

    public WritebackProperties {
        if (collectionSize < 1 || collectionSize > 200) {
            throw new IllegalArgumentException("signalbridge.writeback.collection-size must be 1..200 (the sObject Collections maximum)");
        }
        if (apiBudgetShare <= 0 || apiBudgetShare > 1) {
            throw new IllegalArgumentException("signalbridge.writeback.api-budget-share must be in (0, 1]");
        }
    }
}

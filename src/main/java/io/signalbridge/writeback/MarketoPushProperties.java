package io.signalbridge.writeback;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The Marketo lead push: whether it runs after the Salesforce write-back of each scoring run, the mapping it
 * pushes, leads per Sync Leads call (300 is Marketo's maximum), the preview's sample size, when drift is reconciled and how
 * far before the previous run an after-scoring push looks for changed leads. Defaults in application.yaml.
 */
@ConfigurationProperties("signalbridge.marketo.push")
public record MarketoPushProperties(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("marketo-lead") String mapping,
        @DefaultValue("300") int batchSize,
        @DefaultValue("20") int previewSample,
        @DefaultValue("0 45 3 * * ?") String driftCron,
        @DefaultValue("1h") Duration changeOverlap) {

    public MarketoPushProperties {
        if (batchSize < 1 || batchSize > MarketoLeadWrites.MAX_LEADS_PER_CALL) {
            throw new IllegalArgumentException("signalbridge.marketo.push.batch-size must be 1.." + MarketoLeadWrites.MAX_LEADS_PER_CALL
                    + " (the Sync Leads maximum)");
        }
    }
}

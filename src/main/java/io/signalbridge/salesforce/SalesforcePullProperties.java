package io.signalbridge.salesforce;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Incremental pulls from Salesforce. Jobs group objects under one Quartz schedule; {@code fields} lists what
 * is read per object (Id, IsDeleted and SystemModstamp are always read). A first load of an object with more
 * than {@code bulkThreshold} rows goes through Bulk API 2.0 (0 turns that off). Defaults in application.yaml.
 */
@ConfigurationProperties("signalbridge.salesforce.pull")
public record SalesforcePullProperties(
        @DefaultValue("10s") Duration overlap,
        @DefaultValue("0.5") double apiBudgetShare,
        @DefaultValue("false") boolean runOnStart,
        @DefaultValue("100000") long bulkThreshold,
        @DefaultValue("2s") Duration bulkPollInterval,
        @DefaultValue Map<String, Job> jobs,
        @DefaultValue Map<String, List<String>> fields) {

    public record Job(String cron, List<String> objects) {
    }

    public List<String> fieldsOf(String object) {
        return fields.getOrDefault(object, List.of());
    }
}

package io.signalbridge.marketo;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Incremental activity pulls from Marketo. Each job has a Quartz schedule and the activity type names it
 * reads (ids come from the instance's {@code activities/types.json}). A first pull starts {@code firstPullLookback}
 * ago; later ones at the watermark minus {@code overlap}. Resolved leads are cached for {@code leadCacheTtl}.
 * Defaults in application.yaml.
 */
@ConfigurationProperties("signalbridge.marketo.pull")
public record MarketoPullProperties(
        @DefaultValue("1m") Duration overlap,
        @DefaultValue("30d") Duration firstPullLookback,
        @DefaultValue("false") boolean runOnStart,
        @DefaultValue("12h") Duration leadCacheTtl,
        @DefaultValue Map<String, Job> jobs) {

    public record Job(String cron, List<String> activityTypes) {
    }
}

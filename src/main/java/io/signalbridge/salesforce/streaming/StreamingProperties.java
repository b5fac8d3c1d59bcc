package io.signalbridge.salesforce.streaming;

import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * signalbridge.salesforce.streaming: Salesforce Change Data Capture through camel-salesforce's CometD subscribe
 * consumer (docs/runbooks/salesforce-streaming.md). Off by default; on in the sandbox profile.
 *
 * @param enabled           whether the service subscribes (route {@value StreamingRoutes#ROUTE_ID}, leader only)
 * @param channel           the channel: {@code /data/ChangeEvents} (every entity selected for CDC) or one entity's
 * @param rescoreDebounce   events within this time after the first one are rescored and written back together
 * @param integrationUserId the user id the service writes to Salesforce as: its own changes are not processed (blank:
 *                          not checked, only changes to the mapped score fields are skipped)
 * @param retention         how long Salesforce keeps events (72 hours): an older stored replay id is not replayed
 *                          but caught up by a pull
 * @param catchUpJobs       the pull jobs run to catch up when the stored replay id cannot be replayed
 */
@ConfigurationProperties("signalbridge.salesforce.streaming")
public record StreamingProperties(
        @DefaultValue("false") boolean enabled,
        @DefaultValue("/data/ChangeEvents") String channel,
        @DefaultValue("2s") Duration rescoreDebounce,
        @DefaultValue("") String integrationUserId,
        @DefaultValue("72h") Duration retention,
        @DefaultValue({"salesforce-accounts", "salesforce-activities"}) List<String> catchUpJobs) {
}

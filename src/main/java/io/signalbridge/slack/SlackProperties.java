package io.signalbridge.slack;

import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Account alerts to Slack (signalbridge.slack): one incoming webhook per team.
 *
 * @param webhooks        team name → incoming-webhook URL. The URL is a secret (whoever has it can post to the
 *                        channel): set it from the environment, e.g. {@code SIGNALBRIDGE_SLACK_WEBHOOKS_SALES_EAST} for
 *                        team {@code sales-east}; never logged, never in an endpoint URI or the failed-exchange store
 * @param pace            the least time between two messages to one webhook (Slack allows one a second)
 * @param digestThreshold more than this many messages pending for one webhook, enqueued within
 *                        {@code digestWindow}, go out as one digest message listing them
 * @param digestWindow    see {@code digestThreshold}
 * @param digestMaxItems  the most messages one digest lists; the rest go in the next one
 * @param deliveryCron    Quartz cron of the delivery runs (a message waits at most this long before its first attempt)
 * @param runBudget       how long one delivery run may go on sending before it leaves the rest to the next run
 * @param connectTimeout  to reach Slack
 * @param responseTimeout for Slack's answer; a timeout is retried like a 5xx
 */
@ConfigurationProperties("signalbridge.slack")
public record SlackProperties(Map<String, String> webhooks,
                              @DefaultValue("1s") Duration pace,
                              @DefaultValue("10") int digestThreshold,
                              @DefaultValue("1m") Duration digestWindow,
                              @DefaultValue("50") int digestMaxItems,
                              @DefaultValue("0/5 * * * * ?") String deliveryCron,
                              @DefaultValue("30s") Duration runBudget,
                              @DefaultValue("10s") Duration connectTimeout,
                              @DefaultValue("30s") Duration responseTimeout) {

    public SlackProperties {
        var configured = new TreeMap<String, String>();
        if (webhooks != null) {
            webhooks.forEach((team, url) -> {
                if (url != null && !url.isBlank()) {
                    // from the environment, SIGNALBRIDGE_SLACK_WEBHOOKS_SALES_EAST binds as key "sales.east": team sales-east
                    configured.put(team.replace('.', '-'), url.trim());
                }
            });
        }
        webhooks = Map.copyOf(configured);
        if (digestThreshold < 1 || digestMaxItems < 1) {
            throw new IllegalArgumentException("signalbridge.slack.digest-threshold and digest-max-items must be at least 1");
        }
    }

    @Override
    public String toString() {
        // the webhook URLs are secrets: only the team names
        return "SlackProperties[teams=" + new TreeMap<>(webhooks).keySet() + ", pace=" + pace + ", digestThreshold=" + digestThreshold
                + ", digestWindow=" + digestWindow + ", digestMaxItems=" + digestMaxItems + ", deliveryCron=" + deliveryCron + "]";
    }
}

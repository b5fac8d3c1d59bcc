package io.signalbridge.alerts;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Alerts to ops (signalbridge.alerts). {@code slackWebhookUrl}: a Slack incoming webhook; empty, alerts are
 * only logged. {@code consoleBaseUrl}: where ops reach the service's console, for the links in messages.
 * {@code failureThreshold} failed exchanges within {@code failureWindow} raise an alert, checked on
 * {@code failureCheckCron}; an alert of the same kind is not sent again before {@code repeatAfter}.
 */
@ConfigurationProperties("signalbridge.alerts")
public record AlertProperties(String slackWebhookUrl,
                              @DefaultValue("http://localhost:8080") String consoleBaseUrl,
                              @DefaultValue("10") int failureThreshold,
                              @DefaultValue("1h") Duration failureWindow,
                              @DefaultValue("0 0/5 * * * ?") String failureCheckCron,
                              @DefaultValue("1h") Duration repeatAfter) {

    public boolean slackConfigured() {
        return slackWebhookUrl != null && !slackWebhookUrl.isBlank();
    }

    @Override
    public String toString() {
        // the webhook URL is a secret: whoever has it can post to the channel
        return "AlertProperties[slack=" + (slackConfigured() ? "configured" : "none") + ", consoleBaseUrl=" + consoleBaseUrl
                + ", failureThreshold=" + failureThreshold + ", failureWindow=" + failureWindow + ", repeatAfter=" + repeatAfter + "]";
    }
}

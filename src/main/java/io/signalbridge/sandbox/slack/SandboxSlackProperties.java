package io.signalbridge.sandbox.slack;

import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The sandbox Slack receiver (signalbridge.sandbox.slack): the teams that have a webhook (another team's webhook
 * answers 404 {@code no_service}), and the least time between two messages one webhook accepts (Slack: one a second).
 */
@ConfigurationProperties("signalbridge.sandbox.slack")
public record SandboxSlackProperties(@DefaultValue({"sales", "marketing"}) List<String> teams,
                                     @DefaultValue("1s") Duration rateLimit) {
}

package io.signalbridge.failures;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The retries of every route (signalbridge.failures.redelivery): attempts in all, including the first;
 * the first wait, its growth per attempt, its ceiling, and the random share added or taken off each wait.
 */
@ConfigurationProperties("signalbridge.failures.redelivery")
public record RedeliveryProperties(@DefaultValue("4") int maxAttempts,
                                   @DefaultValue("1s") Duration initialDelay,
                                   @DefaultValue("2.0") double multiplier,
                                   @DefaultValue("2m") Duration maxDelay,
                                   @DefaultValue("0.2") double jitter) {

    public RedeliveryProperties {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("signalbridge.failures.redelivery.max-attempts must be at least 1");
        }
        if (jitter < 0 || jitter >= 1) {
            throw new IllegalArgumentException("signalbridge.failures.redelivery.jitter must be in [0, 1)");
        }
    }
}

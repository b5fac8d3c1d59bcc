package io.signalbridge.security.tokens;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Personal API tokens.
 *
 * @param defaultLifetime   how long a token lives when its creator does not say
 * @param maxLifetime       the longest a token may live
 * @param lastUseResolution a token's last use is written at most once in this time (not on every call)
 */
@ConfigurationProperties("signalbridge.security.api-tokens")
public record ApiTokenProperties(@DefaultValue("90d") Duration defaultLifetime, @DefaultValue("365d") Duration maxLifetime,
        @DefaultValue("1m") Duration lastUseResolution) {
}

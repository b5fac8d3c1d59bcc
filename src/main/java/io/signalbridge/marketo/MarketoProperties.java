package io.signalbridge.marketo;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The Marketo instance and this service's share of its limits. {@code baseUrl} is the instance's REST host
 * (e.g. {@code https://123-ABC-456.mktorest.com}): {@code /identity} and {@code /rest} are under it.
 * Marketo allows 100 calls per 20 s and 10 concurrent calls per instance, shared by every integration, so
 * the defaults take a part of that. Calls answered 606 / 615 (or another transient error) are retried up to
 * {@code maxRetries} times, waiting {@code retryBackoff} times the attempt number. Defaults in application.yaml.
 */
@ConfigurationProperties("signalbridge.marketo")
public record MarketoProperties(
        String baseUrl,
        String clientId,
        String clientSecret,
        @DefaultValue("60") int rateLimitCalls,
        @DefaultValue("20s") Duration rateLimitWindow,
        @DefaultValue("5") int maxConcurrentCalls,
        @DefaultValue("3") int maxRetries,
        @DefaultValue("20s") Duration retryBackoff) {

    @Override
    public String toString() {
        // never the secret
        return "MarketoProperties[baseUrl=" + baseUrl + ", clientId=" + clientId + ", rateLimitCalls=" + rateLimitCalls
                + ", rateLimitWindow=" + rateLimitWindow + ", maxConcurrentCalls=" + maxConcurrentCalls + "]";
    }
}

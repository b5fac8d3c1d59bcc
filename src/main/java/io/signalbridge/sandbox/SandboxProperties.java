package io.signalbridge.sandbox;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/** Settings of the simulated orgs; the demo values live in application-sandbox.yaml (the defaults here are the same). */
@ConfigurationProperties("signalbridge.sandbox")
public record SandboxProperties(
        @DefaultValue("false") boolean enabled,
        @DefaultValue("true") boolean seedOnStart,
        @DefaultValue Generator generator,
        @DefaultValue Salesforce salesforce,
        @DefaultValue Marketo marketo,
        @DefaultValue Outreach outreach) {

    /** Demo-org generator: the same seed and scale always give the same org. */
    public record Generator(
            @DefaultValue("42") long seed,
            @DefaultValue("2000") int accounts,
            @DefaultValue("18") int months) {
    }

    /**
     * {@code queryLatency} is how long each page of query results takes to answer, as a real org's network and query
     * time do (0: the demo answers at once); tests that must catch a pull in the middle set it.
     */
    public record Salesforce(
            @DefaultValue("sandbox") String clientId,
            @DefaultValue("sandbox") String clientSecret,
            @DefaultValue("integration@sandbox.local") String username,
            @DefaultValue("sandbox") String password,
            @DefaultValue("sandbox-refresh-token") String refreshToken,
            String jwtCertificate,
            @DefaultValue("2h") Duration tokenTtl,
            @DefaultValue("100000") long dailyApiLimit,
            @DefaultValue("62.0") String apiVersion,
            @DefaultValue("2000") int pageSize,
            @DefaultValue("0s") Duration queryLatency,
            @DefaultValue Streaming streaming) {
    }

    /**
     * The Streaming API (CometD) of the sandbox org: how long a {@code /meta/connect} waits for events
     * ({@code timeout}, Salesforce's 110 s), how long a client may stay away between connects before it is
     * dropped ({@code maxInterval}), how long change events are kept ({@code retention}, 72 hours), how often a
     * waiting connect looks for events written by other nodes ({@code pollInterval}) and how many events one
     * connect answers with at most.
     */
    public record Streaming(
            @DefaultValue("110s") Duration timeout,
            @DefaultValue("40s") Duration maxInterval,
            @DefaultValue("72h") Duration retention,
            @DefaultValue("250ms") Duration pollInterval,
            @DefaultValue("500") int maxEventsPerConnect) {
    }

    /** Limits as documented for a real instance: 100 calls per 20 s, 10 concurrent calls, 50,000 calls a day. */
    public record Marketo(
            @DefaultValue("sandbox") String clientId,
            @DefaultValue("sandbox") String clientSecret,
            @DefaultValue("1h") Duration tokenTtl,
            @DefaultValue("50000") long dailyApiLimit,
            @DefaultValue("300") int pageSize,
            @DefaultValue("100") int rateLimitCalls,
            @DefaultValue("20s") Duration rateLimitWindow,
            @DefaultValue("10") int concurrentCallLimit) {
    }

    /**
     * Outreach API v2: OAuth2 client credentials or a refresh token for a two-hour token, or the fixed token; its
     * limit of requests per user and hour (10,000 on a real org).
     */
    public record Outreach(
            @DefaultValue("sandbox") String clientId,
            @DefaultValue("sandbox") String clientSecret,
            @DefaultValue("sandbox-outreach-refresh-token") String refreshToken,
            @DefaultValue("sandbox-outreach-token") String fixedToken,
            @DefaultValue("2h") Duration tokenTtl,
            @DefaultValue("10000") long hourlyRateLimit,
            @DefaultValue("50") int pageSize,
            @DefaultValue("1000") int maxPageSize,
            @DefaultValue("20") int prospectEveryNthContact) {
    }
}

package io.signalbridge.salesforce;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.signalbridge.failures.ExternalSystemGuard;
import io.signalbridge.failures.ExternalSystemGuard.SystemPausedException;
import io.signalbridge.salesforce.SalesforceQueries.SalesforceCallException;

import org.apache.camel.Endpoint;
import org.apache.camel.EndpointInject;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Step bean of routes/salesforce-api-usage.yaml: keeps a history of the org's daily API allocation
 * (the {@code limits} resource's DailyApiRequests), so ops see how much of the budget the syncs use. The call
 * goes through Salesforce's circuit breaker, bulkhead and rate limiter; while the breaker is open no snapshot
 * is taken (the next one after it closes is).
 */
@Component("salesforceApiUsageRecorder")
public class SalesforceApiUsageRecorder {

    public record Snapshot(Instant takenAt, long dailyMax, long dailyRemaining) {

        public long used() {
            return dailyMax - dailyRemaining;
        }
    }

    private static final Logger log = LoggerFactory.getLogger(SalesforceApiUsageRecorder.class);

    private final ProducerTemplate camel;
    /**
     * Resolved when the application starts, which starts the salesforce component then: camel-salesforce creates
     * its session when the component starts, and the first pulls creating their producers at once on a component
     * not yet started fail with "session is null".
     */
    @EndpointInject("salesforce:limits?rawPayload=true")
    private Endpoint limits;
    private final ExternalSystemGuard guard;
    private final JdbcTemplate jdbc;
    private final ObjectMapper json;
    private final Clock clock;

    public SalesforceApiUsageRecorder(ProducerTemplate camel, ExternalSystemGuard guard, JdbcTemplate jdbc, ObjectMapper json, Clock clock) {
        this.camel = camel;
        this.guard = guard;
        this.jdbc = jdbc;
        this.json = json;
        this.clock = clock;
    }

    /** Reads the org's limits (one API call) and records them; null, and nothing recorded, while Salesforce is paused. */
    public Snapshot readAndRecord() throws Exception {
        String limits;
        try {
            limits = guard.call(SalesforceQueries.SYSTEM, this::readLimits);
        } catch (SystemPausedException paused) {
            log.info("No Salesforce API usage snapshot: {}", paused.getMessage());
            return null;
        }
        return record(limits);
    }

    private String readLimits() {
        Exchange exchange = camel.request(limits, e -> { });
        if (exchange.getException() != null) {
            throw new SalesforceCallException("Salesforce limits unavailable: " + exchange.getException().getMessage(), exchange.getException());
        }
        return exchange.getMessage().getBody(String.class);
    }

    /** Records the DailyApiRequests of a raw {@code limits} response. */
    public Snapshot record(String limitsJson) throws Exception {
        JsonNode daily = json.readTree(limitsJson).path("DailyApiRequests");
        if (!daily.path("Max").isNumber() || !daily.path("Remaining").isNumber()) {
            throw new IllegalArgumentException("Salesforce limits response without DailyApiRequests Max/Remaining");
        }
        var snapshot = new Snapshot(clock.instant(), daily.path("Max").asLong(), daily.path("Remaining").asLong());
        jdbc.update("insert into salesforce_api_usage (taken_at, daily_max, daily_remaining) values (?, ?, ?)",
                LocalDateTime.ofInstant(snapshot.takenAt(), ZoneOffset.UTC), snapshot.dailyMax(), snapshot.dailyRemaining());
        return snapshot;
    }

    public Optional<Snapshot> latest() {
        return jdbc.query("select taken_at, daily_max, daily_remaining from salesforce_api_usage order by taken_at desc limit 1",
                SalesforceApiUsageRecorder::snapshot).stream().findFirst();
    }

    /** The snapshots taken at or after {@code since}, oldest first. */
    public List<Snapshot> since(Instant since) {
        return jdbc.query("select taken_at, daily_max, daily_remaining from salesforce_api_usage where taken_at >= ? order by taken_at",
                SalesforceApiUsageRecorder::snapshot, LocalDateTime.ofInstant(since, ZoneOffset.UTC));
    }

    private static Snapshot snapshot(java.sql.ResultSet rs, int row) throws java.sql.SQLException {
        return new Snapshot(rs.getObject(1, LocalDateTime.class).toInstant(ZoneOffset.UTC), rs.getLong(2), rs.getLong(3));
    }
}

package io.signalbridge.salesforce;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Step bean of routes/salesforce-api-usage.yaml: keeps a history of the org's daily API allocation
 * (the {@code limits} resource's DailyApiRequests), so ops see how much of the budget the syncs use.
 */
@Component("salesforceApiUsageRecorder")
public class SalesforceApiUsageRecorder {

    public record Snapshot(Instant takenAt, long dailyMax, long dailyRemaining) {

        public long used() {
            return dailyMax - dailyRemaining;
        }
    }

    private final JdbcTemplate jdbc;
    private final ObjectMapper json;
    private final Clock clock;

    public SalesforceApiUsageRecorder(JdbcTemplate jdbc, ObjectMapper json, Clock clock) {
        this.jdbc = jdbc;
        this.json = json;
        this.clock = clock;
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
                (rs, i) -> new Snapshot(rs.getObject(1, LocalDateTime.class).toInstant(ZoneOffset.UTC), rs.getLong(2), rs.getLong(3)))
                .stream().findFirst();
    }
}

package io.signalbridge.salesforce.streaming;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Optional;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/** The replay id of the last change event processed per channel (table salesforce_stream_position). */
@Component
public class StreamPositions {

    /** A processed position: the event's replay id and commit time. */
    public record Position(long replayId, Instant eventTime) {
    }

    private final JdbcTemplate jdbc;
    private final Clock clock;

    public StreamPositions(JdbcTemplate jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    public Optional<Position> find(String channel) {
        return jdbc.query("select replay_id, event_time from salesforce_stream_position where channel = ?",
                (rs, i) -> new Position(rs.getLong(1), rs.getObject(2, LocalDateTime.class).toInstant(ZoneOffset.UTC)), channel).stream().findFirst();
    }

    /** Records the event as processed; a smaller replay id (an event delivered again) never moves it back. */
    public void processed(String channel, long replayId, Instant eventTime) {
        LocalDateTime now = utc(clock.instant());
        int updated = jdbc.update("update salesforce_stream_position set replay_id = ?, event_time = ?, updated_at = ? where channel = ? and replay_id < ?",
                replayId, utc(eventTime), now, channel, replayId);
        if (updated == 0 && find(channel).isEmpty()) {
            jdbc.update("insert into salesforce_stream_position (channel, replay_id, event_time, updated_at) values (?, ?, ?, ?)",
                    channel, replayId, utc(eventTime), now);
        }
    }

    /** Forgets the channel's position (its replay id cannot be replayed any more). */
    public void forget(String channel) {
        jdbc.update("delete from salesforce_stream_position where channel = ?", channel);
    }

    private static LocalDateTime utc(Instant instant) {
        return LocalDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
}

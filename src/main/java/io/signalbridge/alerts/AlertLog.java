package io.signalbridge.alerts;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * When each alert was last sent and how many repeats were held back since (table alert_state), so that an
 * alert raised every minute reaches Slack once per repeat period, also across restarts and instances.
 */
@Repository
public class AlertLog {

    /** May the alert go out now? If so, with how many repeats held back since the last one. */
    public record Decision(boolean send, int suppressedBefore) {
    }

    private final JdbcTemplate jdbc;
    private final Clock clock;

    public AlertLog(JdbcTemplate jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** Claims the right to send alert {@code key} now, or counts it as a held-back repeat. */
    public Decision claim(String key, Duration repeatAfter) {
        Instant now = clock.instant();
        Integer suppressed = jdbc.query("select suppressed from alert_state where alert_key = ?", (rs, i) -> rs.getInt(1), key)
                .stream().findFirst().orElse(null);
        if (suppressed == null) {
            try {
                jdbc.update("insert into alert_state (alert_key, last_sent, suppressed) values (?, ?, 0)", key, utc(now));
                return new Decision(true, 0);
            } catch (DuplicateKeyException raced) {
                return claim(key, repeatAfter);
            }
        }
        // one conditional update: of two instances raising the same alert at once, one sends
        int claimed = jdbc.update("update alert_state set last_sent = ?, suppressed = 0 where alert_key = ? and last_sent <= ?",
                utc(now), key, utc(now.minus(repeatAfter)));
        if (claimed == 1) {
            return new Decision(true, suppressed);
        }
        jdbc.update("update alert_state set suppressed = suppressed + 1 where alert_key = ?", key);
        return new Decision(false, 0);
    }

    /** The alert could not be delivered: the next one of its kind is not held back. */
    public void release(String key) {
        jdbc.update("update alert_state set last_sent = ? where alert_key = ?", utc(Instant.EPOCH), key);
    }

    private static LocalDateTime utc(Instant instant) {
        return LocalDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
}

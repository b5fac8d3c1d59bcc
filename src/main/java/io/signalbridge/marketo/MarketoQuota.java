package io.signalbridge.marketo;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Optional;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * The instance's daily API quota as this service sees it: calls made per quota day (Marketo's day ends at
 * midnight US Central), and, once Marketo answered 607, the time until which no call is made. Kept in the
 * database, so a restart neither forgets the day's count nor spends a call to learn the quota is still gone.
 */
@Repository
public class MarketoQuota {

    /** Marketo's daily quota resets at midnight US Central. */
    public static final ZoneId QUOTA_ZONE = ZoneId.of("America/Chicago");

    private final JdbcTemplate jdbc;
    private final Clock clock;

    public MarketoQuota(JdbcTemplate jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    public void recordCall() {
        LocalDate day = today();
        if (jdbc.update("update marketo_api_day set calls = calls + 1 where quota_day = ?", day) == 0) {
            try {
                jdbc.update("insert into marketo_api_day (quota_day, calls) values (?, 1)", day);
            } catch (DuplicateKeyException concurrentFirstCall) {
                jdbc.update("update marketo_api_day set calls = calls + 1 where quota_day = ?", day);
            }
        }
    }

    public long callsToday() {
        return jdbc.query("select calls from marketo_api_day where quota_day = ?", (rs, i) -> rs.getLong(1), today())
                .stream().findFirst().orElse(0L);
    }

    /** Marks the quota as used up until the next reset; returns that time. */
    public Instant park() {
        Instant resetsAt = nextReset();
        LocalDate day = today();
        if (jdbc.update("update marketo_api_day set parked_until = ? where quota_day = ?", utc(resetsAt), day) == 0) {
            try {
                jdbc.update("insert into marketo_api_day (quota_day, calls, parked_until) values (?, 0, ?)", day, utc(resetsAt));
            } catch (DuplicateKeyException concurrentPark) {
                jdbc.update("update marketo_api_day set parked_until = ? where quota_day = ?", utc(resetsAt), day);
            }
        }
        return resetsAt;
    }

    /** The reset time while calls are parked, else empty. */
    public Optional<Instant> parkedUntil() {
        Instant now = clock.instant();
        return jdbc.query("select max(parked_until) from marketo_api_day",
                        (rs, i) -> Optional.ofNullable(rs.getObject(1, LocalDateTime.class)).map(t -> t.toInstant(ZoneOffset.UTC)))
                .stream().flatMap(Optional::stream).filter(now::isBefore).findFirst();
    }

    private LocalDate today() {
        return LocalDate.ofInstant(clock.instant(), QUOTA_ZONE);
    }

    private Instant nextReset() {
        return today().plusDays(1).atStartOfDay(QUOTA_ZONE).toInstant();
    }

    private static LocalDateTime utc(Instant instant) {
        return LocalDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
}

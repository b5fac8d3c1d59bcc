package io.signalbridge.failures;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * The failed-exchange store and its audit trail. Every change of status is one conditional update
 * ({@code ... where status = ?}), so two callers racing on the same failure cannot both win.
 */
@Repository
public class FailedExchangeStore {

    /** What a route knew about a failure when it gave up; secrets are already out of it. */
    public record Failure(String routeId, String step, String failureKey, String payload, Map<String, String> headers,
                          String errorClass, String errorCode, String message, String replayTarget) {
    }

    private final JdbcTemplate jdbc;
    private final ObjectMapper json;
    private final Clock clock;

    public FailedExchangeStore(JdbcTemplate jdbc, ObjectMapper json, Clock clock) {
        this.jdbc = jdbc;
        this.json = json;
        this.clock = clock;
    }

    /**
     * Keeps a failure; if the same route and key already have an open failure, that one counts one more
     * attempt instead. Returns the id of the row.
     */
    public long record(Failure failure) {
        String openKey = failure.routeId() + "|" + failure.failureKey();
        for (int tries = 0; ; tries++) {
            Optional<Long> open = addAttempt("open_key = ?", openKey, failure);
            if (open.isPresent()) {
                return open.get();
            }
            try {
                return insert(failure, openKey);
            } catch (DuplicateKeyException raced) {
                if (tries > 0) {
                    throw raced;
                }
            }
        }
    }

    /** A replay of failure {@code id} failed again: one more attempt, the new error, FAILED again. */
    public void recordReplayFailure(long id, Failure failure) {
        addAttempt("id = ?", id, failure);
    }

    private Optional<Long> addAttempt(String where, Object key, Failure failure) {
        Instant now = clock.instant();
        int updated = jdbc.update("update failed_exchange set attempts = attempts + 1, last_failure = ?, step = ?, error_class = ?,"
                        + " error_code = ?, message = ?, status = ? where " + where + " and status in (?, ?)",
                utc(now), failure.step(), failure.errorClass(), failure.errorCode(), failure.message(), FailureStatus.FAILED.name(),
                key, FailureStatus.FAILED.name(), FailureStatus.REPLAYING.name());
        if (updated == 0) {
            return Optional.empty();
        }
        return jdbc.queryForList("select id from failed_exchange where " + where, Long.class, key).stream().findFirst();
    }

    private long insert(Failure failure, String openKey) {
        var now = utc(clock.instant());
        var keys = new org.springframework.jdbc.support.GeneratedKeyHolder();
        jdbc.update(connection -> {
            var ps = connection.prepareStatement("insert into failed_exchange (route_id, step, failure_key, open_key, payload, headers,"
                    + " error_class, error_code, message, attempts, first_failure, last_failure, status, replay_target)"
                    + " values (?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?, ?, ?)", new String[] {"id"});
            ps.setString(1, failure.routeId());
            ps.setString(2, failure.step());
            ps.setString(3, failure.failureKey());
            ps.setString(4, openKey);
            ps.setString(5, failure.payload());
            ps.setString(6, write(failure.headers()));
            ps.setString(7, failure.errorClass());
            ps.setString(8, failure.errorCode());
            ps.setString(9, failure.message());
            ps.setObject(10, now);
            ps.setObject(11, now);
            ps.setString(12, FailureStatus.FAILED.name());
            ps.setString(13, failure.replayTarget());
            return ps;
        }, keys);
        return keys.getKey().longValue();
    }

    public Optional<FailedExchange> find(long id) {
        return jdbc.query("select * from failed_exchange where id = ?", this::map, id).stream().findFirst();
    }

    public List<FailedExchange> list(FailureFilter filter, int limit) {
        var where = new ArrayList<String>();
        var args = new ArrayList<Object>();
        if (filter.routeId() != null) {
            where.add("route_id = ?");
            args.add(filter.routeId());
        }
        if (filter.errorCode() != null) {
            where.add("error_code = ?");
            args.add(filter.errorCode());
        }
        if (filter.from() != null) {
            where.add("last_failure >= ?");
            args.add(utc(filter.from()));
        }
        if (filter.to() != null) {
            where.add("last_failure < ?");
            args.add(utc(filter.to()));
        }
        if (filter.status() != null) {
            where.add("status = ?");
            args.add(filter.status().name());
        }
        args.add(limit);
        String condition = where.isEmpty() ? "" : " where " + String.join(" and ", where);
        return jdbc.query("select * from failed_exchange" + condition + " order by last_failure desc, id desc limit ?", this::map, args.toArray());
    }

    /** The FAILED exchanges whose last failure is at or after {@code since}, per route, most first. */
    public Map<String, Long> countFailedByRoute(Instant since) {
        var counts = new LinkedHashMap<String, Long>();
        jdbc.query("select route_id, count(*) from failed_exchange where status = ? and last_failure >= ? group by route_id order by 2 desc, 1",
                rs -> {
                    counts.put(rs.getString(1), rs.getLong(2));
                }, FailureStatus.FAILED.name(), utc(since));
        return counts;
    }

    /** Takes a FAILED exchange for a replay; false when it is not FAILED (replayed, discarded, or being replayed). */
    public boolean claimForReplay(long id) {
        return move(id, FailureStatus.FAILED, FailureStatus.REPLAYING);
    }

    /** The replay went through: the failure is closed. */
    public boolean markReplayed(long id) {
        return close(id, FailureStatus.REPLAYING, FailureStatus.REPLAYED);
    }

    /** A replay could not start (no replay target): back to FAILED as it was. */
    public boolean releaseClaim(long id) {
        return move(id, FailureStatus.REPLAYING, FailureStatus.FAILED);
    }

    public boolean discard(long id) {
        return close(id, FailureStatus.FAILED, FailureStatus.DISCARDED);
    }

    /** An open failure whose work later succeeded by itself (e.g. the next scheduled run). */
    public int resolve(String routeId, String failureKey) {
        return jdbc.update("update failed_exchange set status = ?, open_key = null where open_key = ? and status = ?",
                FailureStatus.RESOLVED.name(), routeId + "|" + failureKey, FailureStatus.FAILED.name());
    }

    /** Replays cut off by a stop of the service are failures again, to be replayed; {@code running}: replays still going on. */
    public int releaseInterruptedReplays(java.util.function.LongPredicate running) {
        int released = 0;
        for (long id : jdbc.queryForList("select id from failed_exchange where status = ?", Long.class, FailureStatus.REPLAYING.name())) {
            if (!running.test(id)) {
                released += move(id, FailureStatus.REPLAYING, FailureStatus.FAILED) ? 1 : 0;
            }
        }
        return released;
    }

    public void audit(long id, String actor, String action, String outcome) {
        jdbc.update("insert into failed_exchange_audit (failed_exchange_id, actor, at, action, outcome) values (?, ?, ?, ?, ?)",
                id, actor, utc(clock.instant()), action, outcome);
    }

    public List<FailureAudit> auditTrail(long id) {
        return jdbc.query("select * from failed_exchange_audit where failed_exchange_id = ? order by at, id", (rs, row) -> new FailureAudit(
                rs.getLong("failed_exchange_id"), rs.getString("actor"), instant(rs, "at"), rs.getString("action"), rs.getString("outcome")), id);
    }

    private boolean move(long id, FailureStatus from, FailureStatus to) {
        return jdbc.update("update failed_exchange set status = ? where id = ? and status = ?", to.name(), id, from.name()) == 1;
    }

    private boolean close(long id, FailureStatus from, FailureStatus to) {
        return jdbc.update("update failed_exchange set status = ?, open_key = null where id = ? and status = ?", to.name(), id, from.name()) == 1;
    }

    private FailedExchange map(ResultSet rs, int row) throws SQLException {
        return new FailedExchange(rs.getLong("id"), rs.getString("route_id"), rs.getString("step"), rs.getString("failure_key"),
                rs.getString("payload"), read(rs.getString("headers")), rs.getString("error_class"), rs.getString("error_code"),
                rs.getString("message"), rs.getInt("attempts"), instant(rs, "first_failure"), instant(rs, "last_failure"),
                FailureStatus.valueOf(rs.getString("status")), rs.getString("replay_target"));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        return rs.getObject(column, LocalDateTime.class).toInstant(ZoneOffset.UTC);
    }

    private Map<String, String> read(String text) {
        try {
            return json.readValue(text, new TypeReference<LinkedHashMap<String, String>>() {
            });
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private String write(Map<String, String> headers) {
        try {
            return json.writeValueAsString(headers);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static LocalDateTime utc(Instant instant) {
        return LocalDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
}

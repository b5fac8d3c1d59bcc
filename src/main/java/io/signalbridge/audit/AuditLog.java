package io.signalbridge.audit;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;

/**
 * The audit log: who did what, when, and how it ended (table {@code audit_log}, only ever inserted into). Other
 * modules call {@link #record}; the listing filters by actor, action, time range, newest first.
 */
@Service
public class AuditLog {

    public record Entry(long id, Instant at, String actor, String action, String target, String outcome, String detail) {
    }

    /** A listing's filter: any part null means "any"; {@code from} inclusive, {@code to} exclusive. */
    public record Filter(String actor, String action, Instant from, Instant to, int offset, int limit) {
    }

    private final JdbcTemplate jdbc;
    private final Clock clock;

    public AuditLog(JdbcTemplate jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    public void record(String actor, String action, String target, String outcome, String detail) {
        jdbc.update("insert into audit_log (at, actor, action, target, outcome, detail) values (?, ?, ?, ?, ?, ?)",
                Timestamp.from(clock.instant()), clip(actor, 320), clip(action, 200), clip(target, 500), clip(outcome, 40), clip(detail, 2000));
    }

    public List<Entry> list(Filter filter) {
        var sql = new StringBuilder("select * from audit_log where 1 = 1");
        var arguments = new ArrayList<Object>();
        if (filter.actor() != null) {
            sql.append(" and actor = ?");
            arguments.add(filter.actor());
        }
        if (filter.action() != null) {
            sql.append(" and action = ?");
            arguments.add(filter.action());
        }
        if (filter.from() != null) {
            sql.append(" and at >= ?");
            arguments.add(Timestamp.from(filter.from()));
        }
        if (filter.to() != null) {
            sql.append(" and at < ?");
            arguments.add(Timestamp.from(filter.to()));
        }
        sql.append(" order by id desc limit ? offset ?");
        arguments.add(Math.max(1, Math.min(filter.limit(), 500)));
        arguments.add(Math.max(0, filter.offset()));
        return jdbc.query(sql.toString(), (row, i) -> new Entry(row.getLong("id"), row.getTimestamp("at").toInstant(), row.getString("actor"),
                row.getString("action"), row.getString("target"), row.getString("outcome"), row.getString("detail")), arguments.toArray());
    }

    private static String clip(String value, int length) {
        return value == null || value.length() <= length ? value : value.substring(0, length);
    }
}

package io.signalbridge.sandbox.salesforce.streaming;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The org's retained change events (table sandbox_sf_change_event), shared by every node. Replay ids come from one
 * locked counter row, so events commit in replay id order; a node learns of other nodes' events by reading again.
 */
public class ChangeEventLog {

    /** A stored event: its replay id, entity and the {@code data.payload} JSON as sent. */
    public record StoredEvent(long replayId, String entityName, Instant createdAt, String payload) {
    }

    /** An event to append. */
    public record NewEvent(String entityName, String payload) {
    }

    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final Object appended = new Object();

    public ChangeEventLog(JdbcTemplate jdbc, PlatformTransactionManager transactions) {
        this.jdbc = jdbc;
        this.tx = new TransactionTemplate(transactions);
    }

    /** Appends the events under consecutive replay ids, in order; returns the last id given. */
    public long append(List<NewEvent> events, Instant now) {
        if (events.isEmpty()) {
            return latestReplayId();
        }
        Long last = tx.execute(status -> {
            jdbc.update("update sandbox_sf_change_event_counter set last_replay_id = last_replay_id + ? where id = 1", events.size());
            long top = jdbc.queryForObject("select last_replay_id from sandbox_sf_change_event_counter where id = 1", Long.class);
            long first = top - events.size() + 1;
            var rows = new ArrayList<Object[]>(events.size());
            for (int i = 0; i < events.size(); i++) {
                rows.add(new Object[] {first + i, events.get(i).entityName(), utc(now), events.get(i).payload()});
            }
            jdbc.batchUpdate("insert into sandbox_sf_change_event (replay_id, entity_name, created_at, payload) values (?, ?, ?, ?)", rows);
            return top;
        });
        synchronized (appended) {
            appended.notifyAll();
        }
        return last;
    }

    /** The newest replay id handed out (0 before the first event): what replay {@code -1} starts after. */
    public long latestReplayId() {
        return jdbc.queryForObject("select last_replay_id from sandbox_sf_change_event_counter where id = 1", Long.class);
    }

    /** Whether the event with this replay id is still retained (created after {@code cutoff}). */
    public boolean retained(long replayId, Instant cutoff) {
        Integer n = jdbc.queryForObject("select count(*) from sandbox_sf_change_event where replay_id = ? and created_at > ?",
                Integer.class, replayId, utc(cutoff));
        return n != null && n > 0;
    }

    /** Up to {@code limit} retained events after {@code position}, oldest first; {@code entityName} null for all entities. */
    public List<StoredEvent> after(long position, String entityName, Instant cutoff, int limit) {
        String sql = "select replay_id, entity_name, created_at, payload from sandbox_sf_change_event where replay_id > ? and created_at > ?"
                + (entityName == null ? "" : " and entity_name = ?") + " order by replay_id limit " + limit;
        Object[] args = entityName == null ? new Object[] {position, utc(cutoff)} : new Object[] {position, utc(cutoff), entityName};
        return jdbc.query(sql, (rs, i) -> new StoredEvent(rs.getLong(1), rs.getString(2),
                rs.getObject(3, LocalDateTime.class).toInstant(ZoneOffset.UTC), rs.getString(4)), args);
    }

    /** Drops the events created before {@code cutoff}: past retention, as Salesforce's 72 hours. */
    public int purgeBefore(Instant cutoff) {
        return jdbc.update("delete from sandbox_sf_change_event where created_at <= ?", utc(cutoff));
    }

    /** Waits up to {@code millis} for an event appended on this node (other nodes' events are found by reading again). */
    public void awaitAppend(long millis) throws InterruptedException {
        if (millis <= 0) {
            return;
        }
        synchronized (appended) {
            appended.wait(millis);
        }
    }

    /** Wakes every waiting long poll, e.g. on shutdown. */
    public void wakeAll() {
        synchronized (appended) {
            appended.notifyAll();
        }
    }

    private static LocalDateTime utc(Instant instant) {
        return LocalDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
}

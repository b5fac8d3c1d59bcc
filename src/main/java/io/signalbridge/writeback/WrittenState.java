package io.signalbridge.writeback;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * What the write-back last wrote per target object and record (table writeback_state), and the changes a
 * run is sending (writeback_pending). A record becomes "written" only through {@link #markWritten}, which a
 * run calls for the records the org accepted.
 */
@Repository
public class WrittenState {

    /** A record's state: written (or known) field values, their fingerprint, and the code that blocks it, if any. */
    public record State(String recordId, ObjectNode fields, String fingerprint, String blockedCode) {
    }

    /** One record's change in a run: fields to send, and the state to keep once the org accepted them. */
    public record Change(String recordId, ObjectNode changes, ObjectNode fields, String fingerprint) {
    }

    private static final String UPSERT = """
            merge into writeback_state t
            using (values (cast(? as varchar(96)), cast(? as varchar(64)), cast(? as text), cast(? as varchar(64)), cast(? as timestamp)))
                  as s (target, record_id, fields, fingerprint, written_at)
            on t.target = s.target and t.record_id = s.record_id
            when matched then
                update set fields = s.fields, fingerprint = s.fingerprint, written_at = s.written_at, blocked_code = null, blocked_at = null
            when not matched then
                insert (target, record_id, fields, fingerprint, written_at) values (s.target, s.record_id, s.fields, s.fingerprint, s.written_at)""";

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transaction;
    private final ObjectMapper json;
    private final Clock clock;

    public WrittenState(JdbcTemplate jdbc, TransactionTemplate transaction, ObjectMapper json, Clock clock) {
        this.jdbc = jdbc;
        this.transaction = transaction;
        this.json = json;
        this.clock = clock;
    }

    /** The org accepted these records (or there was nothing to send): their state is what they now hold. */
    public void markWritten(String target, Collection<Change> accepted) {
        if (accepted.isEmpty()) {
            return;
        }
        var now = Timestamp.valueOf(now());
        jdbc.batchUpdate(UPSERT, accepted, 500, (ps, change) -> {
            ps.setString(1, target);
            ps.setString(2, change.recordId());
            ps.setString(3, write(change.fields()));
            ps.setString(4, change.fingerprint());
            ps.setTimestamp(5, now);
        });
    }

    /** The org refused the record for a reason a retry does not cure: no run sends it again until it is replayed. */
    public void block(String target, String recordId, String code) {
        var now = now();
        int updated = jdbc.update("update writeback_state set blocked_code = ?, blocked_at = ? where target = ? and record_id = ?",
                code, now, target, recordId);
        if (updated == 0) {
            jdbc.update("insert into writeback_state (target, record_id, fields, fingerprint, written_at, blocked_code, blocked_at)"
                    + " values (?, ?, '{}', null, ?, ?, ?)", target, recordId, now, code, now);
        }
    }

    public void unblock(String target, String recordId) {
        jdbc.update("update writeback_state set blocked_code = null, blocked_at = null where target = ? and record_id = ?", target, recordId);
    }

    public Optional<State> find(String target, String recordId) {
        return jdbc.query("select record_id, fields, fingerprint, blocked_code from writeback_state where target = ? and record_id = ?",
                (rs, i) -> new State(rs.getString(1), read(rs.getString(2)), rs.getString(3), rs.getString(4)), target, recordId)
                .stream().findFirst();
    }

    /** The states of these records (those that have one), by id; one primary-key lookup each. */
    /** Up to {@code limit} written, unblocked records of the target after {@code afterId} (null: from the first), by id. */
    public List<State> writtenPage(String target, String afterId, int limit) {
        return jdbc.query("select record_id, fields, fingerprint, blocked_code from writeback_state where target = ?"
                        + " and blocked_code is null and record_id > ? order by record_id limit ?",
                (rs, i) -> new State(rs.getString(1), read(rs.getString(2)), rs.getString(3), rs.getString(4)),
                target, afterId == null ? "" : afterId, limit);
    }

    public Map<String, State> findAll(String target, Collection<String> recordIds) {
        var states = new HashMap<String, State>();
        eachById("select record_id, fields, fingerprint, blocked_code from writeback_state where target = ? and record_id = ?",
                List.of(target), recordIds, rs -> states.put(rs.getString(1), new State(rs.getString(1), read(rs.getString(2)), rs.getString(3),
                        rs.getString(4))));
        return states;
    }

    /** Drift: the org no longer holds these values, so they count as not written and the next run writes them again. */
    public void forget(String target, String recordId, ObjectNode remaining) {
        jdbc.update("update writeback_state set fields = ?, fingerprint = null where target = ? and record_id = ?",
                write(remaining), target, recordId);
    }

    public long count(String target, boolean blocked) {
        Long n = jdbc.queryForObject("select count(*) from writeback_state where target = ? and blocked_code is " + (blocked ? "not null" : "null"),
                Long.class, target);
        return n == null ? 0 : n;
    }

    // ---- the changes of a run

    public void addPending(long runId, String target, List<Change> changes) {
        jdbc.batchUpdate("insert into writeback_pending (run_id, target, record_id, changes, fields, fingerprint) values (?, ?, ?, ?, ?, ?)",
                changes, 500, (ps, change) -> {
                    ps.setLong(1, runId);
                    ps.setString(2, target);
                    ps.setString(3, change.recordId());
                    ps.setString(4, write(change.changes()));
                    ps.setString(5, write(change.fields()));
                    ps.setString(6, change.fingerprint());
                });
    }

    /**
     * Up to {@code limit} pending changes after {@code afterRecordId} (null: from the start), by record id. Ordered by
     * the whole primary key, so that H2 reads the page off the index instead of sorting every remaining row per page.
     */
    public List<Change> pendingPage(long runId, String target, String afterRecordId, int limit) {
        return jdbc.query("select record_id, changes, fields, fingerprint from writeback_pending where run_id = ? and target = ? and record_id > ?"
                        + " order by run_id, target, record_id limit ?", (rs, i) -> change(rs), runId, target, afterRecordId == null ? "" : afterRecordId, limit);
    }

    public Map<String, Change> pendingByIds(long runId, String target, Collection<String> recordIds) {
        var found = new HashMap<String, Change>();
        eachById("select record_id, changes, fields, fingerprint from writeback_pending where run_id = ? and target = ? and record_id = ?",
                List.of(runId, target), recordIds, rs -> found.put(rs.getString(1), change(rs)));
        return found;
    }

    /**
     * The org accepted these records of a run: their pending state becomes their written state, in the
     * database (one primary-key lookup each, nothing loaded). Returns how many were pending.
     */
    public int markWrittenFromPending(long runId, String target, Collection<String> recordIds) {
        var now = Timestamp.valueOf(now());
        int[][] counts = jdbc.batchUpdate("""
                merge into writeback_state t
                using (select target, record_id, fields, fingerprint from writeback_pending where run_id = ? and target = ? and record_id = ?) s
                on t.target = s.target and t.record_id = s.record_id
                when matched then
                    update set fields = s.fields, fingerprint = s.fingerprint, written_at = ?, blocked_code = null, blocked_at = null
                when not matched then
                    insert (target, record_id, fields, fingerprint, written_at) values (s.target, s.record_id, s.fields, s.fingerprint, ?)""",
                recordIds, 500, (ps, id) -> {
                    ps.setLong(1, runId);
                    ps.setString(2, target);
                    ps.setString(3, id);
                    ps.setTimestamp(4, now);
                    ps.setTimestamp(5, now);
                });
        int written = 0;
        for (int[] batch : counts) {
            for (int count : batch) {
                written += count > 0 || count == java.sql.Statement.SUCCESS_NO_INFO ? 1 : 0;
            }
        }
        return written;
    }

    /** Runs a primary-key lookup per id with one prepared statement (IN lists make H2 scan the table). */
    private void eachById(String sql, List<Object> prefix, Collection<String> ids, RowCallbackHandler handler) {
        if (ids.isEmpty()) {
            return;
        }
        jdbc.execute((org.springframework.jdbc.core.ConnectionCallback<Void>) connection -> {
            try (var statement = connection.prepareStatement(sql)) {
                for (String id : ids) {
                    for (int i = 0; i < prefix.size(); i++) {
                        statement.setObject(i + 1, prefix.get(i));
                    }
                    statement.setString(prefix.size() + 1, id);
                    try (var rs = statement.executeQuery()) {
                        while (rs.next()) {
                            handler.processRow(rs);
                        }
                    }
                }
            }
            return null;
        });
    }

    /** Streams a run's pending changes of one target (fetched in pages, never all held at once). */
    public void forEachPending(long runId, String target, Consumer<Change> consumer) {
        transaction.executeWithoutResult(status -> jdbc.query(connection -> {
            var statement = connection.prepareStatement(
                    "select record_id, changes, fields, fingerprint from writeback_pending where run_id = ? and target = ? order by run_id, target, record_id");
            statement.setFetchSize(1_000);
            statement.setLong(1, runId);
            statement.setString(2, target);
            return statement;
        }, (RowCallbackHandler) rs -> consumer.accept(change(rs))));
    }

    /** Removes the pending rows of one target left by this run and by any run cut off before it. */
    public void clearPending(String target) {
        jdbc.update("delete from writeback_pending where target = ?", target);
    }

    private Change change(java.sql.ResultSet rs) throws java.sql.SQLException {
        return new Change(rs.getString(1), read(rs.getString(2)), read(rs.getString(3)), rs.getString(4));
    }

    ObjectNode read(String text) {
        try {
            return (ObjectNode) json.readTree(text);
        } catch (JsonProcessingException | ClassCastException e) {
            throw new IllegalStateException("Corrupt write-back state: " + e.getMessage(), e);
        }
    }

    String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private LocalDateTime now() {
        return LocalDateTime.ofInstant(clock.instant(), ZoneOffset.UTC);
    }
}

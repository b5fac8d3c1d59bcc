package io.signalbridge.sandbox.salesforce;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

import io.signalbridge.sandbox.salesforce.soql.FieldRef;
import io.signalbridge.sandbox.salesforce.soql.IdList;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The open query cursors, in the database (sandbox_query_cursor), so that a locator opened on one node is fetched
 * on any other of the nodes that share the database. Like Salesforce's, a cursor expires after 15 minutes without
 * a fetch, and opening one beyond the limit of 10 closes the least recently used. The node keeps the cursors it
 * used last in memory, so that paging on one node reads the ids once.
 */
final class QueryCursors {

    static final Duration IDLE_TIMEOUT = Duration.ofMinutes(15);
    static final int MAX_OPEN = 10;

    /** What a query locator points at: the matched ids in order, and how to render a page of them. */
    record Cursor(String objectName, List<FieldRef> fields, IdList ids, int batchSize) {
    }

    private final JdbcTemplate jdbc;
    private final Clock clock;
    private final Function<String, List<FieldRef>> fieldsOfQuery;
    private final AtomicLong sequence;
    private final Map<String, Cursor> recent = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Cursor> eldest) {
            return size() > MAX_OPEN;
        }
    };

    QueryCursors(JdbcTemplate jdbc, Clock clock, Function<String, List<FieldRef>> fieldsOfQuery) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.fieldsOfQuery = fieldsOfQuery;
        // locators from before a restart, or of another node, must not point at a new cursor
        this.sequence = new AtomicLong(clock.millis() * 1_000 + ThreadLocalRandom.current().nextInt(1_000));
    }

    String open(Cursor cursor, String soql) {
        LocalDateTime now = utc(clock.instant());
        jdbc.update("delete from sandbox_query_cursor where last_used < ?", utc(clock.instant().minus(IDLE_TIMEOUT)));
        byte[] ids = cursor.ids().toBytes();
        String id;
        while (true) {
            id = SalesforceIds.of("01g", sequence.addAndGet(1 + ThreadLocalRandom.current().nextInt(1_000)));
            try {
                jdbc.update("insert into sandbox_query_cursor (id, object_name, soql, batch_size, id_count, ids, last_used)"
                        + " values (?, ?, ?, ?, ?, ?, ?)", id, cursor.objectName(), soql, cursor.batchSize(), cursor.ids().size(), ids, now);
                break;
            } catch (DuplicateKeyException takenByAnotherNode) {
                // the next id
            }
        }
        for (String eldest : jdbc.queryForList("select id from sandbox_query_cursor order by last_used desc, id desc limit 1000 offset ?",
                String.class, MAX_OPEN)) {
            close(eldest);
        }
        synchronized (recent) {
            recent.put(id, cursor);
        }
        return id;
    }

    Optional<Cursor> find(String id) {
        Instant now = clock.instant();
        boolean open = jdbc.update("update sandbox_query_cursor set last_used = ? where id = ? and last_used >= ?",
                utc(now), id, utc(now.minus(IDLE_TIMEOUT))) == 1;
        if (!open) {
            synchronized (recent) {
                recent.remove(id);
            }
            return Optional.empty();
        }
        synchronized (recent) {
            Cursor cursor = recent.get(id);
            if (cursor != null) {
                return Optional.of(cursor);
            }
        }
        Optional<Cursor> stored = jdbc.query("select object_name, soql, batch_size, ids from sandbox_query_cursor where id = ?",
                (rs, i) -> new Cursor(rs.getString(1), fieldsOfQuery.apply(rs.getString(2)), IdList.fromBytes(rs.getBytes(4)), rs.getInt(3)),
                id).stream().findFirst();
        stored.ifPresent(cursor -> {
            synchronized (recent) {
                recent.put(id, cursor);
            }
        });
        return stored;
    }

    void close(String id) {
        jdbc.update("delete from sandbox_query_cursor where id = ?", id);
        synchronized (recent) {
            recent.remove(id);
        }
    }

    private static LocalDateTime utc(Instant instant) {
        return LocalDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
}

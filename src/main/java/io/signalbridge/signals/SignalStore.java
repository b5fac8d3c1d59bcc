package io.signalbridge.signals;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;
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
 * Pulled records and the watermarks of the pulls. A page of records and the watermark it advances are
 * committed in one transaction, so a run stopped between pages resumes exactly where its last committed
 * page ended; re-reading a record (the overlap window) only rewrites it.
 */
@Repository
public class SignalStore {

    // Standard SQL MERGE: the same statement on H2 and PostgreSQL (15+). Only a newer version that says something
    // else replaces a stored one, so a row read again through the overlap window, or re-read because only its change
    // stamps moved (our own write-back), counts as unchanged.
    // Many rows a statement (one round trip and one plan for ROWS_PER_STATEMENT records, not one each): the page's
    // upsert is what bounds ingest on PostgreSQL.
    private static final String ROW = """
            (cast(? as varchar(16)), cast(? as varchar(80)), cast(? as varchar(64)), cast(? as timestamp),
             cast(? as boolean), cast(? as text), cast(? as timestamp), cast(? as varchar(64)),
             cast(? as varchar(64)), cast(? as varchar(64)), cast(? as varchar(255)))""";
    private static final int ROWS_PER_STATEMENT = 500;
    private static final String UPSERT = """
            merge into signal_record t
            using (values %s)
                  as s (source, object_name, id, system_modstamp, is_deleted, fields, pulled_at, content_hash, account_key,
                        person_key, domain_key)
            on t.source = s.source and t.id = s.id
            when matched and t.system_modstamp < s.system_modstamp
                         and (t.content_hash is null or t.content_hash <> s.content_hash or t.is_deleted <> s.is_deleted) then
                update set object_name = s.object_name, system_modstamp = s.system_modstamp, is_deleted = s.is_deleted,
                           fields = s.fields, pulled_at = s.pulled_at, content_hash = s.content_hash, account_key = s.account_key,
                           person_key = s.person_key, domain_key = s.domain_key, keyed = true
            when not matched then
                insert (source, object_name, id, system_modstamp, is_deleted, fields, pulled_at, content_hash, account_key,
                        person_key, domain_key, keyed)
                values (s.source, s.object_name, s.id, s.system_modstamp, s.is_deleted, s.fields, s.pulled_at, s.content_hash,
                        s.account_key, s.person_key, s.domain_key, true)""";

    // On PostgreSQL the page is streamed into a temporary table with COPY (no bind parameters to parse, one round
    // trip), then moved with INSERT ... ON CONFLICT: decided by the primary key alone (no join to plan, so no plan that
    // stale statistics can spoil), and safe when two nodes upsert the same record at once (MERGE is not: it can fail
    // with a duplicate key); rows taken in key order, so two such upserts lock the rows they share in the same order
    // (no deadlock). Same rule as the MERGE: only a newer version that says something else replaces a stored one.
    private static final String INCOMING_TABLE = """
            create temporary table if not exists signal_incoming (
                source varchar(16), object_name varchar(80), id varchar(64), system_modstamp timestamp, is_deleted boolean,
                fields text, pulled_at timestamp, content_hash varchar(64), account_key varchar(64), person_key varchar(64),
                domain_key varchar(255)) on commit delete rows""";
    private static final String COPY_INCOMING = """
            copy signal_incoming (source, object_name, id, system_modstamp, is_deleted, fields, pulled_at, content_hash,
                                  account_key, person_key, domain_key) from stdin (format csv)""";
    private static final String UPSERT_POSTGRES = """
            insert into signal_record (source, object_name, id, system_modstamp, is_deleted, fields, pulled_at, content_hash,
                                       account_key, person_key, domain_key, keyed)
            select source, object_name, id, system_modstamp, is_deleted, fields, pulled_at, content_hash, account_key,
                   person_key, domain_key, true
            from signal_incoming
            order by source, id
            on conflict (source, id) do update
                set object_name = excluded.object_name, system_modstamp = excluded.system_modstamp, is_deleted = excluded.is_deleted,
                    fields = excluded.fields, pulled_at = excluded.pulled_at, content_hash = excluded.content_hash,
                    account_key = excluded.account_key, person_key = excluded.person_key, domain_key = excluded.domain_key,
                    keyed = true
                where signal_record.system_modstamp < excluded.system_modstamp
                  and (signal_record.content_hash is null or signal_record.content_hash <> excluded.content_hash
                       or signal_record.is_deleted <> excluded.is_deleted)""";
    /** Rows written between two ANALYZEs of signal_record on PostgreSQL (plans of the keyed reads need fresh statistics). */
    static final long ANALYZE_EVERY = 50_000;

    /** Ids per IN list of the keyed reads. */
    private static final int KEYS_PER_QUERY = 500;

    /** Fields that change whenever anything (or nothing) is saved on a Salesforce record: not part of its content. */
    static final java.util.Set<String> CHANGE_STAMPS = java.util.Set.of("SystemModstamp", "LastModifiedDate", "LastModifiedById",
            "LastReferencedDate", "LastViewedDate");

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transaction;
    private final ObjectMapper json;
    private final Clock clock;
    private final java.util.concurrent.atomic.AtomicLong writtenSinceAnalyze = new java.util.concurrent.atomic.AtomicLong();
    private volatile Boolean postgres;

    public SignalStore(JdbcTemplate jdbc, TransactionTemplate transaction, ObjectMapper json, Clock clock) {
        this.jdbc = jdbc;
        this.transaction = transaction;
        this.json = json;
        this.clock = clock;
    }

    /**
     * Stores a page and moves the object's watermark to {@code watermark}, atomically.
     * Returns how many of the page's records were new or newer than the stored copy.
     */
    public int commitPage(String source, String objectName, List<PulledRecord> page, Instant watermark) {
        LocalDateTime now = utc(clock.instant());
        // one row per record in a statement (MERGE may touch a row once): the newest of a record read twice
        var newest = new java.util.LinkedHashMap<String, PulledRecord>();
        for (PulledRecord r : page) {
            newest.merge(r.source() + "/" + r.id(), r, (a, b) -> b.systemModstamp().isBefore(a.systemModstamp()) ? a : b);
        }
        var rows = List.copyOf(newest.values());
        int stored = transaction.execute(status -> {
            int changed = postgres() ? copyAndUpsert(rows, now) : merge(rows, now);
            if (watermark != null) {
                advanceWatermark(source, objectName, watermark, now);
            }
            return changed;
        });
        keepStatisticsFresh(stored);
        return stored;
    }

    /** What both upserts store of a record besides its own columns: its keys, its fields serialized, their content hash. */
    private record StoredRow(RecordKeys keys, String fields, String contentHash) {
    }

    private StoredRow stored(PulledRecord record) {
        String fields = write(record.fields());
        return new StoredRow(RecordKeys.of(record.objectName(), record.id(), record.fields()), fields,
                contentHash(record.fields(), fields));
    }

    private int merge(List<PulledRecord> rows, LocalDateTime now) {
        int changed = 0;
        for (int from = 0; from < rows.size(); from += ROWS_PER_STATEMENT) {
            var chunk = rows.subList(from, Math.min(rows.size(), from + ROWS_PER_STATEMENT));
            var arguments = new java.util.ArrayList<Object>(chunk.size() * 11);
            for (PulledRecord r : chunk) {
                var row = stored(r);
                java.util.Collections.addAll(arguments, r.source(), r.objectName(), r.id(), Timestamp.valueOf(utc(r.systemModstamp())),
                        r.deleted(), row.fields(), Timestamp.valueOf(now), row.contentHash(), row.keys().accountKey(),
                        row.keys().personKey(), row.keys().domainKey());
            }
            String values = String.join(", ", java.util.Collections.nCopies(chunk.size(), ROW));
            changed += jdbc.update(UPSERT.formatted(values), arguments.toArray());
        }
        return changed;
    }

    /** PostgreSQL: the page as CSV through COPY into the session's staging table, then one upsert from it. */
    private int copyAndUpsert(List<PulledRecord> rows, LocalDateTime now) {
        var csv = new StringBuilder(rows.size() * 256);
        String pulledAt = now.toString();
        for (PulledRecord r : rows) {
            var row = stored(r);
            csv(csv, r.source()).append(',');
            csv(csv, r.objectName()).append(',');
            csv(csv, r.id()).append(',');
            csv.append(utc(r.systemModstamp())).append(',');
            csv.append(r.deleted() ? 't' : 'f').append(',');
            csv(csv, row.fields()).append(',');
            csv.append(pulledAt).append(',');
            csv.append(row.contentHash()).append(',');
            csv(csv, row.keys().accountKey()).append(',');
            csv(csv, row.keys().personKey()).append(',');
            csv(csv, row.keys().domainKey()).append('\n');
        }
        return jdbc.execute((org.springframework.jdbc.core.ConnectionCallback<Integer>) connection -> {
            try (var statement = connection.createStatement()) {
                statement.execute(INCOMING_TABLE);
                try {
                    connection.unwrap(org.postgresql.PGConnection.class).getCopyAPI()
                            .copyIn(COPY_INCOMING, new java.io.StringReader(csv.toString()));
                } catch (java.io.IOException e) {
                    throw new java.sql.SQLException("COPY into the staging table failed", e);
                }
                int changed = statement.executeUpdate(UPSERT_POSTGRES);
                // the staging rows go at commit (on commit delete rows); a second page in the same transaction must not see them
                statement.execute("truncate signal_incoming");
                return changed;
            }
        });
    }

    /** A CSV field for COPY: null unquoted and empty (SQL NULL), anything else quoted. */
    private static StringBuilder csv(StringBuilder out, String value) {
        if (value == null) {
            return out;
        }
        out.append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '"') {
                out.append('"');
            }
            out.append(c);
        }
        return out.append('"');
    }

    public Optional<Instant> watermark(String source, String objectName) {
        return jdbc.query("select watermark from sync_watermark where source = ? and object_name = ?",
                (rs, i) -> rs.getObject(1, LocalDateTime.class).toInstant(ZoneOffset.UTC), source, objectName).stream().findFirst();
    }

    public Optional<PulledRecord> find(String source, String id) {
        return jdbc.query("select source, object_name, id, system_modstamp, is_deleted, fields from signal_record where source = ? and id = ?",
                (rs, i) -> new PulledRecord(rs.getString(1), rs.getString(2), rs.getString(3),
                        rs.getObject(4, LocalDateTime.class).toInstant(ZoneOffset.UTC), rs.getBoolean(5), read(rs.getString(6))),
                source, id).stream().findFirst();
    }

    /**
     * Hands every live record of one object to {@code consumer}, streaming (rows are fetched in pages, never
     * all held at once).
     */
    public void forEach(String source, String objectName, Consumer<PulledRecord> consumer) {
        // PostgreSQL's driver streams by fetch size only inside a transaction; otherwise it reads the whole result.
        transaction.executeWithoutResult(status -> jdbc.query(connection -> {
            var statement = connection.prepareStatement(
                    "select id, system_modstamp, fields from signal_record where source = ? and object_name = ? and is_deleted = false");
            statement.setFetchSize(1_000);
            statement.setString(1, source);
            statement.setString(2, objectName);
            return statement;
        }, (RowCallbackHandler) rs -> consumer.accept(new PulledRecord(source, objectName, rs.getString(1),
                rs.getObject(2, LocalDateTime.class).toInstant(ZoneOffset.UTC), false, read(rs.getString(3))))));
    }

    /** Every record (deleted ones too) stored or replaced after {@code pulledAfter}, streaming: what changed since then. */
    public void forEachPulledAfter(Instant pulledAfter, Consumer<PulledRecord> consumer) {
        transaction.executeWithoutResult(status -> jdbc.query(connection -> {
            var statement = connection.prepareStatement(
                    "select source, object_name, id, system_modstamp, is_deleted, fields from signal_record where pulled_at > ?");
            statement.setFetchSize(1_000);
            statement.setTimestamp(1, Timestamp.valueOf(utc(pulledAfter)));
            return statement;
        }, (RowCallbackHandler) rs -> consumer.accept(new PulledRecord(rs.getString(1), rs.getString(2), rs.getString(3),
                rs.getObject(4, LocalDateTime.class).toInstant(ZoneOffset.UTC), rs.getBoolean(5), read(rs.getString(6))))));
    }

    private boolean postgres() {
        Boolean known = postgres;
        if (known == null) {
            known = jdbc.execute((org.springframework.jdbc.core.ConnectionCallback<Boolean>) connection ->
                    connection.getMetaData().getDatabaseProductName().toLowerCase(java.util.Locale.ROOT).contains("postgres"));
            postgres = known;
        }
        return known;
    }

    /**
     * A first load writes millions of rows in minutes; PostgreSQL's autovacuum may be off or behind, and a keyed
     * read planned on the statistics of an empty table scans the whole object. So the store analyzes its table
     * itself every {@link #ANALYZE_EVERY} rows it writes.
     */
    private void keepStatisticsFresh(int written) {
        if (written > 0 && writtenSinceAnalyze.addAndGet(written) >= ANALYZE_EVERY && postgres()) {
            writtenSinceAnalyze.set(0);
            jdbc.execute("analyze signal_record");
        }
    }

    /** Which record key a keyed read looks up. */
    public enum Key {
        ID("id"), ACCOUNT("account_key"), PERSON("person_key"), DOMAIN("domain_key");

        private final String column;

        Key(String column) {
            this.column = column;
        }
    }

    /**
     * Hands the live records of one object whose {@code key} is one of {@code values} to {@code consumer}, in id
     * order per batch of values (an indexed read: what one account or person names, not the whole store).
     */
    public void forEachWith(String source, String objectName, Key key, java.util.Collection<String> values,
                            Consumer<PulledRecord> consumer) {
        forEachWith(source, objectName, key, values, java.util.Set.of(), consumer);
    }

    /**
     * As above, without the records whose account key is one of {@code skippedAccounts}: those a read by account
     * has already handed over (they are neither parsed nor passed on again).
     */
    public void forEachWith(String source, String objectName, Key key, java.util.Collection<String> values,
                            java.util.Set<String> skippedAccounts, Consumer<PulledRecord> consumer) {
        var sorted = values.stream().filter(java.util.Objects::nonNull).distinct().sorted().toList();
        for (int from = 0; from < sorted.size(); from += KEYS_PER_QUERY) {
            var batch = sorted.subList(from, Math.min(sorted.size(), from + KEYS_PER_QUERY));
            String marks = String.join(", ", java.util.Collections.nCopies(batch.size(), "?"));
            var arguments = new java.util.ArrayList<Object>(batch.size() + 2);
            arguments.add(source);
            arguments.add(objectName);
            arguments.addAll(batch);
            jdbc.query("select id, system_modstamp, fields, account_key from signal_record where source = ? and object_name = ? and "
                            + key.column + " in (" + marks + ") and is_deleted = false order by id",
                    (RowCallbackHandler) rs -> {
                        String account = rs.getString(4);
                        if (account == null || !skippedAccounts.contains(account)) {
                            consumer.accept(new PulledRecord(source, objectName, rs.getString(1),
                                    rs.getObject(2, LocalDateTime.class).toInstant(ZoneOffset.UTC), false, read(rs.getString(3))));
                        }
                    },
                    arguments.toArray());
        }
    }

    public long count(String source, String objectName) {
        Long n = jdbc.queryForObject("select count(*) from signal_record where source = ? and object_name = ?", Long.class, source, objectName);
        return n == null ? 0 : n;
    }

    private void advanceWatermark(String source, String objectName, Instant watermark, LocalDateTime now) {
        // Only forward: a page re-read through the overlap window never moves the watermark back.
        if (postgres()) {
            // one statement, safe when two nodes store the first page of an object at once (the update-then-insert below is not)
            jdbc.update("""
                    insert into sync_watermark (source, object_name, watermark, updated_at) values (?, ?, ?, ?)
                    on conflict (source, object_name) do update set watermark = excluded.watermark, updated_at = excluded.updated_at
                        where sync_watermark.watermark < excluded.watermark""", source, objectName, utc(watermark), now);
            return;
        }
        int updated = jdbc.update("update sync_watermark set watermark = ?, updated_at = ? where source = ? and object_name = ? and watermark < ?",
                utc(watermark), now, source, objectName, utc(watermark));
        if (updated == 0 && watermark(source, objectName).isEmpty()) {
            jdbc.update("insert into sync_watermark (source, object_name, watermark, updated_at) values (?, ?, ?, ?)",
                    source, objectName, utc(watermark), now);
        }
    }

    /** The hash of a record's fields without its change stamps. */
    static String contentHash(ObjectNode fields) {
        return contentHash(fields, fields.toString());
    }

    /** As {@link #contentHash(ObjectNode)}, given the fields already serialized (spared when no stamp is among them). */
    private static String contentHash(ObjectNode fields, String serialized) {
        String content = serialized;
        if (CHANGE_STAMPS.stream().anyMatch(fields::has)) {
            var copy = fields.deepCopy();
            copy.remove(CHANGE_STAMPS);
            content = copy.toString();
        }
        try {
            byte[] hash = java.security.MessageDigest.getInstance("SHA-256")
                    .digest(content.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return java.util.HexFormat.of().formatHex(hash);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private ObjectNode read(String text) {
        try {
            return (ObjectNode) json.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Corrupt signal record: " + e.getOriginalMessage(), e);
        }
    }

    private String write(ObjectNode fields) {
        try {
            return json.writeValueAsString(fields);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static LocalDateTime utc(Instant instant) {
        return LocalDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
}

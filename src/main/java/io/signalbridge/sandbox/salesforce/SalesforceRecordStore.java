package io.signalbridge.sandbox.salesforce;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/** The sandbox org's records, in table sandbox_sf_record. */
public class SalesforceRecordStore {

    private static final int STREAM_FETCH_SIZE = 1000;

    private final JdbcTemplate jdbc;
    private final NamedParameterJdbcTemplate named;
    private final TransactionTemplate readOnlyTx;
    private final ObjectMapper json;

    public SalesforceRecordStore(JdbcTemplate jdbc, PlatformTransactionManager transactions, ObjectMapper json) {
        this.jdbc = jdbc;
        this.named = new NamedParameterJdbcTemplate(jdbc);
        this.readOnlyTx = new TransactionTemplate(transactions);
        this.readOnlyTx.setReadOnly(true);
        this.json = json;
    }

    /** A new id for a record created through the API. */
    public String newId(String keyPrefix) {
        Long next = jdbc.queryForObject("select nextval('sandbox_sf_id_seq')", Long.class);
        return SalesforceIds.of(keyPrefix, next);
    }

    /**
     * Lets API-created ids start after {@code next - 1}: the generator numbers its records itself
     * (one round trip per id would dominate a million-record load) and then moves the sequence past them.
     */
    public void restartIdSequence(long next) {
        jdbc.execute("alter sequence sandbox_sf_id_seq restart with " + next);
    }

    public void insertAll(List<SalesforceRecord> records) {
        jdbc.batchUpdate("insert into sandbox_sf_record (id, object_name, system_modstamp, is_deleted, fields) values (?, ?, ?, ?, ?)",
                records, 1000, (ps, r) -> {
                    ps.setString(1, r.id());
                    ps.setString(2, r.objectName());
                    ps.setObject(3, utc(r.systemModstamp()));
                    ps.setBoolean(4, r.deleted());
                    ps.setString(5, write(r.fields()));
                });
    }

    /** Replaces the stored state of each record (fields, modstamp, deleted flag), counting one more save of it. */
    public void updateAll(Collection<SalesforceRecord> records) {
        jdbc.batchUpdate("update sandbox_sf_record set system_modstamp = ?, is_deleted = ?, fields = ?, saves = saves + 1 where id = ?",
                new ArrayList<>(records), 1000, (PreparedStatement ps, SalesforceRecord r) -> {
                    ps.setObject(1, utc(r.systemModstamp()));
                    ps.setBoolean(2, r.deleted());
                    ps.setString(3, write(r.fields()));
                    ps.setString(4, r.id());
                });
    }

    public Optional<SalesforceRecord> find(String id) {
        return jdbc.query("select id, object_name, system_modstamp, is_deleted, fields from sandbox_sf_record where id = ?",
                this::map, SalesforceIds.to18(id)).stream().findFirst();
    }

    /** The records with these ids, in no particular order; unknown ids are left out. */
    public List<SalesforceRecord> findAll(Collection<String> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        var result = new ArrayList<SalesforceRecord>(ids.size());
        var all = new ArrayList<>(ids);
        for (int from = 0; from < all.size(); from += 500) {
            var chunk = all.subList(from, Math.min(all.size(), from + 500)).stream().map(SalesforceIds::to18).toList();
            result.addAll(named.query("select id, object_name, system_modstamp, is_deleted, fields from sandbox_sf_record where id in (:ids)",
                    new MapSqlParameterSource("ids", chunk), this::map));
        }
        return result;
    }

    /**
     * Streams the records of one object, oldest modstamp first, without holding them in memory.
     * {@code modifiedSince} (inclusive), when given, narrows the scan on the modstamp index.
     */
    public void forEach(String objectName, boolean includeDeleted, Instant modifiedSince, Consumer<SalesforceRecord> action) {
        var sql = new StringBuilder("select id, object_name, system_modstamp, is_deleted, fields from sandbox_sf_record where object_name = ?");
        var args = new ArrayList<Object>();
        args.add(objectName);
        if (!includeDeleted) {
            sql.append(" and is_deleted = false");
        }
        if (modifiedSince != null) {
            sql.append(" and system_modstamp >= ?");
            args.add(utc(modifiedSince));
        }
        sql.append(" order by system_modstamp, id");
        readOnlyTx.executeWithoutResult(status -> jdbc.query(connection -> {
            PreparedStatement ps = connection.prepareStatement(sql.toString());
            ps.setFetchSize(STREAM_FETCH_SIZE);
            for (int i = 0; i < args.size(); i++) {
                ps.setObject(i + 1, args.get(i));
            }
            return ps;
        }, rs -> {
            action.accept(map(rs, 0));
        }));
    }

    public long count(String objectName) {
        Long n = jdbc.queryForObject("select count(*) from sandbox_sf_record where object_name = ? and is_deleted = false", Long.class, objectName);
        return n == null ? 0 : n;
    }

    public long countAll() {
        Long n = jdbc.queryForObject("select count(*) from sandbox_sf_record", Long.class);
        return n == null ? 0 : n;
    }

    public void deleteAll() {
        jdbc.update("delete from sandbox_sf_record");
    }

    private SalesforceRecord map(ResultSet rs, int row) throws SQLException {
        return new SalesforceRecord(
                rs.getString(1),
                rs.getString(2),
                rs.getObject(3, LocalDateTime.class).toInstant(ZoneOffset.UTC),
                rs.getBoolean(4),
                read(rs.getString(5)));
    }

    private ObjectNode read(String text) {
        try {
            return (ObjectNode) json.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Corrupt sandbox record: " + e.getOriginalMessage(), e);
        }
    }

    private String write(ObjectNode fields) {
        try {
            return json.writeValueAsString(fields);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static LocalDateTime utc(Instant instant) {
        return LocalDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
}

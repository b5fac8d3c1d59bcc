package io.signalbridge.writeback;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.signalbridge.mapping.Mapping;
import io.signalbridge.writeback.WrittenState.State;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The score outputs of every record a mapping writes (account_score with account_segment_names, or
 * person_score for contacts and leads), each with its write-back state and, when a fill-if-blank field needs
 * it, the record as last pulled from the org. Streamed inside a transaction with a fetch size (PostgreSQL
 * streams only so): 100,000 records are never held at once.
 */
@Repository
public class MappedValues {

    /** A record's source values by source name (absent or null: no value), its state and pulled fields (either may be null). */
    public record ScoredRecord(String recordId, Map<String, Object> sources, State state, ObjectNode pulled) {
    }

    private enum Kind { INT, TEXT, BOOL, DATE, DATETIME }

    private record Column(String name, Kind kind) {
    }

    private static final Map<String, Column> ACCOUNT = Map.ofEntries(
            Map.entry("account.intentScore", new Column("s.intent_score", Kind.INT)),
            Map.entry("account.profileScore", new Column("s.profile_score", Kind.INT)),
            Map.entry("account.profileFit", new Column("s.profile_fit", Kind.TEXT)),
            Map.entry("account.reachScore", new Column("s.reach_score", Kind.INT)),
            Map.entry("account.reachLevel", new Column("s.reach_level", Kind.TEXT)),
            Map.entry("account.buyingStage", new Column("s.buying_stage", Kind.TEXT)),
            Map.entry("account.sixQa", new Column("s.qualified", Kind.BOOL)),
            Map.entry("account.sixQa.startDate", new Column("s.qualified_since", Kind.DATE)),
            Map.entry("account.sixQa.endDate", new Column("s.qualified_until", Kind.DATE)),
            Map.entry("account.sixQa.ageInDays", new Column("s.qualified_age_days", Kind.INT)),
            Map.entry("account.segmentNames", new Column("g.names", Kind.TEXT)),
            Map.entry("account.updatedAt", new Column("s.scored_at", Kind.DATETIME)));

    private static Map<String, Column> person(String prefix) {
        return Map.of(
                prefix + ".profileScore", new Column("s.profile_score", Kind.INT),
                prefix + ".profileFit", new Column("s.profile_fit", Kind.TEXT),
                prefix + ".intentScore", new Column("s.intent_score", Kind.INT),
                prefix + ".engagementScore", new Column("s.engagement_score", Kind.INT),
                prefix + ".grade", new Column("s.grade", Kind.TEXT),
                prefix + ".updatedAt", new Column("s.scored_at", Kind.DATETIME));
    }

    private static final Map<String, Column> CONTACT = person("contact");
    private static final Map<String, Column> LEAD = person("lead");

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transaction;
    private final WrittenState states;

    public MappedValues(JdbcTemplate jdbc, TransactionTemplate transaction, WrittenState states) {
        this.jdbc = jdbc;
        this.transaction = transaction;
        this.states = states;
    }

    /** Streams every scored record of the mapping's object; {@code recordId} non-null: only that record. */
    public void forEach(Mapping mapping, String target, boolean withPulled, String recordId, Consumer<ScoredRecord> consumer) {
        Map<String, Column> columns = columns(mapping.object());
        List<String> sources = mapping.enabledFields().stream().map(Mapping.FieldMapping::source).distinct()
                .filter(columns::containsKey).toList();
        var select = new StringBuilder("select s.").append(idColumn(mapping.object()))
                .append(", w.fields, w.fingerprint, w.blocked_code, ").append(withPulled ? "r.fields" : "cast(null as text)");
        sources.forEach(source -> select.append(", ").append(columns.get(source).name()));
        select.append(" from ").append(from(mapping.object()))
                .append(" left join writeback_state w on w.target = ? and w.record_id = s.").append(idColumn(mapping.object()));
        if (withPulled) {
            select.append(" left join signal_record r on r.source = 'salesforce' and r.id = s.").append(idColumn(mapping.object()));
        }
        select.append(" where ").append(where(mapping.object()));
        if (recordId != null) {
            select.append(" and s.").append(idColumn(mapping.object())).append(" = ?");
        }
        transaction.executeWithoutResult(status -> jdbc.query(connection -> {
            var statement = connection.prepareStatement(select.toString());
            statement.setFetchSize(1_000);
            int p = 1;
            statement.setString(p++, target);
            if (!mapping.object().equals("Account")) {
                statement.setString(p++, mapping.object().toUpperCase(java.util.Locale.ROOT));
            }
            if (recordId != null) {
                statement.setString(p, recordId);
            }
            return statement;
        }, (RowCallbackHandler) rs -> consumer.accept(row(rs, sources, columns))));
    }

    private ScoredRecord row(ResultSet rs, List<String> sources, Map<String, Column> columns) throws SQLException {
        String id = rs.getString(1);
        String written = rs.getString(2);
        State state = written == null ? null : new State(id, states.read(written), rs.getString(3), rs.getString(4));
        String pulled = rs.getString(5);
        var values = new HashMap<String, Object>();
        for (int i = 0; i < sources.size(); i++) {
            Object value = value(rs, 6 + i, columns.get(sources.get(i)).kind());
            if (value != null) {
                values.put(sources.get(i), value);
            }
        }
        return new ScoredRecord(id, values, state, pulled == null ? null : states.read(pulled));
    }

    private static Object value(ResultSet rs, int index, Kind kind) throws SQLException {
        if (rs.getObject(index) == null) {
            return null;
        }
        return switch (kind) {
            case INT -> rs.getLong(index);
            case TEXT -> rs.getString(index);
            case BOOL -> rs.getBoolean(index);
            case DATE -> rs.getObject(index, LocalDate.class);
            case DATETIME -> rs.getObject(index, LocalDateTime.class).toInstant(ZoneOffset.UTC);
        };
    }

    private static Map<String, Column> columns(String object) {
        return switch (object) {
            case "Account" -> ACCOUNT;
            case "Contact" -> CONTACT;
            case "Lead" -> LEAD;
            default -> throw new IllegalArgumentException("no score outputs for " + object);
        };
    }

    private static String idColumn(String object) {
        return object.equals("Account") ? "account_id" : "person_id";
    }

    private static String from(String object) {
        return object.equals("Account")
                ? "account_score s left join account_segment_names g on g.account_id = s.account_id"
                : "person_score s";
    }

    private static String where(String object) {
        return object.equals("Account") ? "1 = 1" : "s.person_type = ?";
    }
}

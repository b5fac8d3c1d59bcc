package io.signalbridge.writeback;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
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
 * The score outputs of every record a mapping writes (account_score with account_segment_names, person_score
 * for contacts and leads, both through marketo_lead_link for Marketo leads), each with its write-back state and, when a fill-if-blank field needs
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

    /** The person_score columns of a person source prefix, from the table aliased {@code alias}. */
    private static Map<String, Column> person(String prefix, String alias) {
        return Map.of(
                prefix + ".profileScore", new Column(alias + ".profile_score", Kind.INT),
                prefix + ".profileFit", new Column(alias + ".profile_fit", Kind.TEXT),
                prefix + ".intentScore", new Column(alias + ".intent_score", Kind.INT),
                prefix + ".engagementScore", new Column(alias + ".engagement_score", Kind.INT),
                prefix + ".grade", new Column(alias + ".grade", Kind.TEXT),
                prefix + ".updatedAt", new Column(alias + ".scored_at", Kind.DATETIME));
    }

    private static Map<String, Column> union(Map<String, Column> a, Map<String, Column> b) {
        var all = new HashMap<>(a);
        all.putAll(b);
        return Map.copyOf(all);
    }

    /**
     * Where a target object's records and score columns come from: {@code id} the record id expression,
     * {@code pulledId} the id of the record pulled from the org (null: none is pulled).
     */
    private record Scope(String id, String from, String where, Map<String, Column> columns, String pulledId, List<String> changedAt) {
    }

    private static final Scope SALESFORCE_ACCOUNT = new Scope("s.account_id",
            "account_score s left join account_segment_names g on g.account_id = s.account_id", "1 = 1", ACCOUNT, "s.account_id",
            List.of("s.scored_at", "g.updated_at"));
    private static final Scope SALESFORCE_CONTACT = new Scope("s.person_id", "person_score s", "s.person_type = 'CONTACT'",
            person("contact", "s"), "s.person_id", List.of("s.scored_at"));
    private static final Scope SALESFORCE_LEAD = new Scope("s.person_id", "person_score s", "s.person_type = 'LEAD'",
            person("lead", "s"), "s.person_id", List.of("s.scored_at"));
    /**
     * A Marketo lead through its Salesforce link: the person is the contact (or else the lead) it is synced with,
     * the account the link's (or else the person's). Leads with neither scored are not pushed.
     */
    private static final Scope MARKETO_LEAD = new Scope("l.marketo_lead_id", """
            marketo_lead_link l
            left join person_score p on p.person_id = coalesce(l.contact_id, l.lead_id)
            left join account_score s on s.account_id = coalesce(l.account_id, p.account_id)
            left join account_segment_names g on g.account_id = s.account_id""",
            "(p.person_id is not null or s.account_id is not null)", union(ACCOUNT, person("person", "p")), null,
            List.of("l.updated_at", "p.scored_at", "s.scored_at", "g.updated_at"));

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transaction;
    private final WrittenState states;

    public MappedValues(JdbcTemplate jdbc, TransactionTemplate transaction, WrittenState states) {
        this.jdbc = jdbc;
        this.transaction = transaction;
        this.states = states;
    }

    /**
     * Streams every scored record of the mapping's target object; {@code recordId} non-null: only that record.
     * {@code withPulled}: each with the record as last pulled from the org, where the org's records are pulled.
     */
    public void forEach(Mapping mapping, String target, boolean withPulled, String recordId, Consumer<ScoredRecord> consumer) {
        forEach(mapping, target, withPulled, recordId, null, consumer);
    }

    /**
     * As above; {@code changedSince} non-null: only the records whose values may have changed since then (scored
     * again, segment names changed, Marketo link changed, or, with {@code withPulled}, pulled again from the org).
     */
    public void forEach(Mapping mapping, String target, boolean withPulled, String recordId, Instant changedSince,
                        Consumer<ScoredRecord> consumer) {
        Scope scope = scope(mapping);
        boolean pulled = withPulled && scope.pulledId() != null;
        List<String> sources = mapping.enabledFields().stream().map(Mapping.FieldMapping::source).distinct()
                .filter(scope.columns()::containsKey).toList();
        var select = new StringBuilder("select ").append(scope.id())
                .append(", w.fields, w.fingerprint, w.blocked_code, ").append(pulled ? "r.fields" : "cast(null as text)");
        sources.forEach(source -> select.append(", ").append(scope.columns().get(source).name()));
        select.append(" from ").append(scope.from())
                .append(" left join writeback_state w on w.target = ? and w.record_id = ").append(scope.id());
        if (pulled) {
            select.append(" left join signal_record r on r.source = 'salesforce' and r.id = ").append(scope.pulledId());
        }
        select.append(" where ").append(scope.where());
        if (recordId != null) {
            select.append(" and ").append(scope.id()).append(" = ?");
        }
        var changedAt = new java.util.ArrayList<>(changedSince == null ? List.<String>of() : scope.changedAt());
        if (changedSince != null && pulled) {
            changedAt.add("r.pulled_at");
        }
        if (!changedAt.isEmpty()) {
            select.append(changedAt.stream().map(column -> column + " >= ?").collect(java.util.stream.Collectors.joining(" or ", " and (", ")")));
        }
        var since = changedSince == null ? null : java.sql.Timestamp.valueOf(LocalDateTime.ofInstant(changedSince, ZoneOffset.UTC));
        transaction.executeWithoutResult(status -> jdbc.query(connection -> {
            var statement = connection.prepareStatement(select.toString());
            statement.setFetchSize(1_000);
            int parameter = 1;
            statement.setString(parameter++, target);
            if (recordId != null) {
                statement.setString(parameter++, recordId);
            }
            for (int i = 0; i < changedAt.size(); i++) {
                statement.setTimestamp(parameter++, since);
            }
            return statement;
        }, (RowCallbackHandler) rs -> consumer.accept(row(rs, sources, scope.columns()))));
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

    private static Scope scope(Mapping mapping) {
        return switch (mapping.system() + ":" + mapping.object()) {
            case "salesforce:Account" -> SALESFORCE_ACCOUNT;
            case "salesforce:Contact" -> SALESFORCE_CONTACT;
            case "salesforce:Lead" -> SALESFORCE_LEAD;
            case "marketo:Lead" -> MARKETO_LEAD;
            default -> throw new IllegalArgumentException("no score outputs for " + mapping.system() + " " + mapping.object());
        };
    }
}

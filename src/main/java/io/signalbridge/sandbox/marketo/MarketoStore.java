package io.signalbridge.sandbox.marketo;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

/** The sandbox Marketo instance's leads, activities and static lists (tables sandbox_mkto_*). */
public class MarketoStore {

    private static final String LEAD_COLUMNS = "id, email, created_at, updated_at, fields";
    private static final String ACTIVITY_COLUMNS =
            "id, marketo_guid, lead_id, activity_type_id, activity_date, primary_attribute_value_id, primary_attribute_value, attributes";

    private final JdbcTemplate jdbc;
    private final NamedParameterJdbcTemplate named;
    private final ObjectMapper json;

    public MarketoStore(JdbcTemplate jdbc, ObjectMapper json) {
        this.jdbc = jdbc;
        this.named = new NamedParameterJdbcTemplate(jdbc);
        this.json = json;
    }

    public long nextId() {
        Long next = jdbc.queryForObject("select nextval('sandbox_mkto_id_seq')", Long.class);
        return next;
    }

    /** See SalesforceRecordStore#restartIdSequence: the generator numbers its own rows. */
    public void restartIdSequence(long next) {
        jdbc.execute("alter sequence sandbox_mkto_id_seq restart with " + next);
    }

    /** Inserts leads; the Salesforce ids in their fields become lookup columns (see {@link #findLeads}). */
    public void insertLeads(List<MarketoLead> leads) {
        jdbc.batchUpdate("""
                insert into sandbox_mkto_lead (id, email, created_at, updated_at, fields, sfdc_lead_id, sfdc_contact_id, sfdc_account_id)
                values (?, ?, ?, ?, ?, ?, ?, ?)""",
                leads, 1000, (ps, l) -> {
                    ps.setLong(1, l.id());
                    ps.setString(2, l.email());
                    ps.setObject(3, utc(l.createdAt()));
                    ps.setObject(4, utc(l.updatedAt()));
                    ps.setString(5, write(l.fields()));
                    ps.setString(6, text(l.fields(), MarketoLeadFields.SFDC_LEAD_ID));
                    ps.setString(7, text(l.fields(), MarketoLeadFields.SFDC_CONTACT_ID));
                    ps.setString(8, text(l.fields(), MarketoLeadFields.SFDC_ACCOUNT_ID));
                });
    }

    public void updateLeads(List<MarketoLead> leads) {
        jdbc.batchUpdate("""
                update sandbox_mkto_lead set email = ?, updated_at = ?, fields = ?, sfdc_lead_id = ?, sfdc_contact_id = ?, sfdc_account_id = ?
                where id = ?""",
                leads, 1000, (ps, l) -> {
                    ps.setString(1, l.email());
                    ps.setObject(2, utc(l.updatedAt()));
                    ps.setString(3, write(l.fields()));
                    ps.setString(4, text(l.fields(), MarketoLeadFields.SFDC_LEAD_ID));
                    ps.setString(5, text(l.fields(), MarketoLeadFields.SFDC_CONTACT_ID));
                    ps.setString(6, text(l.fields(), MarketoLeadFields.SFDC_ACCOUNT_ID));
                    ps.setLong(7, l.id());
                });
    }

    public Optional<MarketoLead> findLead(long id) {
        return jdbc.query("select " + LEAD_COLUMNS + " from sandbox_mkto_lead where id = ?", this::mapLead, id)
                .stream().findFirst();
    }

    public void insertActivities(List<MarketoActivity> activities) {
        jdbc.batchUpdate("""
                insert into sandbox_mkto_activity (id, marketo_guid, lead_id, activity_type_id, activity_date,
                    primary_attribute_value_id, primary_attribute_value, attributes) values (?, ?, ?, ?, ?, ?, ?, ?)""",
                activities, 1000, (ps, a) -> {
                    ps.setLong(1, a.id());
                    ps.setString(2, a.marketoGuid());
                    ps.setLong(3, a.leadId());
                    ps.setInt(4, a.activityTypeId());
                    ps.setObject(5, utc(a.activityDate()));
                    ps.setObject(6, a.primaryAttributeValueId());
                    ps.setString(7, a.primaryAttributeValue());
                    ps.setString(8, write(a.attributes()));
                });
    }

    public void insertList(long id, String name, Instant createdAt) {
        jdbc.update("insert into sandbox_mkto_list (id, name, created_at, updated_at) values (?, ?, ?, ?)",
                id, name, utc(createdAt), utc(createdAt));
    }

    /**
     * Leads whose lookup field (one of {@link MarketoLeadFields#LOOKUP_FIELDS}) equals one of the values, ordered by
     * id, starting after {@code afterId}; email compares case-insensitively as in Marketo.
     */
    public List<MarketoLead> findLeads(String lookupField, Collection<String> values, long afterId, int limit) {
        if (values.isEmpty()) {
            return List.of();
        }
        String column = switch (lookupField) {
            case MarketoLeadFields.ID -> "id";
            case MarketoLeadFields.EMAIL -> "lower(email)";
            case MarketoLeadFields.SFDC_LEAD_ID -> "sfdc_lead_id";
            case MarketoLeadFields.SFDC_CONTACT_ID -> "sfdc_contact_id";
            case MarketoLeadFields.SFDC_ACCOUNT_ID -> "sfdc_account_id";
            default -> throw new IllegalArgumentException("Not a lookup field: " + lookupField);
        };
        Collection<?> keys = switch (lookupField) {
            case MarketoLeadFields.ID -> values.stream().map(Long::valueOf).toList();
            case MarketoLeadFields.EMAIL -> values.stream().map(v -> v.toLowerCase(Locale.ROOT)).toList();
            default -> values;
        };
        return named.query("select " + LEAD_COLUMNS + " from sandbox_mkto_lead where " + column + " in (:keys) and id > :after"
                        + " order by id limit :limit",
                Map.of("keys", keys, "after", afterId, "limit", limit), this::mapLead);
    }

    public List<MarketoLead> findLeads(Collection<Long> ids) {
        return ids.isEmpty() ? List.of()
                : named.query("select " + LEAD_COLUMNS + " from sandbox_mkto_lead where id in (:ids) order by id", Map.of("ids", ids), this::mapLead);
    }

    public void insertLead(MarketoLead lead) {
        insertLeads(List.of(lead));
    }

    public void updateLead(MarketoLead lead) {
        updateLeads(List.of(lead));
    }

    /** A new activity with the next id (its marketoGUID is the id as text), not yet inserted. */
    public MarketoActivity newActivity(long leadId, int activityTypeId, Long primaryAttributeValueId, String primaryAttributeValue,
                                       ArrayNode attributes, Instant activityDate) {
        long id = nextId();
        return new MarketoActivity(id, String.valueOf(id), leadId, activityTypeId, activityDate,
                primaryAttributeValueId, primaryAttributeValue, attributes);
    }

    /**
     * Up to {@code limit} activities of every type after the position, in the order of the activity stream:
     * (activityDate, id).
     */
    public List<MarketoActivity> activitiesAfter(MarketoPagingToken.ActivityPosition position, int limit) {
        return jdbc.query("select " + ACTIVITY_COLUMNS + " from sandbox_mkto_activity"
                        + " where activity_date > ? or (activity_date = ? and id > ?) order by activity_date, id limit ?",
                this::mapActivity, utc(position.activityDate()), utc(position.activityDate()), position.id(), limit);
    }

    /** Creates a static list with a new id, as the asset API and the generator do. */
    public MarketoList createList(String name, Instant createdAt) {
        long id = nextId();
        insertList(id, name, createdAt);
        return new MarketoList(id, name, createdAt, createdAt);
    }

    public Optional<MarketoList> findList(long id) {
        return jdbc.query("select id, name, created_at, updated_at from sandbox_mkto_list where id = ?", this::mapList, id)
                .stream().findFirst();
    }

    public Optional<MarketoList> findListByName(String name) {
        return jdbc.query("select id, name, created_at, updated_at from sandbox_mkto_list where name = ? order by id", this::mapList, name)
                .stream().findFirst();
    }

    /** Lists ordered by id after {@code afterId}; empty filters do not restrict. */
    public List<MarketoList> findLists(Collection<Long> ids, Collection<String> names, long afterId, int limit) {
        var where = new StringBuilder("id > :after");
        var params = new HashMap<String, Object>(Map.of("after", afterId, "limit", limit));
        if (!ids.isEmpty()) {
            where.append(" and id in (:ids)");
            params.put("ids", ids);
        }
        if (!names.isEmpty()) {
            where.append(" and name in (:names)");
            params.put("names", names);
        }
        return named.query("select id, name, created_at, updated_at from sandbox_mkto_list where " + where + " order by id limit :limit",
                params, this::mapList);
    }

    /** Adds the lead to the list; true when it was not a member yet. */
    public boolean addToList(long listId, long leadId) {
        if (isListMember(listId, leadId)) {
            return false;
        }
        try {
            jdbc.update("insert into sandbox_mkto_list_member (list_id, lead_id) values (?, ?)", listId, leadId);
            return true;
        } catch (DuplicateKeyException raced) {
            return false;
        }
    }

    /** Removes the lead from the list; false when it was not a member. */
    public boolean removeFromList(long listId, long leadId) {
        return jdbc.update("delete from sandbox_mkto_list_member where list_id = ? and lead_id = ?", listId, leadId) > 0;
    }

    public boolean isListMember(long listId, long leadId) {
        return !listMembersAmong(listId, List.of(leadId)).isEmpty();
    }

    /** Which of the leads are members of the list. */
    public Set<Long> listMembersAmong(long listId, Collection<Long> leadIds) {
        if (leadIds.isEmpty()) {
            return Set.of();
        }
        return new HashSet<>(named.queryForList("select lead_id from sandbox_mkto_list_member where list_id = :list and lead_id in (:leads)",
                Map.of("list", listId, "leads", leadIds), Long.class));
    }

    /** The list's member leads ordered by id, after {@code afterLeadId}. */
    public List<MarketoLead> listMembers(long listId, long afterLeadId, int limit) {
        return jdbc.query("select " + prefixed("l.", LEAD_COLUMNS) + " from sandbox_mkto_lead l"
                        + " join sandbox_mkto_list_member m on m.lead_id = l.id"
                        + " where m.list_id = ? and l.id > ? order by l.id limit ?",
                this::mapLead, listId, afterLeadId, limit);
    }

    public long countLeads() {
        return jdbc.queryForObject("select count(*) from sandbox_mkto_lead", Long.class);
    }

    public long countActivities() {
        return jdbc.queryForObject("select count(*) from sandbox_mkto_activity", Long.class);
    }

    public void deleteAll() {
        jdbc.update("delete from sandbox_mkto_list_member");
        jdbc.update("delete from sandbox_mkto_list");
        jdbc.update("delete from sandbox_mkto_activity");
        jdbc.update("delete from sandbox_mkto_lead");
    }

    MarketoLead mapLead(ResultSet rs, int row) throws SQLException {
        return new MarketoLead(rs.getLong(1), rs.getString(2),
                rs.getObject(3, LocalDateTime.class).toInstant(ZoneOffset.UTC),
                rs.getObject(4, LocalDateTime.class).toInstant(ZoneOffset.UTC),
                (ObjectNode) readTree(rs.getString(5)));
    }

    MarketoActivity mapActivity(ResultSet rs, int row) throws SQLException {
        long pavId = rs.getLong(6);
        Long primaryAttributeValueId = rs.wasNull() ? null : pavId;
        return new MarketoActivity(rs.getLong(1), rs.getString(2), rs.getLong(3), rs.getInt(4),
                rs.getObject(5, LocalDateTime.class).toInstant(ZoneOffset.UTC),
                primaryAttributeValueId, rs.getString(7), (ArrayNode) readTree(rs.getString(8)));
    }

    MarketoList mapList(ResultSet rs, int row) throws SQLException {
        return new MarketoList(rs.getLong(1), rs.getString(2),
                rs.getObject(3, LocalDateTime.class).toInstant(ZoneOffset.UTC),
                rs.getObject(4, LocalDateTime.class).toInstant(ZoneOffset.UTC));
    }

    private static String prefixed(String alias, String columns) {
        return Arrays.stream(columns.split(",\\s*")).map(c -> alias + c).collect(Collectors.joining(", "));
    }

    private static String text(ObjectNode fields, String name) {
        var value = fields == null ? null : fields.get(name);
        return value == null || value.isNull() ? null : value.asText();
    }

    private com.fasterxml.jackson.databind.JsonNode readTree(String text) {
        try {
            return json.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Corrupt sandbox Marketo row: " + e.getOriginalMessage(), e);
        }
    }

    private String write(Object node) {
        try {
            return json.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static LocalDateTime utc(Instant instant) {
        return LocalDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
}

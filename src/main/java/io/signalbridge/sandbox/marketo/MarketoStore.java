package io.signalbridge.sandbox.marketo;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.springframework.jdbc.core.JdbcTemplate;

/** The sandbox Marketo instance's leads, activities and static lists (tables sandbox_mkto_*). */
public class MarketoStore {

    private final JdbcTemplate jdbc;
    private final ObjectMapper json;

    public MarketoStore(JdbcTemplate jdbc, ObjectMapper json) {
        this.jdbc = jdbc;
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

    public void insertLeads(List<MarketoLead> leads) {
        jdbc.batchUpdate("insert into sandbox_mkto_lead (id, email, created_at, updated_at, fields) values (?, ?, ?, ?, ?)",
                leads, 1000, (ps, l) -> {
                    ps.setLong(1, l.id());
                    ps.setString(2, l.email());
                    ps.setObject(3, utc(l.createdAt()));
                    ps.setObject(4, utc(l.updatedAt()));
                    ps.setString(5, write(l.fields()));
                });
    }

    public void updateLeads(List<MarketoLead> leads) {
        jdbc.batchUpdate("update sandbox_mkto_lead set email = ?, updated_at = ?, fields = ? where id = ?",
                leads, 1000, (ps, l) -> {
                    ps.setString(1, l.email());
                    ps.setObject(2, utc(l.updatedAt()));
                    ps.setString(3, write(l.fields()));
                    ps.setLong(4, l.id());
                });
    }

    public Optional<MarketoLead> findLead(long id) {
        return jdbc.query("select id, email, created_at, updated_at, fields from sandbox_mkto_lead where id = ?", this::mapLead, id)
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

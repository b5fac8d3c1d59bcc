package io.signalbridge.segments;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Repository;

/** Segment definitions, their source accounts (lists, CRM query results), members and publish history. */
@Repository
public class SegmentStore {

    private static final String COLUMNS = "id, name, folder, tags, kind, definition, audience_list, published, created_by, created_at, updated_at";

    /** A row of the publish history. */
    public record PublishEvent(long segmentId, String segmentName, String action, String actor, Instant at, int members) {
    }

    /** A member account and when it entered. */
    public record Member(String accountId, Instant enteredAt) {
    }

    /** An account entering ({@code ENTRY}) or leaving ({@code EXIT}) a segment in a membership run. */
    public record MemberEvent(long id, String accountId, String type, long runId, Instant at) {
    }

    /** One membership step of a scoring run, with what it changed. */
    public record MembershipRun(long id, Instant startedAt, Instant endedAt, String status, int entries, int exits,
                                int namesChanged, int namesRefused, int audienceAdded, int audienceRemoved, int marketoCalls,
                                String error) {
    }

    private final JdbcTemplate jdbc;
    private final ObjectMapper json;

    public SegmentStore(JdbcTemplate jdbc, ObjectMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    public long insert(SegmentDraft draft, JsonNode definition, String author, Instant now) {
        var keys = new GeneratedKeyHolder();
        jdbc.update(connection -> {
            var ps = connection.prepareStatement("""
                    insert into segment (name, folder, tags, kind, definition, audience_list, published, created_by, created_at, updated_at)
                    values (?, ?, ?, ?, ?, ?, false, ?, ?, ?)""", new String[] {"id"});
            ps.setString(1, draft.name());
            ps.setString(2, draft.folder());
            ps.setString(3, write(draft.tags() == null ? List.of() : draft.tags()));
            ps.setString(4, draft.kind().name());
            ps.setString(5, write(definition));
            ps.setString(6, draft.audienceList());
            ps.setString(7, author);
            ps.setTimestamp(8, timestamp(now));
            ps.setTimestamp(9, timestamp(now));
            return ps;
        }, keys);
        return keys.getKey().longValue();
    }

    public void update(long id, SegmentDraft draft, JsonNode definition, Instant now) {
        jdbc.update("update segment set name = ?, folder = ?, tags = ?, kind = ?, definition = ?, audience_list = ?, updated_at = ? where id = ?",
                draft.name(), draft.folder(), write(draft.tags() == null ? List.of() : draft.tags()), draft.kind().name(),
                write(definition), draft.audienceList(), timestamp(now), id);
    }

    public void updateDefinition(long id, JsonNode definition, Instant now) {
        jdbc.update("update segment set definition = ?, updated_at = ? where id = ?", write(definition), timestamp(now), id);
    }

    public boolean delete(long id) {
        return jdbc.update("delete from segment where id = ?", id) > 0;
    }

    public Optional<Segment> find(long id) {
        return jdbc.query("select " + COLUMNS + " from segment where id = ?", this::map, id).stream().findFirst();
    }

    public Optional<Segment> findByName(String name) {
        return jdbc.query("select " + COLUMNS + " from segment where lower(name) = lower(?)", this::map, name).stream().findFirst();
    }

    public List<Segment> findAll() {
        return jdbc.query("select " + COLUMNS + " from segment order by folder, name", this::map);
    }

    /** Holds the publish lock until the surrounding transaction ends: one publish or unpublish at a time, cluster-wide. */
    public void lockPublishing() {
        jdbc.queryForObject("select id from segment_publish_lock where id = 1 for update", Integer.class);
    }

    public int countPublished() {
        Integer n = jdbc.queryForObject("select count(*) from segment where published = true", Integer.class);
        return n == null ? 0 : n;
    }

    /** Sets the flag; false when it already had that value (so a repeated publish records nothing). */
    public boolean setPublished(long id, boolean published, Instant now) {
        return jdbc.update("update segment set published = ?, updated_at = ? where id = ? and published = ?",
                published, timestamp(now), id, !published) > 0;
    }

    public void recordPublishEvent(PublishEvent event) {
        jdbc.update("insert into segment_publish_event (segment_id, segment_name, action, actor, at, members) values (?, ?, ?, ?, ?, ?)",
                event.segmentId(), event.segmentName(), event.action(), event.actor(), timestamp(event.at()), event.members());
    }

    public List<PublishEvent> publishHistory(long segmentId) {
        return jdbc.query("select segment_id, segment_name, action, actor, at, members from segment_publish_event where segment_id = ? order by id",
                (rs, i) -> new PublishEvent(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), instant(rs, 5), rs.getInt(6)),
                segmentId);
    }

    /** A segment's entries and exits, oldest first, after event {@code afterId} (keyset paging). */
    public List<MemberEvent> memberEvents(long segmentId, long afterId, int limit) {
        return jdbc.query("""
                select id, account_id, event_type, run_id, at from segment_member_event
                where segment_id = ? and id > ? order by id limit ?""",
                (rs, i) -> new MemberEvent(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getLong(4), instant(rs, 5)),
                segmentId, afterId, limit);
    }

    /** Membership runs, newest first, before run {@code beforeId} when given. */
    public List<MembershipRun> membershipRuns(Long beforeId, int limit) {
        return jdbc.query("""
                select id, started_at, ended_at, status, entries, exits, names_changed, names_refused, audience_added,
                       audience_removed, marketo_calls, error
                from segment_run where id < ? order by id desc limit ?""",
                (rs, i) -> new MembershipRun(rs.getLong(1), instant(rs, 2), instant(rs, 3), rs.getString(4), rs.getInt(5),
                        rs.getInt(6), rs.getInt(7), rs.getInt(8), rs.getInt(9), rs.getInt(10), rs.getInt(11), rs.getString(12)),
                beforeId == null ? Long.MAX_VALUE : beforeId, limit);
    }

    public int memberCount(long segmentId) {
        Integer n = jdbc.queryForObject("select count(*) from segment_member where segment_id = ?", Integer.class, segmentId);
        return n == null ? 0 : n;
    }

    /** Members ordered by account id, after {@code afterAccountId} (keyset paging). */
    public List<Member> members(long segmentId, String afterAccountId, int limit) {
        return jdbc.query("select account_id, entered_at from segment_member where segment_id = ? and account_id > ? order by account_id limit ?",
                (rs, i) -> new Member(rs.getString(1), instant(rs, 2)), segmentId, afterAccountId == null ? "" : afterAccountId, limit);
    }

    /** Replaces the accounts a LIST or CRM_QUERY segment names; returns how many rows were added and removed. */
    public int replaceSourceAccounts(long segmentId, Collection<String> accountIds) {
        List<String> current = jdbc.queryForList("select account_id from segment_source_account where segment_id = ?", String.class, segmentId);
        var wanted = new java.util.HashSet<>(accountIds);
        var removed = current.stream().filter(id -> !wanted.contains(id)).toList();
        current.forEach(wanted::remove);
        jdbc.batchUpdate("delete from segment_source_account where segment_id = ? and account_id = ?", removed, 1_000,
                (ps, id) -> { ps.setLong(1, segmentId); ps.setString(2, id); });
        jdbc.batchUpdate("insert into segment_source_account (segment_id, account_id) values (?, ?)", wanted, 1_000,
                (ps, id) -> { ps.setLong(1, segmentId); ps.setString(2, id); });
        return removed.size() + wanted.size();
    }

    /** Forgets which accounts' people were put in the segment's Marketo list. */
    public void forgetAudience(long segmentId) {
        jdbc.update("delete from segment_audience_lead where segment_id = ?", segmentId);
        jdbc.update("delete from segment_audience_account where segment_id = ?", segmentId);
    }

    private Segment map(ResultSet rs, int row) throws SQLException {
        return new Segment(rs.getLong(1), rs.getString(2), rs.getString(3), read(rs.getString(4), new TypeReference<List<String>>() { }),
                SegmentKind.valueOf(rs.getString(5)), readTree(rs.getString(6)), rs.getString(7), rs.getBoolean(8), rs.getString(9),
                instant(rs, 10), instant(rs, 11));
    }

    private String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private <T> T read(String text, TypeReference<T> type) {
        try {
            return json.readValue(text, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Corrupt segment row: " + e.getOriginalMessage(), e);
        }
    }

    private JsonNode readTree(String text) {
        try {
            return json.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Corrupt segment row: " + e.getOriginalMessage(), e);
        }
    }

    static Timestamp timestamp(Instant instant) {
        return Timestamp.valueOf(LocalDateTime.ofInstant(instant, ZoneOffset.UTC));
    }

    static Instant instant(ResultSet rs, int column) throws SQLException {
        LocalDateTime value = rs.getObject(column, LocalDateTime.class);
        return value == null ? null : value.toInstant(ZoneOffset.UTC);
    }
}

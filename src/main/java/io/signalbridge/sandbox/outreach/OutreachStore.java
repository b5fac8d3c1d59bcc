package io.signalbridge.sandbox.outreach;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.signalbridge.sandbox.ConditionalOnSandbox;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Component;

/**
 * The sandbox Outreach org's state, in the database (every node serves the same org): accounts, prospects,
 * mailboxes, sequences and sequence states (tables {@code sandbox_outreach_*}, db/sandbox V20). Ids come from one
 * sequence, as Outreach's are integers unique per resource type.
 */
@Component
@ConditionalOnSandbox
public class OutreachStore {

    public record Account(long id, String name, String domain, String customId, Instant createdAt, Instant updatedAt) {
    }

    public record Prospect(long id, List<String> emails, String firstName, String lastName, String title, String company,
                           Long accountId, boolean optedOut, Instant createdAt, Instant updatedAt) {
    }

    public record Mailbox(long id, String email, String userName, boolean sendingDisabled) {
    }

    public record Sequence(long id, String name, boolean enabled, int stepCount, Instant createdAt) {
    }

    public record SequenceState(long id, long prospectId, long sequenceId, long mailboxId, String state, Instant createdAt,
                                Instant updatedAt) {
    }

    /** A page of one resource type: the rows after {@code afterId}, in id order (Outreach's cursor paging). */
    public record Page<T>(List<T> rows, long count, boolean more) {
    }

    private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {
    };

    private final JdbcTemplate jdbc;
    private final ObjectMapper json;

    public OutreachStore(JdbcTemplate jdbc, ObjectMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    public long newId() {
        return jdbc.queryForObject("select nextval('sandbox_outreach_id')", Long.class);
    }

    public void deleteAll() {
        for (String table : List.of("sequence_state", "prospect", "account", "sequence", "mailbox", "api_hour")) {
            jdbc.update("delete from sandbox_outreach_" + table);
        }
    }

    public long countProspects() {
        return jdbc.queryForObject("select count(*) from sandbox_outreach_prospect", Long.class);
    }

    // accounts

    public Account insertAccount(String name, String domain, String customId, Instant now) {
        long id = newId();
        jdbc.update("insert into sandbox_outreach_account (id, name, domain, custom_id, created_at, updated_at) values (?, ?, ?, ?, ?, ?)",
                id, name, domain, customId, utc(now), utc(now));
        return new Account(id, name, domain, customId, now, now);
    }

    public Optional<Account> account(long id) {
        return jdbc.query("select * from sandbox_outreach_account where id = ?", (RowMapper<Account>) this::account, id).stream().findFirst();
    }

    public Page<Account> accounts(String name, String domain, String customId, long afterId, int size) {
        var where = new Where().eq("name", name).eq("domain", domain).eq("custom_id", customId);
        return page("sandbox_outreach_account", where, afterId, size, this::account);
    }

    // prospects

    public Prospect insertProspect(List<String> emails, String firstName, String lastName, String title, String company, Long accountId,
                                   boolean optedOut, Instant now) {
        long id = newId();
        jdbc.update("insert into sandbox_outreach_prospect (id, email, emails, first_name, last_name, title, company, account_id, opted_out,"
                        + " created_at, updated_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                id, emails.isEmpty() ? null : emails.get(0).toLowerCase(java.util.Locale.ROOT), write(emails), firstName, lastName, title,
                company, accountId, optedOut, utc(now), utc(now));
        return new Prospect(id, emails, firstName, lastName, title, company, accountId, optedOut, now, now);
    }

    public Optional<Prospect> prospect(long id) {
        return jdbc.query("select * from sandbox_outreach_prospect where id = ?", (RowMapper<Prospect>) this::prospect, id).stream().findFirst();
    }

    /** filter[emails]: a prospect any of whose addresses is the one asked for (the first is indexed; the rest scanned). */
    public Page<Prospect> prospects(String email, long afterId, int size) {
        var where = new Where();
        if (email != null) {
            String lower = email.toLowerCase(java.util.Locale.ROOT);
            where.raw("(email = ? or lower(emails) like ?)", lower, "%\"" + lower.replace("%", "").replace("_", "\\_") + "\"%");
        }
        return page("sandbox_outreach_prospect", where, afterId, size, this::prospect);
    }

    // mailboxes and sequences

    public Mailbox insertMailbox(String email, String userName, boolean sendingDisabled) {
        long id = newId();
        jdbc.update("insert into sandbox_outreach_mailbox (id, email, user_name, sending_disabled) values (?, ?, ?, ?)", id, email, userName,
                sendingDisabled);
        return new Mailbox(id, email, userName, sendingDisabled);
    }

    public Optional<Mailbox> mailbox(long id) {
        return jdbc.query("select * from sandbox_outreach_mailbox where id = ?", (RowMapper<Mailbox>) this::mailbox, id).stream().findFirst();
    }

    public Page<Mailbox> mailboxes(String email, long afterId, int size) {
        return page("sandbox_outreach_mailbox", new Where().eq("email", email), afterId, size, this::mailbox);
    }

    public Sequence insertSequence(String name, boolean enabled, int steps, Instant now) {
        long id = newId();
        jdbc.update("insert into sandbox_outreach_sequence (id, name, enabled, step_count, created_at) values (?, ?, ?, ?, ?)", id, name,
                enabled, steps, utc(now));
        return new Sequence(id, name, enabled, steps, now);
    }

    public Optional<Sequence> sequence(long id) {
        return jdbc.query("select * from sandbox_outreach_sequence where id = ?", (RowMapper<Sequence>) this::sequence, id).stream().findFirst();
    }

    public Page<Sequence> sequences(String name, long afterId, int size) {
        return page("sandbox_outreach_sequence", new Where().eq("name", name), afterId, size, this::sequence);
    }

    // sequence states

    /** Empty when the prospect already has a state in the sequence (the table's unique key, so two nodes cannot both add it). */
    public Optional<SequenceState> insertSequenceState(long prospectId, long sequenceId, long mailboxId, Instant now) {
        long id = newId();
        try {
            jdbc.update("insert into sandbox_outreach_sequence_state (id, prospect_id, sequence_id, mailbox_id, state, created_at, updated_at)"
                    + " values (?, ?, ?, ?, 'active', ?, ?)", id, prospectId, sequenceId, mailboxId, utc(now), utc(now));
        } catch (DuplicateKeyException alreadyIn) {
            return Optional.empty();
        }
        return Optional.of(new SequenceState(id, prospectId, sequenceId, mailboxId, "active", now, now));
    }

    public Optional<SequenceState> sequenceState(long id) {
        return jdbc.query("select * from sandbox_outreach_sequence_state where id = ?", (RowMapper<SequenceState>) this::sequenceState, id).stream().findFirst();
    }

    public Page<SequenceState> sequenceStates(Long prospectId, Long sequenceId, String state, long afterId, int size) {
        var where = new Where().eq("prospect_id", prospectId).eq("sequence_id", sequenceId).eq("state", state);
        return page("sandbox_outreach_sequence_state", where, afterId, size, this::sequenceState);
    }

    public void setSequenceState(long id, String state, Instant now) {
        jdbc.update("update sandbox_outreach_sequence_state set state = ?, updated_at = ? where id = ?", state, utc(now), id);
    }

    // the hourly rate limit

    /** Counts a request of {@code user} in the clock hour starting at {@code hourStart}; the requests so far in it. */
    public long countCall(String user, Instant hourStart) {
        LocalDateTime hour = utc(hourStart);
        if (jdbc.update("update sandbox_outreach_api_hour set calls = calls + 1 where user_name = ? and hour_start = ?", user, hour) == 0) {
            try {
                jdbc.update("insert into sandbox_outreach_api_hour (user_name, hour_start, calls) values (?, ?, 1)", user, hour);
            } catch (DuplicateKeyException anotherNodeFirst) {
                jdbc.update("update sandbox_outreach_api_hour set calls = calls + 1 where user_name = ? and hour_start = ?", user, hour);
            }
        }
        return jdbc.queryForObject("select calls from sandbox_outreach_api_hour where user_name = ? and hour_start = ?", Long.class, user, hour);
    }

    private <T> Page<T> page(String table, Where where, long afterId, int size, RowMapper<T> mapper) {
        long count = jdbc.queryForObject("select count(*) from " + table + where.sql(), Long.class, where.args());
        var args = new ArrayList<>(List.of(where.args()));
        args.add(afterId);
        args.add(size + 1);
        List<T> rows = jdbc.query("select * from " + table + where.sql() + (where.isEmpty() ? " where" : " and") + " id > ? order by id"
                + " limit ?", mapper, args.toArray());
        boolean more = rows.size() > size;
        return new Page<>(more ? rows.subList(0, size) : rows, count, more);
    }

    private Account account(ResultSet rs, int row) throws SQLException {
        return new Account(rs.getLong("id"), rs.getString("name"), rs.getString("domain"), rs.getString("custom_id"),
                instant(rs.getTimestamp("created_at")), instant(rs.getTimestamp("updated_at")));
    }

    private Prospect prospect(ResultSet rs, int row) throws SQLException {
        long account = rs.getLong("account_id");
        return new Prospect(rs.getLong("id"), read(rs.getString("emails")), rs.getString("first_name"), rs.getString("last_name"),
                rs.getString("title"), rs.getString("company"), rs.wasNull() ? null : account, rs.getBoolean("opted_out"),
                instant(rs.getTimestamp("created_at")), instant(rs.getTimestamp("updated_at")));
    }

    private Mailbox mailbox(ResultSet rs, int row) throws SQLException {
        return new Mailbox(rs.getLong("id"), rs.getString("email"), rs.getString("user_name"), rs.getBoolean("sending_disabled"));
    }

    private Sequence sequence(ResultSet rs, int row) throws SQLException {
        return new Sequence(rs.getLong("id"), rs.getString("name"), rs.getBoolean("enabled"), rs.getInt("step_count"),
                instant(rs.getTimestamp("created_at")));
    }

    private SequenceState sequenceState(ResultSet rs, int row) throws SQLException {
        return new SequenceState(rs.getLong("id"), rs.getLong("prospect_id"), rs.getLong("sequence_id"), rs.getLong("mailbox_id"),
                rs.getString("state"), instant(rs.getTimestamp("created_at")), instant(rs.getTimestamp("updated_at")));
    }

    private String write(List<String> emails) {
        try {
            return json.writeValueAsString(emails);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private List<String> read(String emails) {
        try {
            return json.readValue(emails, STRINGS);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static LocalDateTime utc(Instant instant) {
        return LocalDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    private static Instant instant(Timestamp timestamp) {
        return timestamp.toLocalDateTime().toInstant(ZoneOffset.UTC);
    }

    /** The equality filters of a list request, null ones left out. */
    private static final class Where {
        private final List<String> conditions = new ArrayList<>();
        private final List<Object> args = new ArrayList<>();

        Where eq(String column, Object value) {
            if (value != null) {
                conditions.add(column + " = ?");
                args.add(value);
            }
            return this;
        }

        Where raw(String condition, Object... values) {
            conditions.add(condition);
            args.addAll(List.of(values));
            return this;
        }

        boolean isEmpty() {
            return conditions.isEmpty();
        }

        String sql() {
            return conditions.isEmpty() ? "" : " where " + String.join(" and ", conditions);
        }

        Object[] args() {
            return args.toArray();
        }
    }
}

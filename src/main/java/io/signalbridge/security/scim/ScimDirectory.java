package io.signalbridge.security.scim;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Supplier;

import io.signalbridge.audit.AuditLog;
import io.signalbridge.security.tokens.ApiTokens;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The users and groups the identity provider provisions (tables {@code scim_user}, {@code scim_group},
 * {@code scim_group_member}). Every user write runs under the one-row lock {@code scim_seat_lock}: the count of active
 * users against {@link SeatProperties#limit()} and the insert or activation that follows cannot interleave with another
 * request's, on any node. Deactivating a user revokes their personal API tokens; {@code DeactivatedUserFilter} ends their
 * console sessions and refuses their bearer JWTs. Each change is in the audit log, actor {@value #ACTOR}.
 */
@Service
public class ScimDirectory {

    public static final String ACTOR = "scim";

    /** A user's provisioned attributes. {@code emails} is the SCIM emails array as JSON text, or null. */
    public record UserData(String userName, String externalId, String givenName, String familyName, String displayName, String emails,
            boolean active) {
    }

    public record User(UUID id, UserData data, Instant created, Instant modified, long version) {
    }

    public record Member(UUID id, String userName) {
    }

    public record GroupData(String displayName, String externalId, Set<UUID> members) {
    }

    public record Group(UUID id, String displayName, String externalId, List<Member> members, Instant created, Instant modified, long version) {
    }

    public record Page<T>(int total, List<T> items) {
    }

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transaction;
    private final Clock clock;
    private final SeatProperties seats;
    private final ApiTokens apiTokens;
    private final AuditLog audit;

    public ScimDirectory(JdbcTemplate jdbc, PlatformTransactionManager transactions, Clock clock, SeatProperties seats, ApiTokens apiTokens,
            AuditLog audit) {
        this.jdbc = jdbc;
        this.transaction = new TransactionTemplate(transactions);
        this.clock = clock;
        this.seats = seats;
        this.apiTokens = apiTokens;
        this.audit = audit;
    }

    // ---- users

    public Page<User> users(String userNameEq, int startIndex, int count) {
        String where = userNameEq == null ? "" : " where user_name_key = ?";
        Object[] arguments = userNameEq == null ? new Object[0] : new Object[] {key(userNameEq)};
        int total = jdbc.queryForObject("select count(*) from scim_user" + where, Integer.class, arguments);
        List<User> items = count == 0 ? List.of() : jdbc.query("select * from scim_user" + where + " order by created_at, id limit ? offset ?",
                (row, i) -> user(row), append(arguments, count, startIndex - 1));
        return new Page<>(total, items);
    }

    public Optional<User> user(UUID id) {
        return jdbc.query("select * from scim_user where id = ?", (row, i) -> user(row), id).stream().findFirst();
    }

    /** The groups of a provisioned user (display names), or empty when the user was not provisioned. */
    public Optional<List<String>> groupsOf(String userName) {
        var ids = jdbc.queryForList("select id from scim_user where user_name_key = ?", UUID.class, key(userName));
        if (ids.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(jdbc.queryForList("select g.display_name from scim_group g join scim_group_member m on m.group_id = g.id"
                + " where m.user_id = ? order by g.display_name", String.class, ids.get(0)));
    }

    public List<Member> groupsOfUser(UUID id) {
        return jdbc.query("select g.id, g.display_name from scim_group g join scim_group_member m on m.group_id = g.id where m.user_id = ?"
                + " order by g.display_name", (row, i) -> new Member(row.getObject("id", UUID.class), row.getString("display_name")), id);
    }

    /** Whether the user was provisioned and then deactivated (users not provisioned by SCIM are not). */
    public boolean deactivated(String userName) {
        return userName != null && jdbc.queryForObject("select count(*) from scim_user where user_name_key = ? and active = false",
                Integer.class, key(userName)) > 0;
    }

    public User createUser(UserData data) {
        validate(data);
        return audited("scim.user.create", data.userName(), () -> {
            lockSeats();
            if (exists("scim_user", "user_name_key", data.userName(), null)) {
                throw new ScimException(409, "uniqueness", "userName \"" + data.userName() + "\" is already taken");
            }
            if (data.active()) {
                checkSeat();
            }
            UUID id = UUID.randomUUID();
            Timestamp now = Timestamp.from(clock.instant());
            jdbc.update("insert into scim_user (id, user_name, user_name_key, external_id, given_name, family_name, display_name, emails, active,"
                    + " created_at, modified_at, version) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1)", id, data.userName(), key(data.userName()),
                    data.externalId(), data.givenName(), data.familyName(), data.displayName(), data.emails(), data.active(), now, now);
            audit.record(ACTOR, "scim.user.create", data.userName(), "ok", data.active() ? "active" : "inactive");
            return user(id).orElseThrow();
        });
    }

    /** Changes a user (PUT: the new data whole; PATCH: the current data with the operations applied). */
    public User updateUser(UUID id, Function<UserData, UserData> change) {
        return audited("scim.user.update", id.toString(), () -> {
            lockSeats();
            User current = user(id).orElseThrow(() -> ScimException.notFound("User " + id));
            UserData next = change.apply(current.data());
            validate(next);
            if (!key(next.userName()).equals(key(current.data().userName())) && exists("scim_user", "user_name_key", next.userName(), id)) {
                throw new ScimException(409, "uniqueness", "userName \"" + next.userName() + "\" is already taken");
            }
            boolean activating = next.active() && !current.data().active();
            boolean deactivating = !next.active() && current.data().active();
            if (activating) {
                checkSeat();
            }
            jdbc.update("update scim_user set user_name = ?, user_name_key = ?, external_id = ?, given_name = ?, family_name = ?, display_name = ?,"
                    + " emails = ?, active = ?, modified_at = ?, version = version + 1 where id = ?", next.userName(), key(next.userName()),
                    next.externalId(), next.givenName(), next.familyName(), next.displayName(), next.emails(), next.active(),
                    Timestamp.from(clock.instant()), id);
            if (deactivating) {
                int revoked = apiTokens.revokeAll(current.data().userName());
                audit.record(ACTOR, "scim.user.deactivate", next.userName(), "ok", revoked + " API token(s) revoked, console sessions ended");
            } else if (activating) {
                audit.record(ACTOR, "scim.user.activate", next.userName(), "ok", null);
            } else {
                audit.record(ACTOR, "scim.user.update", next.userName(), "ok", null);
            }
            return user(id).orElseThrow();
        });
    }

    public void deleteUser(UUID id) {
        audited("scim.user.delete", id.toString(), () -> {
            lockSeats();
            User current = user(id).orElseThrow(() -> ScimException.notFound("User " + id));
            jdbc.update("delete from scim_user where id = ?", id);
            int revoked = apiTokens.revokeAll(current.data().userName());
            audit.record(ACTOR, "scim.user.delete", current.data().userName(), "ok", revoked + " API token(s) revoked");
            return null;
        });
    }

    // ---- groups

    public Page<Group> groups(String displayNameEq, int startIndex, int count) {
        String where = displayNameEq == null ? "" : " where display_name_key = ?";
        Object[] arguments = displayNameEq == null ? new Object[0] : new Object[] {key(displayNameEq)};
        int total = jdbc.queryForObject("select count(*) from scim_group" + where, Integer.class, arguments);
        List<UUID> ids = count == 0 ? List.of() : jdbc.queryForList("select id from scim_group" + where
                + " order by created_at, id limit ? offset ?", UUID.class, append(arguments, count, startIndex - 1));
        return new Page<>(total, ids.stream().map(id -> group(id).orElseThrow()).toList());
    }

    public Optional<Group> group(UUID id) {
        var members = jdbc.query("select u.id, u.user_name from scim_user u join scim_group_member m on m.user_id = u.id where m.group_id = ?"
                + " order by u.user_name", (row, i) -> new Member(row.getObject("id", UUID.class), row.getString("user_name")), id);
        return jdbc.query("select * from scim_group where id = ?", (row, i) -> new Group(row.getObject("id", UUID.class),
                row.getString("display_name"), row.getString("external_id"), members, row.getTimestamp("created_at").toInstant(),
                row.getTimestamp("modified_at").toInstant(), row.getLong("version")), id).stream().findFirst();
    }

    public Group createGroup(GroupData data) {
        validate(data);
        return audited("scim.group.create", data.displayName(), () -> {
            if (exists("scim_group", "display_name_key", data.displayName(), null)) {
                throw new ScimException(409, "uniqueness", "displayName \"" + data.displayName() + "\" is already taken");
            }
            UUID id = UUID.randomUUID();
            Timestamp now = Timestamp.from(clock.instant());
            jdbc.update("insert into scim_group (id, display_name, display_name_key, external_id, created_at, modified_at, version)"
                    + " values (?, ?, ?, ?, ?, ?, 1)", id, data.displayName(), key(data.displayName()), data.externalId(), now, now);
            setMembers(id, data.displayName(), Set.of(), data.members());
            audit.record(ACTOR, "scim.group.create", data.displayName(), "ok", data.members().size() + " member(s)");
            return group(id).orElseThrow();
        });
    }

    public Group updateGroup(UUID id, Function<GroupData, GroupData> change) {
        return audited("scim.group.update", id.toString(), () -> {
            jdbc.queryForList("select id from scim_group where id = ? for update", UUID.class, id);
            Group current = group(id).orElseThrow(() -> ScimException.notFound("Group " + id));
            Set<UUID> before = new LinkedHashSet<>(current.members().stream().map(Member::id).toList());
            GroupData next = change.apply(new GroupData(current.displayName(), current.externalId(), Set.copyOf(before)));
            validate(next);
            if (!key(next.displayName()).equals(key(current.displayName())) && exists("scim_group", "display_name_key", next.displayName(), id)) {
                throw new ScimException(409, "uniqueness", "displayName \"" + next.displayName() + "\" is already taken");
            }
            jdbc.update("update scim_group set display_name = ?, display_name_key = ?, external_id = ?, modified_at = ?, version = version + 1"
                    + " where id = ?", next.displayName(), key(next.displayName()), next.externalId(), Timestamp.from(clock.instant()), id);
            setMembers(id, next.displayName(), before, next.members());
            if (!next.displayName().equals(current.displayName()) || !java.util.Objects.equals(next.externalId(), current.externalId())) {
                audit.record(ACTOR, "scim.group.update", next.displayName(), "ok", "was \"" + current.displayName() + "\"");
            }
            return group(id).orElseThrow();
        });
    }

    public void deleteGroup(UUID id) {
        audited("scim.group.delete", id.toString(), () -> {
            Group current = group(id).orElseThrow(() -> ScimException.notFound("Group " + id));
            jdbc.update("delete from scim_group where id = ?", id);
            audit.record(ACTOR, "scim.group.delete", current.displayName(), "ok", current.members().size() + " member(s) left the group");
            return null;
        });
    }

    private void setMembers(UUID groupId, String groupName, Set<UUID> before, Set<UUID> after) {
        var added = new ArrayList<String>();
        var removed = new ArrayList<String>();
        for (UUID member : after) {
            if (!before.contains(member)) {
                var name = jdbc.queryForList("select user_name from scim_user where id = ?", String.class, member);
                if (name.isEmpty()) {
                    throw ScimException.invalidValue("member " + member + " is no User of this service");
                }
                jdbc.update("insert into scim_group_member (group_id, user_id) values (?, ?)", groupId, member);
                added.add(name.get(0));
            }
        }
        for (UUID member : before) {
            if (!after.contains(member)) {
                jdbc.update("delete from scim_group_member where group_id = ? and user_id = ?", groupId, member);
                removed.add(jdbc.queryForList("select user_name from scim_user where id = ?", String.class, member).stream().findFirst()
                        .orElse(member.toString()));
            }
        }
        if (!added.isEmpty() || !removed.isEmpty()) {
            audit.record(ACTOR, "scim.group.members", groupName, "ok", "added " + added + ", removed " + removed);
        }
    }

    // ---- helpers

    /** Runs a write in one transaction; a refusal is rolled back, then recorded in the audit log and thrown on. */
    private <T> T audited(String action, String target, Supplier<T> write) {
        try {
            return transaction.execute(status -> write.get());
        } catch (ScimException refused) {
            audit.record(ACTOR, action, target, "refused", refused.status() + " " + (refused.scimType() == null ? "" : refused.scimType() + ": ")
                    + refused.getMessage());
            throw refused;
        } catch (DuplicateKeyException race) {
            audit.record(ACTOR, action, target, "refused", "409 uniqueness");
            throw new ScimException(409, "uniqueness", "the name is already taken");
        }
    }

    private void lockSeats() {
        jdbc.queryForList("select id from scim_seat_lock where id = 1 for update", Integer.class);
    }

    private void checkSeat() {
        if (!seats.limited()) {
            return;
        }
        int active = jdbc.queryForObject("select count(*) from scim_user where active = true", Integer.class);
        if (active >= seats.limit()) {
            throw ScimException.invalidValue("seat limit reached: " + active + " of " + seats.limit() + " seats are taken by active users;"
                    + " deactivate a user or raise signalbridge.security.seats.limit");
        }
    }

    private boolean exists(String table, String column, String name, UUID except) {
        return jdbc.queryForList("select id from " + table + " where " + column + " = ?", UUID.class, key(name)).stream()
                .anyMatch(found -> !found.equals(except));
    }

    private static void validate(UserData data) {
        if (data.userName() == null || data.userName().isBlank()) {
            throw ScimException.invalidValue("userName is required");
        }
        if (data.userName().length() > 320) {
            throw ScimException.invalidValue("userName is at most 320 characters");
        }
        if (data.emails() != null && data.emails().length() > 4000) {
            throw ScimException.invalidValue("emails are at most 4000 characters of JSON");
        }
        checkLength("externalId", data.externalId(), 320);
        checkLength("name.givenName", data.givenName(), 200);
        checkLength("name.familyName", data.familyName(), 200);
        checkLength("displayName", data.displayName(), 400);
    }

    private static void validate(GroupData data) {
        if (data.displayName() == null || data.displayName().isBlank()) {
            throw ScimException.invalidValue("displayName is required");
        }
        checkLength("displayName", data.displayName(), 400);
        checkLength("externalId", data.externalId(), 320);
    }

    private static void checkLength(String attribute, String value, int length) {
        if (value != null && value.length() > length) {
            throw ScimException.invalidValue(attribute + " is at most " + length + " characters");
        }
    }

    static String key(String name) {
        return name.toLowerCase(Locale.ROOT);
    }

    private static Object[] append(Object[] arguments, Object... more) {
        Object[] all = new Object[arguments.length + more.length];
        System.arraycopy(arguments, 0, all, 0, arguments.length);
        System.arraycopy(more, 0, all, arguments.length, more.length);
        return all;
    }

    private static User user(ResultSet row) throws SQLException {
        return new User(row.getObject("id", UUID.class), new UserData(row.getString("user_name"), row.getString("external_id"),
                row.getString("given_name"), row.getString("family_name"), row.getString("display_name"), row.getString("emails"),
                row.getBoolean("active")), row.getTimestamp("created_at").toInstant(), row.getTimestamp("modified_at").toInstant(),
                row.getLong("version"));
    }
}

package io.signalbridge.security;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import io.signalbridge.security.scim.ScimDirectory;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.stereotype.Service;

/**
 * Roles an admin assigned to a user in the console (table {@code user_role_assignment}). An assignment replaces the
 * roles of the user's groups ({@link GroupRoles}) at every sign-in and on every bearer JWT, until it is removed; users
 * without one keep the roles of their groups (none mapped: VIEWER). A user provisioned by SCIM ({@link ScimDirectory})
 * has the roles of their SCIM groups (Okta's group push), not of the token's groups claim.
 */
@Service
public class AssignedRoles {

    public record Assignment(String userName, Set<Role> roles, String assignedBy, Instant assignedAt) {
    }

    private final JdbcTemplate jdbc;
    private final Clock clock;
    private final GroupRoles groupRoles;
    private final ScimDirectory provisioned;

    public AssignedRoles(JdbcTemplate jdbc, Clock clock, GroupRoles groupRoles, ScimDirectory provisioned) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.groupRoles = groupRoles;
        this.provisioned = provisioned;
    }

    public List<Assignment> all() {
        return jdbc.query("select * from user_role_assignment order by user_name", (row, i) -> new Assignment(row.getString("user_name"),
                roles(row.getString("roles")), row.getString("assigned_by"), row.getTimestamp("assigned_at").toInstant()));
    }

    public Optional<Set<Role>> of(String userName) {
        return jdbc.queryForList("select roles from user_role_assignment where user_name = ?", String.class, userName).stream()
                .findFirst().map(AssignedRoles::roles);
    }

    public Assignment assign(String userName, Collection<Role> roles, String assignedBy) {
        if (userName == null || userName.isBlank() || userName.length() > 320) {
            throw new IllegalArgumentException("a user name of 1 to 320 characters");
        }
        if (roles == null || roles.isEmpty()) {
            throw new IllegalArgumentException("at least one role; remove the assignment to return the user to their groups' roles");
        }
        Instant now = clock.instant();
        String names = roles.stream().sorted().distinct().map(Role::name).collect(Collectors.joining(","));
        if (jdbc.update("update user_role_assignment set roles = ?, assigned_by = ?, assigned_at = ? where user_name = ?", names, assignedBy,
                Timestamp.from(now), userName) == 0) {
            jdbc.update("insert into user_role_assignment (user_name, roles, assigned_by, assigned_at) values (?, ?, ?, ?)", userName, names,
                    assignedBy, Timestamp.from(now));
        }
        return new Assignment(userName, roles(names), assignedBy, now);
    }

    public boolean remove(String userName) {
        return jdbc.update("delete from user_role_assignment where user_name = ?", userName) == 1;
    }

    /**
     * The roles of a user signing in or calling with a JWT: the assignment; else, for a user provisioned by SCIM, the
     * roles of their SCIM groups; else the groups of the token's claims (none mapped: VIEWER).
     */
    public List<GrantedAuthority> authorities(String userName, Map<String, Object> claims) {
        return GroupRoles.authorities(of(userName).orElseGet(() -> provisioned.groupsOf(userName).map(groupRoles::rolesOf)
                .orElseGet(() -> groupRoles.rolesOf(groupRoles.groupsOf(claims)))));
    }

    /** The roles of a user without a token at hand: the assignment, else their SCIM groups' roles, else VIEWER. */
    public Set<Role> rolesOf(String userName) {
        return of(userName).orElseGet(() -> groupRoles.rolesOf(provisioned.groupsOf(userName).orElse(List.of())));
    }

    private static Set<Role> roles(String names) {
        var roles = EnumSet.noneOf(Role.class);
        Arrays.stream(names.split(",")).filter(name -> !name.isBlank()).map(Role::valueOf).forEach(roles::add);
        return roles;
    }
}

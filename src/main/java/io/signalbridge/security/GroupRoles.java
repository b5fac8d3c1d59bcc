package io.signalbridge.security;

import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.stereotype.Component;

/**
 * The identity provider's groups as the seed's roles, through {@code signalbridge.security.oidc.group-roles}: a user
 * in no mapped group is {@link Role#VIEWER} (the seed: a new user gets View Only). Group names are compared as
 * written (Okta's are case-sensitive).
 */
@Component
public class GroupRoles {

    private final Map<String, Set<Role>> rolesByGroup;
    private final String groupsClaim;

    public GroupRoles(OidcProperties properties) {
        this.rolesByGroup = properties.groupRoles().stream().collect(Collectors.groupingBy(OidcProperties.GroupRole::group,
                Collectors.mapping(OidcProperties.GroupRole::role, Collectors.toCollection(() -> EnumSet.noneOf(Role.class)))));
        this.groupsClaim = properties.groupsClaim();
    }

    public Set<Role> rolesOf(Collection<String> groups) {
        var roles = EnumSet.noneOf(Role.class);
        groups.forEach(group -> roles.addAll(rolesByGroup.getOrDefault(group, Set.of())));
        return roles.isEmpty() ? EnumSet.of(Role.VIEWER) : roles;
    }

    /** The groups of a token's claims: a list, or one string (some providers send a single group so). */
    public List<String> groupsOf(Map<String, Object> claims) {
        Object value = claims.get(groupsClaim);
        if (value instanceof Collection<?> many) {
            return many.stream().map(String::valueOf).toList();
        }
        return value == null ? List.of() : List.of(String.valueOf(value));
    }

    public List<GrantedAuthority> authorities(Map<String, Object> claims) {
        return authorities(rolesOf(groupsOf(claims)));
    }

    private static final String ROLE_PREFIX = "ROLE_";

    public static List<GrantedAuthority> authorities(Collection<Role> roles) {
        return roles.stream().sorted().map(role -> (GrantedAuthority) new SimpleGrantedAuthority(ROLE_PREFIX + role.name())).toList();
    }

    /** The roles among a signed-in user's authorities (the inverse of {@link #authorities(Collection)}). */
    public static Set<Role> roles(Collection<? extends GrantedAuthority> authorities) {
        var roles = EnumSet.noneOf(Role.class);
        authorities.stream().map(GrantedAuthority::getAuthority).filter(authority -> authority.startsWith(ROLE_PREFIX))
                .map(authority -> Role.valueOf(authority.substring(ROLE_PREFIX.length()))).forEach(roles::add);
        return roles;
    }
}

package io.signalbridge.security.tokens;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collection;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import io.signalbridge.security.seats.SignIns;
import io.signalbridge.security.Role;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Service;

/**
 * Personal API tokens: {@code sbt_} and 43 characters of 256 random bits. The token is returned once, at creation;
 * the database holds its SHA-256 (a token this random needs no slow hash: it cannot be guessed, only stolen, and a
 * stolen hash opens nothing), its first characters to tell tokens apart, the creator's roles at that time, its expiry,
 * last use and revocation.
 */
@Service
public class ApiTokens {

    public static final String PREFIX = "sbt_";
    /** The name of the tokens the account view in Salesforce signs in with: their use is a sign-in "via the view". */
    public static final String SALESFORCE_VIEW_TOKEN = "Salesforce account view";
    private static final int HINT_LENGTH = PREFIX.length() + 4;

    /** A token as listed: never the token itself. */
    public record ApiToken(long id, String userName, String name, String hint, Set<Role> roles, Instant createdAt, Instant expiresAt,
            Instant lastUsedAt, Instant revokedAt) {

        public boolean usableAt(Instant now) {
            return revokedAt == null && now.isBefore(expiresAt);
        }
    }

    /** A token just created, with its secret (shown this once). */
    public record Created(ApiToken token, String secret) {
    }

    private final JdbcTemplate jdbc;
    private final Clock clock;
    private final ApiTokenProperties properties;
    private final SecureRandom random = new SecureRandom();
    private final SignIns signIns;

    /** @param signIns told of each use of a token (at most once per the last-use resolution): a sign-in, for the seat audit */
    public ApiTokens(JdbcTemplate jdbc, Clock clock, ApiTokenProperties properties, SignIns signIns) {
        this.signIns = signIns;
        this.jdbc = jdbc;
        this.clock = clock;
        this.properties = properties;
    }

    /** A new token of the user with these roles, living {@code lifetime} (the default when null, at most the maximum). */
    public Created create(String userName, Collection<Role> roles, String name, Duration lifetime) {
        if (name == null || name.isBlank() || name.length() > 200) {
            throw new IllegalArgumentException("a token needs a name of 1 to 200 characters");
        }
        Duration life = lifetime == null ? properties.defaultLifetime() : lifetime;
        if (life.isNegative() || life.isZero() || life.compareTo(properties.maxLifetime()) > 0) {
            throw new IllegalArgumentException("a token lives from 1 day to " + properties.maxLifetime().toDays() + " days");
        }
        byte[] bits = new byte[32];
        random.nextBytes(bits);
        String secret = PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bits);
        Instant now = clock.instant();
        Instant expires = now.plus(life);
        String roleNames = roles.stream().sorted().map(Role::name).collect(Collectors.joining(","));
        var key = new GeneratedKeyHolder();
        jdbc.update(connection -> {
            var insert = connection.prepareStatement("insert into api_token (user_name, name, token_hash, token_hint, roles, created_at, expires_at)"
                    + " values (?, ?, ?, ?, ?, ?, ?)", new String[] {"id"});
            insert.setString(1, userName);
            insert.setString(2, name.strip());
            insert.setString(3, hash(secret));
            insert.setString(4, secret.substring(0, HINT_LENGTH));
            insert.setString(5, roleNames);
            insert.setTimestamp(6, Timestamp.from(now));
            insert.setTimestamp(7, Timestamp.from(expires));
            return insert;
        }, key);
        long id = key.getKey().longValue();
        return new Created(new ApiToken(id, userName, name.strip(), secret.substring(0, HINT_LENGTH), roles(roleNames), now, expires, null, null),
                secret);
    }

    /** The user's tokens, newest first, revoked and expired ones included. */
    public List<ApiToken> of(String userName) {
        return jdbc.query("select * from api_token where user_name = ? order by id desc", (row, i) -> token(row), userName);
    }

    /** Revokes one of the user's tokens; false when the user has no such token. */
    public boolean revoke(String userName, long id) {
        return jdbc.update("update api_token set revoked_at = coalesce(revoked_at, ?) where id = ? and user_name = ?",
                Timestamp.from(clock.instant()), id, userName) == 1;
    }

    /** Revokes every token of the user (SCIM deactivation); the number revoked. User names are compared without case. */
    public int revokeAll(String userName) {
        return jdbc.update("update api_token set revoked_at = ? where lower(user_name) = ? and revoked_at is null",
                Timestamp.from(clock.instant()), userName.toLowerCase(java.util.Locale.ROOT));
    }

    /** The token a secret belongs to, when it is still usable; records the use. */
    public Optional<ApiToken> use(String secret) {
        if (secret == null || !secret.startsWith(PREFIX)) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        var found = jdbc.query("select * from api_token where token_hash = ?", (row, i) -> token(row), hash(secret)).stream()
                .filter(token -> token.usableAt(now)).findFirst();
        found.filter(token -> token.lastUsedAt() == null || token.lastUsedAt().plus(properties.lastUseResolution()).isBefore(now))
                .ifPresent(token -> {
                    jdbc.update("update api_token set last_used_at = ? where id = ?", Timestamp.from(now), token.id());
                    signIns.record(token.userName(), SALESFORCE_VIEW_TOKEN.equals(token.name()) ? SignIns.Via.SALESFORCE_VIEW : SignIns.Via.API_TOKEN);
                });
        return found;
    }

    private static ApiToken token(java.sql.ResultSet row) throws java.sql.SQLException {
        return new ApiToken(row.getLong("id"), row.getString("user_name"), row.getString("name"), row.getString("token_hint"),
                roles(row.getString("roles")), instant(row.getTimestamp("created_at")), instant(row.getTimestamp("expires_at")),
                instant(row.getTimestamp("last_used_at")), instant(row.getTimestamp("revoked_at")));
    }

    private static Set<Role> roles(String names) {
        var roles = EnumSet.noneOf(Role.class);
        Arrays.stream(names.split(",")).filter(name -> !name.isBlank()).map(Role::valueOf).forEach(roles::add);
        return roles;
    }

    private static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }

    static String hash(String secret) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException impossible) {
            throw new IllegalStateException(impossible);
        }
    }
}

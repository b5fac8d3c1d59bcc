package io.signalbridge.sandbox;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Optional;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Access tokens issued by the sandbox orgs. Kept in the database, so a token stays valid across a restart
 * of the service, as a real org's session does.
 */
public class SandboxTokenStore {

    public enum Org { SALESFORCE, MARKETO, OUTREACH }

    public record Token(String value, Org org, String clientId, String username, Instant issuedAt, Instant expiresAt) {

        public boolean expiredAt(Instant now) {
            return expiresAt != null && !now.isBefore(expiresAt);
        }
    }

    private final JdbcTemplate jdbc;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    public SandboxTokenStore(JdbcTemplate jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** Issues a token; {@code ttl} null means the token never expires by time. */
    public Token issue(Org org, String clientId, String username, Duration ttl, String prefix) {
        var bytes = new byte[32];
        random.nextBytes(bytes);
        String value = prefix + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        Instant now = clock.instant();
        Instant expires = ttl == null ? null : now.plus(ttl);
        jdbc.update("insert into sandbox_token (token, org, client_id, username, issued_at, expires_at) values (?, ?, ?, ?, ?, ?)",
                value, org.name(), clientId, username, utc(now), expires == null ? null : utc(expires));
        return new Token(value, org, clientId, username, now, expires);
    }

    /** Issues a token whose value the org chooses, for orgs whose tokens have a recognisable shape (Marketo: {@code <uuid>:ab}). */
    public Token issueValue(Org org, String value, String clientId, String username, Duration ttl) {
        Instant now = clock.instant();
        Instant expires = ttl == null ? null : now.plus(ttl);
        jdbc.update("insert into sandbox_token (token, org, client_id, username, issued_at, expires_at) values (?, ?, ?, ?, ?, ?)",
                value, org.name(), clientId, username, utc(now), expires == null ? null : utc(expires));
        return new Token(value, org, clientId, username, now, expires);
    }

    public Optional<Token> find(Org org, String value) {
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        return jdbc.query("select token, org, client_id, username, issued_at, expires_at from sandbox_token where token = ? and org = ?",
                (rs, i) -> new Token(rs.getString(1), Org.valueOf(rs.getString(2)), rs.getString(3), rs.getString(4),
                        rs.getObject(5, LocalDateTime.class).toInstant(ZoneOffset.UTC),
                        Optional.ofNullable(rs.getObject(6, LocalDateTime.class)).map(t -> t.toInstant(ZoneOffset.UTC)).orElse(null)),
                value, org.name()).stream().findFirst();
    }

    /** The client's newest token that has not expired at {@code now}, whichever node issued it. */
    public Optional<Token> newestValid(Org org, String clientId, Instant now) {
        return jdbc.query("select token from sandbox_token where org = ? and client_id = ? and (expires_at is null or expires_at > ?)"
                        + " order by issued_at desc, token limit 1", (rs, i) -> rs.getString(1), org.name(), clientId, utc(now))
                .stream().findFirst().flatMap(value -> find(org, value));
    }

    public void revoke(String value) {
        jdbc.update("delete from sandbox_token where token = ?", value);
    }

    /** Ends every session of an org at once, as a password reset or an admin's "revoke all" does. */
    public void revokeAll(Org org) {
        jdbc.update("delete from sandbox_token where org = ?", org.name());
    }

    private static LocalDateTime utc(Instant instant) {
        return LocalDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
}

package io.signalbridge.sandbox.salesforce.streaming;

import java.security.SecureRandom;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.JdbcTemplate;

/** The Bayeux clients of the Streaming API and their subscriptions (tables sandbox_cometd_*), shared by every node. */
public class CometdClients {

    /** A handshaken client; {@code replay} is its handshake's replay extension as JSON, or null. */
    public record Client(String clientId, boolean connected, String replay) {
    }

    /** A subscription and the replay id of the last event delivered on it. */
    public record Subscription(String channel, long position) {
    }

    private final JdbcTemplate jdbc;
    private final SecureRandom random = new SecureRandom();

    public CometdClients(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public String create(Instant now, String replay) {
        var bytes = new byte[15];
        random.nextBytes(bytes);
        String clientId = HexFormat.of().formatHex(bytes);
        jdbc.update("insert into sandbox_cometd_client (client_id, created_at, last_seen, connected, replay) values (?, ?, ?, false, ?)",
                clientId, utc(now), utc(now), replay);
        return clientId;
    }

    /** The client, unless unknown or not seen since {@code seenAfter} (expired, as Salesforce drops silent clients). */
    public Optional<Client> find(String clientId, Instant seenAfter) {
        if (clientId == null) {
            return Optional.empty();
        }
        return jdbc.query("select client_id, connected, replay from sandbox_cometd_client where client_id = ? and last_seen > ?",
                (rs, i) -> new Client(rs.getString(1), rs.getBoolean(2), rs.getString(3)), clientId, utc(seenAfter)).stream().findFirst();
    }

    public void touch(String clientId, Instant now) {
        jdbc.update("update sandbox_cometd_client set last_seen = ?, connected = true where client_id = ?", utc(now), clientId);
    }

    public void remove(String clientId) {
        jdbc.update("delete from sandbox_cometd_subscription where client_id = ?", clientId);
        jdbc.update("delete from sandbox_cometd_client where client_id = ?", clientId);
    }

    /** Forgets every client and subscription. */
    public void removeAll() {
        jdbc.update("delete from sandbox_cometd_subscription");
        jdbc.update("delete from sandbox_cometd_client");
    }

    /** Sets every subscription back to {@code position}, so the events after it are delivered again. */
    public void rewindAll(long position) {
        jdbc.update("update sandbox_cometd_subscription set position = ? where position > ?", position, position);
    }

    /** Drops the clients not seen since {@code cutoff}. */
    public void expire(Instant cutoff) {
        jdbc.update("delete from sandbox_cometd_subscription where client_id in (select client_id from sandbox_cometd_client where last_seen <= ?)",
                utc(cutoff));
        jdbc.update("delete from sandbox_cometd_client where last_seen <= ?", utc(cutoff));
    }

    public void subscribe(String clientId, String channel, long position) {
        unsubscribe(clientId, channel);
        jdbc.update("insert into sandbox_cometd_subscription (client_id, channel, position) values (?, ?, ?)", clientId, channel, position);
    }

    public void unsubscribe(String clientId, String channel) {
        jdbc.update("delete from sandbox_cometd_subscription where client_id = ? and channel = ?", clientId, channel);
    }

    public List<Subscription> subscriptions(String clientId) {
        return jdbc.query("select channel, position from sandbox_cometd_subscription where client_id = ? order by channel",
                (rs, i) -> new Subscription(rs.getString(1), rs.getLong(2)), clientId);
    }

    /** Records delivery up to {@code position}; never moves a subscription back. */
    public void advance(String clientId, String channel, long position) {
        jdbc.update("update sandbox_cometd_subscription set position = ? where client_id = ? and channel = ? and position < ?",
                position, clientId, channel, position);
    }

    private static LocalDateTime utc(Instant instant) {
        return LocalDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
}

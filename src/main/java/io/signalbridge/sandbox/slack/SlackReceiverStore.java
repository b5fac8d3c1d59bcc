package io.signalbridge.sandbox.slack;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

import io.signalbridge.sandbox.ConditionalOnSandbox;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/** What the sandbox Slack receiver accepted, per team (table sandbox_slack_message, db/sandbox V21). */
@Component
@ConditionalOnSandbox
public class SlackReceiverStore {

    public record ReceivedMessage(long id, String team, String text, String payload, Instant receivedAt) {
    }

    private final JdbcTemplate jdbc;

    public SlackReceiverStore(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    void save(String team, String text, String payload, Instant at) {
        jdbc.update("insert into sandbox_slack_message (team, text, payload, received_at) values (?, ?, ?, ?)", team, text, payload,
                LocalDateTime.ofInstant(at, ZoneOffset.UTC));
    }

    Optional<Instant> lastReceived(String team) {
        return jdbc.query("select max(received_at) from sandbox_slack_message where team = ?", (rs, i) -> rs.getTimestamp(1), team).stream()
                .filter(java.util.Objects::nonNull).findFirst().map(t -> t.toLocalDateTime().toInstant(ZoneOffset.UTC));
    }

    public List<ReceivedMessage> messages(String team) {
        return jdbc.query("select * from sandbox_slack_message where team = ? order by id", (rs, i) -> new ReceivedMessage(rs.getLong("id"),
                rs.getString("team"), rs.getString("text"), rs.getString("payload"),
                rs.getTimestamp("received_at").toLocalDateTime().toInstant(ZoneOffset.UTC)), team);
    }

    public void deleteAll() {
        jdbc.update("delete from sandbox_slack_message");
    }
}

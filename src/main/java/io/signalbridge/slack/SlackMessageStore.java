package io.signalbridge.slack;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * The Slack outbox in the database (table slack_message, V170) and each webhook's next allowed post
 * (slack_webhook_pace). Every change of status is one conditional update ({@code ... and status = ?}).
 */
@Repository
public class SlackMessageStore {

    public enum Status { PENDING, SENDING, SENT, FAILED }

    /** One queued message. */
    public record SlackMessage(long id, String team, String dedupeKey, String text, Status status, int attempts, Instant createdAt) {
    }

    private final JdbcTemplate jdbc;
    private final Clock clock;

    public SlackMessageStore(JdbcTemplate jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /**
     * Queues a message; false when the team already has one with this dedupe key (queued, sent or failed). ON CONFLICT,
     * not a caught duplicate-key error: on PostgreSQL that error would abort the caller's transaction. (Team and dedupe
     * key are the only unique key a new row can meet; H2 takes ON CONFLICT without a target only.)
     */
    boolean insert(String team, String dedupeKey, String text) {
        return jdbc.update("insert into slack_message (team, dedupe_key, text, status, created_at) values (?, ?, ?, ?, ?)"
                + " on conflict do nothing", team, dedupeKey, text, Status.PENDING.name(), utc(clock.instant())) == 1;
    }

    public Optional<SlackMessage> find(String team, String dedupeKey) {
        return jdbc.query("select * from slack_message where team = ? and dedupe_key = ?", (rs, i) -> map(rs), team, dedupeKey)
                .stream().findFirst();
    }

    public List<SlackMessage> findAll(Collection<Long> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        String marks = String.join(", ", ids.stream().map(id -> "?").toList());
        return jdbc.query("select * from slack_message where id in (" + marks + ") order by id", (rs, i) -> map(rs), ids.toArray());
    }

    /** The teams with messages waiting to be sent, or left SENDING by a node that stopped. */
    List<String> teamsWithPending() {
        return jdbc.queryForList("select distinct team from slack_message where status in (?, ?) order by team", String.class,
                Status.PENDING.name(), Status.SENDING.name());
    }

    /**
     * Takes the team's next delivery: its oldest pending message or, when more than {@code digestThreshold} were
     * enqueued within the window, up to {@code maxItems} of the oldest as one digest. Claimed rows are SENDING.
     */
    List<SlackMessage> claimNext(String team, int digestThreshold, Instant windowStart, int maxItems) {
        Integer recent = jdbc.queryForObject("select count(*) from slack_message where team = ? and status = ? and created_at >= ?",
                Integer.class, team, Status.PENDING.name(), utc(windowStart));
        int limit = recent != null && recent > digestThreshold ? maxItems : 1;
        var candidates = jdbc.query("select * from slack_message where team = ? and status = ? order by id limit ?", (rs, i) -> map(rs),
                team, Status.PENDING.name(), limit);
        var claimed = new ArrayList<SlackMessage>();
        LocalDateTime now = utc(clock.instant());
        for (SlackMessage message : candidates) {
            if (jdbc.update("update slack_message set status = ?, claimed_at = ? where id = ? and status = ?",
                    Status.SENDING.name(), now, message.id(), Status.PENDING.name()) == 1) {
                claimed.add(message);
            }
        }
        return claimed;
    }

    /**
     * Messages of the team left SENDING by a node that stopped in the middle of a delivery: pending again. Only the
     * holder of the team's lease calls this, so no other node is sending them.
     */
    int releaseInterrupted(String team) {
        return jdbc.update("update slack_message set status = ?, claimed_at = null where team = ? and status = ?",
                Status.PENDING.name(), team, Status.SENDING.name());
    }

    /** Claimed messages not sent this time (rate limited, Slack paused): back in the queue, in their order. */
    void release(Collection<Long> ids) {
        ids.forEach(id -> jdbc.update("update slack_message set status = ?, claimed_at = null where id = ? and status = ?",
                Status.PENDING.name(), id, Status.SENDING.name()));
    }

    void countAttempt(Collection<Long> ids) {
        ids.forEach(id -> jdbc.update("update slack_message set attempts = attempts + 1 where id = ?", id));
    }

    void markSent(Collection<Long> ids) {
        Integer digest = ids.size() > 1 ? ids.size() : null;
        LocalDateTime now = utc(clock.instant());
        ids.forEach(id -> jdbc.update("update slack_message set status = ?, sent_at = ?, digest_size = ?, claimed_at = null where id = ?",
                Status.SENT.name(), now, digest, id));
    }

    void markFailed(Collection<Long> ids, Long failedExchangeId) {
        ids.forEach(id -> jdbc.update("update slack_message set status = ?, failed_exchange_id = ?, claimed_at = null where id = ?",
                Status.FAILED.name(), failedExchangeId, id));
    }

    /** When the team's webhook may be posted to next (the epoch when it never was). */
    Instant nextPostAt(String team) {
        return jdbc.query("select next_post_at from slack_webhook_pace where team = ?", (rs, i) -> rs.getTimestamp(1), team).stream()
                .findFirst().map(SlackMessageStore::instant).orElse(Instant.EPOCH);
    }

    void setNextPostAt(String team, Instant at) {
        if (jdbc.update("update slack_webhook_pace set next_post_at = ? where team = ?", utc(at), team) == 0) {
            try {
                jdbc.update("insert into slack_webhook_pace (team, next_post_at) values (?, ?)", team, utc(at));
            } catch (DuplicateKeyException raced) {
                jdbc.update("update slack_webhook_pace set next_post_at = ? where team = ?", utc(at), team);
            }
        }
    }

    private static SlackMessage map(java.sql.ResultSet rs) throws java.sql.SQLException {
        return new SlackMessage(rs.getLong("id"), rs.getString("team"), rs.getString("dedupe_key"), rs.getString("text"),
                Status.valueOf(rs.getString("status")), rs.getInt("attempts"), instant(rs.getTimestamp("created_at")));
    }

    private static Instant instant(Timestamp timestamp) {
        return timestamp.toLocalDateTime().toInstant(ZoneOffset.UTC);
    }

    private static LocalDateTime utc(Instant instant) {
        return LocalDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
}

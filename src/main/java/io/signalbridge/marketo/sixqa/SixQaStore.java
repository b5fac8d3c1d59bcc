package io.signalbridge.marketo.sixqa;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Tables of the 6QA behaviour-scoring rule: its cursor on the account_score_event outbox, the durable timers
 * and the decisions. Each state change of a timer is one transaction together with the decision it records,
 * guarded by the claim it was made under, so a processor whose claim ran out cannot mark a timer another
 * processor has taken over.
 */
@Repository
public class SixQaStore {

    static final String CONSUMER = "marketo-six-qa";

    /** A 6QA start read from the outbox. */
    public record StartEvent(long id, String accountId, String qualifiedSince, Instant createdAt) {
    }

    public enum State {
        WAITING, CLAIMED, AWARDING, DONE
    }

    /** A timer as claimed: {@code state} is what it was before the claim (AWARDING: an award to recover). */
    public record Timer(long id, long eventId, String accountId, long leadId, String qualifiedSince, Instant dueAt, State state,
                        Instant claimedUntil, int attempts, Integer scoreBefore, Integer scoreAfter) {
    }

    public record Decision(long id, Long timerId, long eventId, String accountId, long leadId, SixQaDecision decision, String reason,
                           Integer points, Instant decidedAt) {
    }

    public record Page(List<Decision> decisions, int page, int size, long total) {
    }

    /** What enqueuing one 6QA start decided for one lead. */
    public record LeadOutcome(long leadId, SixQaDecision decision, String reason) {
    }

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transaction;

    public SixQaStore(JdbcTemplate jdbc, TransactionTemplate transaction) {
        this.jdbc = jdbc;
        this.transaction = transaction;
    }

    public long cursor() {
        return jdbc.query("select last_event_id from marketo_six_qa_cursor where consumer = ?", (rs, i) -> rs.getLong(1), CONSUMER)
                .stream().findFirst().orElse(0L);
    }

    /** Outbox events after the cursor, in id order, with whether each is a 6QA start. */
    public List<StartEvent> eventsAfter(long cursor, int limit, List<Long> allIds) {
        var starts = new ArrayList<StartEvent>();
        jdbc.query("select id, account_id, event_type, to_value, created_at from account_score_event where id > ? order by id limit ?", rs -> {
            allIds.add(rs.getLong(1));
            if ("QUALIFIED_STARTED".equals(rs.getString(3))) {
                starts.add(new StartEvent(rs.getLong(1), rs.getString(2), rs.getString(4), instant(rs.getObject(5, LocalDateTime.class))));
            }
        }, cursor, limit);
        return starts;
    }

    /**
     * In one transaction: a timer for every lead decided QUEUED (a lead with an open timer gets ALREADY_QUEUED
     * instead), the decisions, and the cursor moved to {@code upToEventId}. Fails, changing nothing, if another
     * processor moved the cursor since {@code fromCursor}. Returns the decisions recorded.
     */
    public List<SixQaDecision> enqueue(long fromCursor, long upToEventId, StartEvent event, List<LeadOutcome> outcomes, Instant dueAt,
                                       Instant now) {
        var recorded = new ArrayList<SixQaDecision>();
        transaction.executeWithoutResult(status -> {
            moveCursor(fromCursor, upToEventId, now);
            if (event == null) {
                return;
            }
            for (LeadOutcome outcome : outcomes) {
                if (outcome.decision() == SixQaDecision.QUEUED) {
                    Long open = jdbc.query("select id from marketo_six_qa_timer where open_lead_id = ?", (rs, i) -> rs.getLong(1), outcome.leadId())
                            .stream().findFirst().orElse(null);
                    if (open != null) {
                        insertDecision(null, event.id(), event.accountId(), outcome.leadId(), SixQaDecision.ALREADY_QUEUED,
                                "timer " + open + " of an earlier 6QA start is still waiting", null, now);
                        recorded.add(SixQaDecision.ALREADY_QUEUED);
                        continue;
                    }
                    jdbc.update("""
                            insert into marketo_six_qa_timer (event_id, account_id, lead_id, qualified_since, due_at, state, open_lead_id, created_at)
                            values (?, ?, ?, ?, ?, 'WAITING', ?, ?)""", event.id(), event.accountId(), outcome.leadId(), event.qualifiedSince(),
                            utc(dueAt), outcome.leadId(), utc(now));
                    Long timer = jdbc.queryForObject("select id from marketo_six_qa_timer where event_id = ? and lead_id = ?", Long.class,
                            event.id(), outcome.leadId());
                    insertDecision(timer, event.id(), event.accountId(), outcome.leadId(), SixQaDecision.QUEUED, outcome.reason(), null, now);
                } else {
                    insertDecision(null, event.id(), event.accountId(), outcome.leadId(), outcome.decision(), outcome.reason(), null, now);
                }
                recorded.add(outcome.decision());
            }
        });
        return recorded;
    }

    private void moveCursor(long from, long to, Instant now) {
        int moved = jdbc.update("update marketo_six_qa_cursor set last_event_id = ?, updated_at = ? where consumer = ? and last_event_id = ?",
                to, utc(now), CONSUMER, from);
        if (moved == 0) {
            if (from != 0 || cursor() != 0) {
                throw new ConcurrentCursorException(from);
            }
            // first event ever consumed; a concurrent first insert fails on the primary key and rolls back
            jdbc.update("insert into marketo_six_qa_cursor (consumer, last_event_id, updated_at) values (?, ?, ?)", CONSUMER, to, utc(now));
        }
    }

    /**
     * Claims up to {@code limit} timers: due WAITING ones, and CLAIMED / AWARDING ones whose claim ran out (a
     * processor died or could not finish), except those in {@code triedThisRun} (a timer that failed goes back
     * due, and is tried again on the next run, not over and over in this one). Rows another processor is
     * claiming are skipped, not waited for.
     */
    public List<Timer> claim(Instant now, int limit, Instant claimUntil, Collection<Long> triedThisRun) {
        String notTried = triedThisRun.isEmpty() ? ""
                : " and id not in (" + String.join(",", triedThisRun.stream().map(String::valueOf).toList()) + ")";
        return transaction.execute(status -> {
            List<Timer> timers = jdbc.query("""
                    select id, event_id, account_id, lead_id, qualified_since, due_at, state, claimed_until, attempts, score_before, score_after
                    from marketo_six_qa_timer
                    where ((state = 'WAITING' and due_at <= ?) or (state in ('CLAIMED', 'AWARDING') and claimed_until <= ?))"""
                    + notTried + """
                     order by due_at, id
                    limit ?
                    for update skip locked""", (rs, i) -> new Timer(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getLong(4),
                    rs.getString(5), instant(rs.getObject(6, LocalDateTime.class)), State.valueOf(rs.getString(7)),
                    instant(rs.getObject(8, LocalDateTime.class)), rs.getInt(9), (Integer) rs.getObject(10), (Integer) rs.getObject(11)),
                    utc(now), utc(now), limit);
            var claimed = new ArrayList<Timer>();
            for (Timer t : timers) {
                // an AWARDING timer stays AWARDING: the claim only hands its recovery to this processor
                State next = t.state() == State.AWARDING ? State.AWARDING : State.CLAIMED;
                jdbc.update("update marketo_six_qa_timer set state = ?, claimed_until = ?, attempts = attempts + 1 where id = ?",
                        next.name(), utc(claimUntil), t.id());
                claimed.add(new Timer(t.id(), t.eventId(), t.accountId(), t.leadId(), t.qualifiedSince(), t.dueAt(), t.state(), claimUntil,
                        t.attempts() + 1, t.scoreBefore(), t.scoreAfter()));
            }
            return claimed;
        });
    }

    /** Whether the lead was given 6QA points (or possibly given: unconfirmed) after {@code since}. */
    public boolean awardedSince(long leadId, Instant since) {
        Long n = jdbc.queryForObject("select count(*) from marketo_six_qa_decision where lead_id = ? and decision in ('AWARDED', 'AWARD_UNCONFIRMED') and decided_at > ?",
                Long.class, leadId, utc(since));
        return n != null && n > 0;
    }

    /** The final decision and the timer marked done, in one transaction. */
    public void finish(Timer timer, SixQaDecision decision, String reason, Integer points, Instant now) {
        transaction.executeWithoutResult(status -> {
            guardedUpdate(timer, "update marketo_six_qa_timer set state = 'DONE', open_lead_id = null, done_at = ?, claimed_until = null where id = ? and claimed_until = ?",
                    utc(now), timer.id(), utc(timer.claimedUntil()));
            insertDecision(timer.id(), timer.eventId(), timer.accountId(), timer.leadId(), decision, reason, points, now);
        });
    }

    /** A failure before anything was sent: the timer is WAITING again, due at once, and the failure is recorded. */
    public void release(Timer timer, String error, Instant now) {
        transaction.executeWithoutResult(status -> {
            guardedUpdate(timer, "update marketo_six_qa_timer set state = 'WAITING', claimed_until = null, last_error = ? where id = ? and claimed_until = ?",
                    error, timer.id(), utc(timer.claimedUntil()));
            insertDecision(timer.id(), timer.eventId(), timer.accountId(), timer.leadId(), SixQaDecision.FAILED,
                    error + "; the timer stays due and is tried again on the next run", null, now);
        });
    }

    /**
     * Written, and committed, before the points are sent: from here on a retry knows they may have arrived.
     * Returns the timer as it now is.
     */
    public Timer startAward(Timer timer, Integer scoreBefore, Integer scoreAfter) {
        guardedUpdate(timer, "update marketo_six_qa_timer set state = 'AWARDING', score_before = ?, score_after = ? where id = ? and claimed_until = ?",
                scoreBefore, scoreAfter, timer.id(), utc(timer.claimedUntil()));
        return new Timer(timer.id(), timer.eventId(), timer.accountId(), timer.leadId(), timer.qualifiedSince(), timer.dueAt(), State.AWARDING,
                timer.claimedUntil(), timer.attempts(), scoreBefore, scoreAfter);
    }

    /**
     * Sending the points failed in a way that leaves open whether they arrived: the timer stays AWARDING, its
     * claim ended now, so the next run recovers it by looking at the lead.
     */
    public void awardUncertain(Timer timer, String error, Instant now) {
        transaction.executeWithoutResult(status -> {
            guardedUpdate(timer, "update marketo_six_qa_timer set claimed_until = ?, last_error = ? where id = ? and claimed_until = ?",
                    utc(now), error, timer.id(), utc(timer.claimedUntil()));
            insertDecision(timer.id(), timer.eventId(), timer.accountId(), timer.leadId(), SixQaDecision.FAILED,
                    error + "; whether the points arrived is checked on the next run before anything is sent again", null, now);
        });
    }

    public List<Timer> openTimers(String accountId) {
        return jdbc.query("""
                select id, event_id, account_id, lead_id, qualified_since, due_at, state, claimed_until, attempts, score_before, score_after
                from marketo_six_qa_timer where state <> 'DONE' and (? is null or account_id = ?) order by due_at, id""",
                (rs, i) -> new Timer(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getLong(4), rs.getString(5),
                        instant(rs.getObject(6, LocalDateTime.class)), State.valueOf(rs.getString(7)), instant(rs.getObject(8, LocalDateTime.class)),
                        rs.getInt(9), (Integer) rs.getObject(10), (Integer) rs.getObject(11)), accountId, accountId);
    }

    public Page decisions(String accountId, Long leadId, SixQaDecision decision, int page, int size) {
        String where = " where (cast(? as varchar(64)) is null or account_id = ?) and (cast(? as bigint) is null or lead_id = ?)"
                + " and (cast(? as varchar(24)) is null or decision = ?)";
        String kind = decision == null ? null : decision.name();
        Object[] args = {accountId, accountId, leadId, leadId, kind, kind};
        Long total = jdbc.queryForObject("select count(*) from marketo_six_qa_decision" + where, Long.class, args);
        Object[] pageArgs = {accountId, accountId, leadId, leadId, kind, kind, size, (long) page * size};
        List<Decision> rows = jdbc.query("select id, timer_id, event_id, account_id, lead_id, decision, reason, points, decided_at from marketo_six_qa_decision"
                + where + " order by id desc limit ? offset ?", (rs, i) -> new Decision(rs.getLong(1), (Long) rs.getObject(2, Long.class),
                rs.getLong(3), rs.getString(4), rs.getLong(5), SixQaDecision.valueOf(rs.getString(6)), rs.getString(7),
                (Integer) rs.getObject(8, Integer.class), instant(rs.getObject(9, LocalDateTime.class))), pageArgs);
        return new Page(rows, page, size, total == null ? 0 : total);
    }

    private void guardedUpdate(Timer timer, String sql, Object... args) {
        if (jdbc.update(sql, args) != 1) {
            throw new IllegalStateException("6QA timer " + timer.id() + " was taken over by another processor (its claim ran out)");
        }
    }

    private void insertDecision(Long timerId, long eventId, String accountId, long leadId, SixQaDecision decision, String reason,
                                Integer points, Instant now) {
        jdbc.update("insert into marketo_six_qa_decision (timer_id, event_id, account_id, lead_id, decision, reason, points, decided_at) values (?, ?, ?, ?, ?, ?, ?, ?)",
                timerId, eventId, accountId, leadId, decision.name(), reason, points, utc(now));
    }

    private static Timestamp utc(Instant instant) {
        return instant == null ? null : Timestamp.valueOf(LocalDateTime.ofInstant(instant, ZoneOffset.UTC));
    }

    private static Instant instant(LocalDateTime time) {
        return time == null ? null : time.toInstant(ZoneOffset.UTC);
    }

    /** Another processor consumed the outbox events this one read. */
    public static class ConcurrentCursorException extends RuntimeException {
        ConcurrentCursorException(long from) {
            super("the 6QA cursor moved past " + from + " meanwhile (another processor); this run's enqueue is dropped");
        }
    }
}

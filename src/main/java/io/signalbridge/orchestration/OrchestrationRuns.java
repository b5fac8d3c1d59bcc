package io.signalbridge.orchestration;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import io.signalbridge.cluster.JobLeases;
import io.signalbridge.failures.FailedExchangeRecorder;
import io.signalbridge.orchestration.AccountAudience.Account;
import io.signalbridge.orchestration.AccountAudience.Person;
import io.signalbridge.orchestration.Orchestration.Action;
import io.signalbridge.orchestration.Orchestration.Target;
import io.signalbridge.orchestration.Orchestration.Trigger;
import io.signalbridge.orchestration.Orchestration.TriggerKind;
import io.signalbridge.orchestration.PlannedAction.Status;
import io.signalbridge.signals.SyncRuns;
import io.signalbridge.versioning.VersionedFiles.Active;

import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Runs the orchestrations. After every scoring run (routes/scoring.yaml) the events the run and its segment membership
 * run produced (account_score_event: stage changes and 6QA starts; segment_member_event: entries) are matched against
 * the enabled orchestrations; each match that passes the filters plans its actions, once per person and episode, and
 * the planned actions are done through the route orchestration-action, within each system's budget per cycle (the rest
 * wait for the next). A manual run plans for the accounts in the trigger's state now; a preview shows what a run would
 * plan and sends nothing. Cycles are recorded as sync runs of job {@code orchestrations}.
 */
@Component("orchestrationRuns")
public class OrchestrationRuns {

    public static final String JOB = "orchestrations";
    static final String SCORE_EVENTS = "account_score_event";
    static final String SEGMENT_EVENTS = "segment_member_event";
    private static final int EVENTS_PER_READ = 1_000;
    private static final Logger log = LoggerFactory.getLogger(OrchestrationRuns.class);

    /** Something that happened to an account (or is its state now) that a trigger may match. */
    record Occurrence(String accountId, TriggerKind kind, String fromStage, String toStage, String segment, String episode) {
    }

    /** One line of a preview: an action that a run would plan (or has planned already) for an account or person. */
    public record PreviewLine(String accountId, String accountName, String episode, int actionIndex, String action, String personId,
                              String personEmail, boolean alreadyPlanned) {
    }

    public record Preview(String orchestration, int version, int accounts, int actions, int alreadyPlanned, Map<String, Integer> bySystem,
                          List<PreviewLine> lines, boolean truncated) {
    }

    public record Summary(long runId, int occurrences, int planned, Map<String, Long> byOutcome) {
    }

    private final Orchestrations orchestrations;
    private final AccountAudience audience;
    private final OrchestrationActionStore store;
    private final OrchestrationProperties settings;
    private final SyncRuns runs;
    private final JdbcTemplate jdbc;
    private final ProducerTemplate camel;
    private final OrchestrationActions actions;
    private final JobLeases leases;
    private final Clock clock;

    public OrchestrationRuns(Orchestrations orchestrations, AccountAudience audience, OrchestrationActionStore store,
                             OrchestrationProperties settings, SyncRuns runs, JdbcTemplate jdbc, ProducerTemplate camel,
                             OrchestrationActions actions, JobLeases leases, Clock clock) {
        this.clock = clock;
        this.actions = actions;
        this.leases = leases;
        this.orchestrations = orchestrations;
        this.audience = audience;
        this.store = store;
        this.settings = settings;
        this.runs = runs;
        this.jdbc = jdbc;
        this.camel = camel;
    }

    /** The step after scoring and segment membership: the new events against the enabled orchestrations, then the pending actions. */
    public Summary afterScoring() {
        // while a manual run holds the lease, the new events wait in their outboxes for the next scoring run's turn
        var lease = leases.tryAcquire(JOB);
        if (lease.isEmpty()) {
            log.info("Orchestrations: a run is under way; the new events are evaluated after the next scoring run");
            return new Summary(0, 0, 0, Map.of());
        }
        try (var held = lease.get()) {
            return evaluateNewEvents();
        }
    }

    private Summary evaluateNewEvents() {
        long runId = runs.start(JOB, "after-scoring");
        try {
            List<Active<Orchestration>> enabled = orchestrations.enabled();
            int occurrences = 0;
            int planned = 0;
            for (Occurrence occurrence : newEvents()) {
                occurrences++;
                for (Active<Orchestration> orchestration : enabled) {
                    if (matches(orchestration.document().trigger(), occurrence)) {
                        planned += plan(orchestration, occurrence, "event");
                    }
                }
            }
            return finish(runId, occurrences, planned);
        } catch (RuntimeException e) {
            runs.finish(runId, SyncRuns.Status.FAILED, Map.of(), 0, null, e.getMessage());
            throw e;
        }
    }

    /** Plans the orchestration for every account in its trigger's state now (enabled or not: someone asked), then does the pending actions. */
    public Summary run(String name, String actor) {
        try (var held = leases.acquire(JOB)) {
            return runHoldingTheLease(name, actor);
        }
    }

    private Summary runHoldingTheLease(String name, String actor) {
        Active<Orchestration> orchestration = orchestrations.active(name).orElseThrow(() -> new UnknownOrchestrationException(name));
        long runId = runs.start(JOB + ":" + name, "api");
        log.info("Orchestration {} run by {}", name, actor);
        try {
            int occurrences = 0;
            int planned = 0;
            for (Occurrence occurrence : current(orchestration.document().trigger())) {
                occurrences++;
                planned += plan(orchestration, occurrence, "run");
            }
            return finish(runId, occurrences, planned);
        } catch (RuntimeException e) {
            runs.finish(runId, SyncRuns.Status.FAILED, Map.of(), 0, null, e.getMessage());
            throw e;
        }
    }

    /** What a run would plan now, nothing sent or stored: accounts, actions per system, the first lines. */
    public Preview preview(String name) {
        var active = orchestrations.active(name).orElseThrow(() -> new UnknownOrchestrationException(name));
        Orchestration orchestration = active.document();
        var lines = new ArrayList<PreviewLine>();
        Map<String, Integer> bySystem = new LinkedHashMap<>();
        int accounts = 0;
        int actions = 0;
        int alreadyPlanned = 0;
        for (Occurrence occurrence : current(orchestration.trigger())) {
            Account account = audience.account(occurrence.accountId()).filter(a -> audience.passes(a, orchestration.filters())).orElse(null);
            if (account == null) {
                continue;
            }
            accounts++;
            for (ActionFor target : targets(orchestration, account)) {
                Action action = target.action();
                boolean done = store.planned(name, action.index(), account.id(), target.personId(), occurrence.episode());
                actions++;
                alreadyPlanned += done ? 1 : 0;
                if (!done) {
                    bySystem.merge(action.type().system(), 1, Integer::sum);
                }
                if (lines.size() < settings.previewLimit()) {
                    lines.add(new PreviewLine(account.id(), account.name(), occurrence.episode(), action.index(), action.type().key(),
                            target.person() == null ? null : target.personId(), target.person() == null ? null : target.person().email(), done));
                }
            }
        }
        return new Preview(name, active.version(), accounts, actions, alreadyPlanned, bySystem, lines, actions > lines.size());
    }

    /** One action of an orchestration for an account: for the account itself ({@code person} null) or one of its people. */
    private record ActionFor(Action action, Person person) {
        String personId() {
            return person == null ? "" : person.id();
        }
    }

    /** What the orchestration does for an account that passed its filters: its actions, each per person where it acts on people. */
    private List<ActionFor> targets(Orchestration orchestration, Account account) {
        var targets = new ArrayList<ActionFor>();
        List<Person> people = null;
        for (Action action : orchestration.actions()) {
            if (action.type().target() == Target.ACCOUNT) {
                targets.add(new ActionFor(action, null));
                continue;
            }
            people = people == null ? audience.people(account.id(), orchestration.filters()) : people;
            people.forEach(person -> targets.add(new ActionFor(action, person)));
        }
        return targets;
    }

    /** Plans the actions for the occurrence's account under the version being evaluated; how many were new. */
    private int plan(Active<Orchestration> active, Occurrence occurrence, String startedBy) {
        Orchestration orchestration = active.document();
        Account account = audience.account(occurrence.accountId()).orElse(null);
        if (account == null || !audience.passes(account, orchestration.filters())) {
            return 0;
        }
        int planned = 0;
        for (ActionFor target : targets(orchestration, account)) {
            Action action = target.action();
            planned += store.plan(orchestration.name(), active.version(), action.index(), action.type().key(), account.id(), target.personId(),
                    occurrence.episode(), startedBy) ? 1 : 0;
        }
        return planned;
    }

    /** Does the pending actions, oldest first, each system up to its budget; finishes the run with the counts. */
    private Summary finish(long runId, int occurrences, int planned) {
        Map<String, Long> counts = new LinkedHashMap<>();
        Map<String, Integer> used = new HashMap<>();
        var calls = new AtomicInteger();
        for (PlannedAction action : store.pending(10_000)) {
            if ("event".equals(action.startedBy()) && orchestrations.active(action.orchestration())
                    .map(active -> !active.document().enabled()).orElse(true)) {
                counts.merge("held.disabled", 1L, Long::sum); // turned off since: its planned actions wait until it is on again
                continue;
            }
            String system = Orchestration.ActionType.of(action.actionType()).system();
            if (used.getOrDefault(system, 0) >= settings.budget(system)) {
                counts.merge(system + ".waiting", 1L, Long::sum);
                continue;
            }
            used.merge(system, 1, Integer::sum);
            Exchange done = camel.send("direct:orchestration-action", e -> {
                e.getIn().setHeader(FailedExchangeRecorder.FAILURE_KEY, "orchestration-action-" + action.id());
                e.getIn().setBody(action.id());
            });
            Integer actionCalls = done.getMessage().getHeader("orchestrationCalls", Integer.class);
            calls.addAndGet(actionCalls == null ? 0 : actionCalls);
            Status status = done.getProperty(FailedExchangeRecorder.RECORDED_AS) != null || done.getException() != null
                    ? Status.FAILED : done.getMessage().getBody(Status.class);
            counts.merge(action.actionType() + "." + (status == null ? "failed" : status.name().toLowerCase()), 1L, Long::sum);
        }
        counts.put("occurrences", (long) occurrences);
        counts.put("planned", (long) planned);
        boolean anyFailed = counts.keySet().stream().anyMatch(k -> k.endsWith(".failed"));
        runs.finish(runId, SyncRuns.Status.SUCCEEDED, counts, calls.get(), null,
                anyFailed ? "some actions failed: they are in the failed-exchange store" : null);
        if (planned > 0 || anyFailed) {
            log.info("Orchestrations: {} occurrence(s), {} action(s) planned; {}", occurrences, planned, counts);
        }
        return new Summary(runId, occurrences, planned, counts);
    }

    /** The route step: one planned action, its API calls in header orchestrationCalls. */
    public Status executeStep(long actionId, Exchange exchange) {
        var calls = new AtomicInteger();
        try {
            return actions.execute(actionId, calls);
        } finally {
            exchange.getMessage().setHeader("orchestrationCalls", calls.get());
        }
    }

    private boolean matches(Trigger trigger, Occurrence occurrence) {
        if (trigger.kind() != occurrence.kind()) {
            return false;
        }
        return switch (trigger.kind()) {
            case STAGE_CHANGED -> trigger.toStage().equals(occurrence.toStage())
                    && (trigger.fromStages().isEmpty() || trigger.fromStages().contains(occurrence.fromStage()));
            case SIX_QA_STARTED, INTENT_SURGE -> true;
            case SEGMENT_ENTERED -> trigger.segment().equals(occurrence.segment());
        };
    }

    /**
     * The events written since the last read, from both outboxes. The first read ever starts at their end: an
     * orchestration acts on what happens after it is deployed (a manual run covers the accounts already there).
     */
    private List<Occurrence> newEvents() {
        var occurrences = new ArrayList<Occurrence>();
        long scoreCursor = cursor(SCORE_EVENTS, "select coalesce(max(id), 0) from account_score_event");
        while (true) {
            long[] last = {scoreCursor};
            jdbc.query("""
                    select id, account_id, event_type, from_value, to_value, event_date from account_score_event
                    where id > ? and event_type in ('STAGE_CHANGED', 'QUALIFIED_STARTED', 'INTENT_SURGE') order by id limit ?""", rs -> {
                last[0] = rs.getLong("id");
                String account = rs.getString("account_id");
                String date = rs.getObject("event_date", LocalDate.class).toString();
                if ("STAGE_CHANGED".equals(rs.getString("event_type"))) {
                    String to = rs.getString("to_value");
                    occurrences.add(new Occurrence(account, TriggerKind.STAGE_CHANGED, rs.getString("from_value"), to, null,
                            "stage " + to + " " + date));
                } else if ("INTENT_SURGE".equals(rs.getString("event_type"))) {
                    occurrences.add(new Occurrence(account, TriggerKind.INTENT_SURGE, null, null, null, "intent surge " + date));
                } else {
                    occurrences.add(new Occurrence(account, TriggerKind.SIX_QA_STARTED, null, null, null, "6qa " + rs.getString("to_value")));
                }
            }, scoreCursor, EVENTS_PER_READ);
            if (last[0] == scoreCursor) {
                break;
            }
            scoreCursor = last[0];
        }
        store.moveCursor(SCORE_EVENTS, scoreCursor);
        long segmentCursor = cursor(SEGMENT_EVENTS, "select coalesce(max(id), 0) from segment_member_event");
        while (true) {
            long[] last = {segmentCursor};
            jdbc.query("""
                    select e.id, e.account_id, e.at, s.name from segment_member_event e join segment s on s.id = e.segment_id
                    where e.id > ? and e.event_type = 'ENTRY' and s.published order by e.id limit ?""", rs -> {
                last[0] = rs.getLong("id");
                occurrences.add(new Occurrence(rs.getString("account_id"), TriggerKind.SEGMENT_ENTERED, null, null, rs.getString("name"),
                        "segment " + rs.getString("name") + " " + rs.getTimestamp("at").toLocalDateTime().toLocalDate()));
            }, segmentCursor, EVENTS_PER_READ);
            if (last[0] == segmentCursor) {
                break;
            }
            segmentCursor = last[0];
        }
        store.moveCursor(SEGMENT_EVENTS, segmentCursor);
        return occurrences;
    }

    private long cursor(String outbox, String endQuery) {
        return store.cursor(outbox).orElseGet(() -> {
            long end = jdbc.queryForObject(endQuery, Long.class);
            store.moveCursor(outbox, end);
            return end;
        });
    }

    /** The accounts in the trigger's state now, each with the episode it is in (the same key an event of that episode gets). */
    private List<Occurrence> current(Trigger trigger) {
        return switch (trigger.kind()) {
            case STAGE_CHANGED -> jdbc.query("""
                    select e.account_id, e.from_value, e.event_date from account_score_event e
                    join account_score s on s.account_id = e.account_id and s.buying_stage = e.to_value
                    where e.event_type = 'STAGE_CHANGED' and e.to_value = ?
                      and e.id = (select max(x.id) from account_score_event x where x.account_id = e.account_id and x.event_type = 'STAGE_CHANGED')
                    order by e.account_id""", (rs, i) -> new Occurrence(rs.getString(1), TriggerKind.STAGE_CHANGED, rs.getString(2),
                    trigger.toStage(), null, "stage " + trigger.toStage() + " " + rs.getObject(3, LocalDate.class)), trigger.toStage())
                    .stream().filter(o -> trigger.fromStages().isEmpty() || trigger.fromStages().contains(o.fromStage())).toList();
            case SIX_QA_STARTED -> jdbc.query("select account_id, qualified_since from account_score where qualified order by account_id",
                    (rs, i) -> new Occurrence(rs.getString(1), TriggerKind.SIX_QA_STARTED, null, null, null,
                            "6qa " + rs.getObject(2, LocalDate.class)));
            // a surge is an event, not a state: the accounts whose intent surged within the last week, each its latest surge
            case INTENT_SURGE -> jdbc.query("""
                    select account_id, max(event_date) from account_score_event
                    where event_type = 'INTENT_SURGE' and event_date >= ? group by account_id order by account_id""",
                    (rs, i) -> new Occurrence(rs.getString(1), TriggerKind.INTENT_SURGE, null, null, null,
                            "intent surge " + rs.getObject(2, LocalDate.class)), LocalDate.now(clock.withZone(ZoneOffset.UTC)).minusDays(7));
            case SEGMENT_ENTERED -> jdbc.query("""
                    select m.account_id, m.entered_at from segment_member m join segment s on s.id = m.segment_id
                    where s.published and s.name = ? order by m.account_id""", (rs, i) -> new Occurrence(rs.getString(1),
                    TriggerKind.SEGMENT_ENTERED, null, null, trigger.segment(), "segment " + trigger.segment() + " "
                    + rs.getObject(2, Timestamp.class).toLocalDateTime().toLocalDate()), trigger.segment());
        };
    }

    /** No orchestration of that name has an active version. */
    public static class UnknownOrchestrationException extends RuntimeException {
        public UnknownOrchestrationException(String name) {
            super("no orchestration named " + name);
        }
    }
}

package io.signalbridge.marketo.sixqa;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.JsonNode;

import io.signalbridge.cluster.JobLeases;
import io.signalbridge.marketo.MarketoApiException;
import io.signalbridge.marketo.MarketoQuota;
import io.signalbridge.marketo.MarketoQuotaExceededException;
import io.signalbridge.marketo.sixqa.SixQaScoringProperties.Action;
import io.signalbridge.marketo.sixqa.SixQaScoringProperties.Filter;
import io.signalbridge.marketo.sixqa.SixQaStore.LeadOutcome;
import io.signalbridge.marketo.sixqa.SixQaStore.StartEvent;
import io.signalbridge.marketo.sixqa.SixQaStore.State;
import io.signalbridge.marketo.sixqa.SixQaStore.Timer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Step bean of routes/marketo-six-qa.yaml: one run of the 6QA behaviour-scoring rule. First the 6QA starts
 * written to the account_score_event outbox since the rule's own cursor: each identified lead of the account
 * that passes the filters gets a timer due {@code waitTime} after the event, in the transaction that moves the
 * cursor. Then the due timers, claimed up to 100 at a time: their leads are read again in one call and each
 * gets no points (excluded status, within the limit window, gone from Marketo) or gets them through the
 * configured action, one call for the whole claim.
 * <p>
 * Never twice: the decision and the timer's end are one transaction. Before points are sent the timer is
 * marked AWARDING (committed), with, for write-field, the score read and the score to write. If the send
 * fails with a Marketo refusal, nothing arrived and the timer is due again. If it fails without an answer, or
 * the final mark fails, the timer stays AWARDING and the next claim recovers it from the lead's score: at
 * the value written, the points arrived (marked AWARDED); at the value read, they did not (sent again); else
 * it cannot be told and nothing more is sent (AWARD_UNCONFIRMED). A campaign request cannot be checked
 * that way, so a recovered one is never sent again (AWARD_UNCONFIRMED).
 */
@Component("marketoSixQaScoring")
public class SixQaScoring {

    private static final Logger log = LoggerFactory.getLogger(SixQaScoring.class);
    static final int EVENTS_PER_READ = 200;
    /** Request Campaign takes at most 100 leads a call, Sync Leads 300, a lead read 300 ids. */
    static final int TIMERS_PER_CLAIM = 100;

    /** What one run did. */
    public record RunSummary(int events, Map<SixQaDecision, Integer> decisions, int apiCalls, String stoppedBy) {
    }

    private final SixQaScoringProperties settings;
    private final SixQaStore store;
    private final SixQaLeads leads;
    private final SixQaAwards awards;
    private final MarketoQuota quota;
    private final Clock clock;
    /** The job name of its lease. */
    public static final String JOB = "marketo-six-qa";
    private JobLeases leases = JobLeases.inProcess();

    public SixQaScoring(SixQaScoringProperties settings, SixQaStore store, SixQaLeads leads, SixQaAwards awards, MarketoQuota quota,
                        Clock clock) {
        this.settings = settings;
        this.store = store;
        this.leads = leads;
        this.awards = awards;
        this.quota = quota;
        this.clock = clock;
    }

    /** The run guard across nodes (the service's: job_lease rows); a rule built by hand guards this JVM only. */
    @org.springframework.beans.factory.annotation.Autowired(required = false)
    public void setJobLeases(JobLeases leases) {
        this.leases = leases;
    }

    /** Whether a run is going on, on this node or another. */
    public boolean isRunning() {
        return leases.isHeld(JOB);
    }

    /** For run-now: takes the lease for the run the caller starts next (false: one is running). */
    public boolean reserve() {
        return leases.reserve(JOB);
    }

    /** One run (skipped, returning null, while another runs, on this node or another). */
    public RunSummary run(String trigger) {
        var lease = leases.tryAcquire(JOB, trigger);
        if (lease.isEmpty()) {
            log.info("Marketo 6QA scoring is still running; this {} trigger is skipped", trigger);
            return null;
        }
        var decisions = new EnumMap<SixQaDecision, Integer>(SixQaDecision.class);
        var calls = new AtomicInteger();
        int events = 0;
        String stoppedBy = null;
        try {
            var parked = quota.parkedUntil();
            if (parked.isPresent()) {
                throw new MarketoQuotaExceededException(parked.get());
            }
            events = enqueueStarts(decisions, calls);
            processDueTimers(decisions, calls);
        } catch (MarketoQuotaExceededException e) {
            stoppedBy = e.getMessage() + "; timers stay due and the next run after the reset goes on";
        } catch (RuntimeException e) {
            stoppedBy = e.getMessage();
            log.warn("Marketo 6QA scoring run stopped: {}", e.getMessage());
        } finally {
            lease.get().close();
        }
        var summary = new RunSummary(events, decisions, calls.get(), stoppedBy);
        log.info("Marketo 6QA scoring ({}): {} outbox events, decisions {}, {} Marketo calls{}", trigger, events, decisions, calls.get(),
                stoppedBy == null ? "" : "; stopped: " + stoppedBy);
        return summary;
    }

    private int enqueueStarts(Map<SixQaDecision, Integer> decisions, AtomicInteger calls) {
        int read = 0;
        long cursor = store.cursor();
        while (true) {
            var ids = new ArrayList<Long>();
            List<StartEvent> starts = store.eventsAfter(cursor, EVENTS_PER_READ, ids);
            if (ids.isEmpty()) {
                return read;
            }
            read += ids.size();
            Set<String> accounts = new LinkedHashSet<>();
            starts.forEach(s -> accounts.add(s.accountId()));
            Map<String, List<SixQaLeads.AccountLead>> leadsByAccount = starts.isEmpty() ? Map.of()
                    : leads.leadsOf(accounts, leads.resolvedByPull(accounts), calls);
            for (StartEvent start : starts) {
                List<LeadOutcome> outcomes = outcomes(start, leadsByAccount.getOrDefault(start.accountId(), List.of()));
                Instant now = clock.instant();
                store.enqueue(cursor, start.id(), start, outcomes, start.createdAt().plus(settings.waitTime()), now)
                        .forEach(d -> decisions.merge(d, 1, Integer::sum));
                cursor = start.id();
            }
            long last = ids.get(ids.size() - 1);
            if (last > cursor) {
                store.enqueue(cursor, last, null, List.of(), null, clock.instant());
                cursor = last;
            }
        }
    }

    private List<LeadOutcome> outcomes(StartEvent start, List<SixQaLeads.AccountLead> accountLeads) {
        var outcomes = new ArrayList<LeadOutcome>();
        Instant due = start.createdAt().plus(settings.waitTime());
        for (SixQaLeads.AccountLead lead : accountLeads) {
            if (lead.fields() == null) {
                outcomes.add(new LeadOutcome(lead.id(), SixQaDecision.LEAD_NOT_FOUND,
                        "resolved to the account by the activity pull, but Marketo no longer has the lead"));
                continue;
            }
            Filter failed = settings.filters().stream().filter(f -> !f.passes(lead.fields())).findFirst().orElse(null);
            if (failed != null) {
                outcomes.add(new LeadOutcome(lead.id(), SixQaDecision.FILTERED_OUT, "filter '" + failed + "' not passed (value '"
                        + lead.fields().path(failed.field()).asText("") + "')"));
            } else {
                outcomes.add(new LeadOutcome(lead.id(), SixQaDecision.QUEUED, "6QA since " + start.qualifiedSince() + ", lead identified via "
                        + lead.via() + "; re-checked at " + due.atOffset(ZoneOffset.UTC)));
            }
        }
        return outcomes;
    }

    private void processDueTimers(Map<SixQaDecision, Integer> decisions, AtomicInteger calls) {
        int done = 0;
        Set<Long> tried = new HashSet<>();
        while (done < settings.timersPerRun()) {
            Instant now = clock.instant();
            List<Timer> claimed = store.claim(now, Math.min(TIMERS_PER_CLAIM, settings.timersPerRun() - done),
                    now.plus(settings.claimTimeout()), tried);
            if (claimed.isEmpty()) {
                return;
            }
            claimed.forEach(t -> tried.add(t.id()));
            var batch = new Batch(claimed, decisions, calls);
            try {
                claimed.stream().filter(t -> t.state() == State.AWARDING).forEach(batch::recover);
                batch.decide(claimed.stream().filter(t -> t.state() != State.AWARDING).toList());
            } catch (MarketoQuotaExceededException parked) {
                // no Marketo call is possible before the reset: what this claim has not settled goes back
                batch.putBack(parked.getMessage());
                throw parked;
            }
            done += claimed.size();
        }
    }

    /**
     * One claim of timers, decided together: their leads are read in one call (up to 300 ids) and the points
     * sent in one (Sync Leads takes 300 records, Request Campaign 100 leads; a claim is at most 100 timers).
     */
    private final class Batch {
        final List<Timer> claimed;
        final Set<Long> settled = new HashSet<>();
        final Map<SixQaDecision, Integer> decisions;
        final AtomicInteger calls;

        Batch(List<Timer> claimed, Map<SixQaDecision, Integer> decisions, AtomicInteger calls) {
            this.claimed = claimed;
            this.decisions = decisions;
            this.calls = calls;
        }

        void decide(List<Timer> fresh) {
            if (fresh.isEmpty()) {
                return;
            }
            Map<Long, JsonNode> current;
            try {
                current = leads.leads(fresh.stream().map(Timer::leadId).toList(), calls);
            } catch (MarketoQuotaExceededException e) {
                throw e;
            } catch (RuntimeException e) {
                fresh.forEach(t -> release(t, "reading the lead failed: " + e.getMessage()));
                return;
            }
            Instant now = clock.instant();
            Instant windowStart = now.atOffset(ZoneOffset.UTC).minus(settings.limitWindow()).toInstant();
            var toAward = new ArrayList<Timer>();
            var statuses = new HashMap<Long, String>();
            for (Timer timer : fresh) {
                JsonNode lead = current.get(timer.leadId());
                if (lead == null) {
                    finish(timer, SixQaDecision.LEAD_NOT_FOUND, "Marketo no longer has lead " + timer.leadId(), null);
                    continue;
                }
                String status = lead.path(settings.statusField()).asText(null);
                if (settings.excluded(status)) {
                    finish(timer, SixQaDecision.EXCLUDED_STATUS, settings.statusField() + " is '" + status + "', in the excluded list", null);
                } else if (store.awardedSince(timer.leadId(), windowStart)) {
                    finish(timer, SixQaDecision.WITHIN_LIMIT, "6QA points already given since " + windowStart.atOffset(ZoneOffset.UTC)
                            + " (limit window " + settings.limitWindow() + ")", null);
                } else {
                    Integer before = null;
                    Integer after = null;
                    if (settings.action() == Action.WRITE_FIELD) {
                        before = lead.path(settings.scoreField()).asInt(0);
                        after = before + settings.points();
                    }
                    statuses.put(timer.leadId(), status);
                    toAward.add(store.startAward(timer, before, after));
                }
            }
            send(toAward, statuses, null);
        }

        /** Sends the points of timers already marked AWARDING, and settles each by Marketo's answer. */
        void send(List<Timer> awarding, Map<Long, String> statuses, String recoveryNote) {
            if (awarding.isEmpty()) {
                return;
            }
            List<String> refusals;
            try {
                refusals = awarding.get(0).scoreAfter() != null
                        ? awards.writeScores(awarding, calls)
                        : awards.requestCampaign(awarding.stream().map(Timer::leadId).toList(), settings.points(), calls);
            } catch (MarketoQuotaExceededException e) {
                throw e;
            } catch (MarketoApiException e) {
                if (e.code() != null) {
                    // Marketo refused the request: nothing changed, so it may be sent again later
                    awarding.forEach(t -> release(t, "sending the points failed: " + e.getMessage()));
                } else {
                    awarding.forEach(t -> uncertain(t, "sending the points got no answer: " + e.getMessage()));
                }
                return;
            } catch (RuntimeException e) {
                awarding.forEach(t -> uncertain(t, "sending the points failed: " + e.getMessage()));
                return;
            }
            for (int i = 0; i < awarding.size(); i++) {
                Timer timer = awarding.get(i);
                if (refusals.get(i) != null) {
                    release(timer, "Marketo did not take the points: " + refusals.get(i));
                    continue;
                }
                String status = statuses.get(timer.leadId());
                String how = timer.scoreAfter() != null
                        ? settings.scoreField() + " " + timer.scoreBefore() + " -> " + timer.scoreAfter()
                        : "campaign " + settings.campaignId() + " requested with " + settings.pointsToken() + " = " + settings.points();
                finish(timer, SixQaDecision.AWARDED, "+" + settings.points() + " points: " + how
                        + (status == null ? "" : " (" + settings.statusField() + " '" + status + "')")
                        + (recoveryNote == null ? "" : "; " + recoveryNote), settings.points());
            }
        }

        void recover(Timer timer) {
            if (timer.scoreAfter() == null) {
                finish(timer, SixQaDecision.AWARD_UNCONFIRMED, "an earlier attempt requested the campaign but its outcome was not"
                        + " recorded; not requested again, so the points are never given twice: check the lead's activity log in Marketo", null);
                return;
            }
            JsonNode lead;
            try {
                lead = leads.lead(timer.leadId(), calls).orElse(null);
            } catch (MarketoQuotaExceededException e) {
                throw e;
            } catch (RuntimeException e) {
                uncertain(timer, "reading the lead to check an earlier award failed: " + e.getMessage());
                return;
            }
            if (lead == null) {
                finish(timer, SixQaDecision.LEAD_NOT_FOUND, "Marketo no longer has lead " + timer.leadId(), null);
                return;
            }
            int current = lead.path(settings.scoreField()).asInt(0);
            int points = timer.scoreAfter() - timer.scoreBefore();
            if (current == timer.scoreAfter()) {
                finish(timer, SixQaDecision.AWARDED, "+" + points + " points: the earlier write had reached Marketo (" + settings.scoreField()
                        + " is " + current + "); recorded now, not written again", points);
            } else if (current == timer.scoreBefore()) {
                var status = new HashMap<Long, String>();
                status.put(timer.leadId(), lead.path(settings.statusField()).asText(null));
                send(List.of(timer), status, "the earlier write had not reached Marketo; written now");
            } else {
                finish(timer, SixQaDecision.AWARD_UNCONFIRMED, settings.scoreField() + " is " + current + ", neither the " + timer.scoreBefore()
                        + " read nor the " + timer.scoreAfter() + " written by an earlier attempt whose outcome was not recorded: it changed"
                        + " meanwhile, so whether the points arrived cannot be told; not written again", null);
            }
        }

        /** After a 607: timers not yet settled go back (due again; AWARDING ones to be checked first). */
        void putBack(String error) {
            for (Timer timer : claimed) {
                if (!settled.contains(timer.id())) {
                    if (timer.state() == State.AWARDING) {
                        uncertain(timer, error);
                    } else {
                        // never sent, or refused by the 607 itself: nothing reached Marketo
                        release(timer, error);
                    }
                }
            }
        }

        void finish(Timer timer, SixQaDecision decision, String reason, Integer points) {
            store.finish(timer, decision, reason, points, clock.instant());
            settle(timer, decision);
        }

        void release(Timer timer, String error) {
            store.release(timer, error, clock.instant());
            settle(timer, SixQaDecision.FAILED);
        }

        void uncertain(Timer timer, String error) {
            store.awardUncertain(timer, error, clock.instant());
            settle(timer, SixQaDecision.FAILED);
        }

        private void settle(Timer timer, SixQaDecision decision) {
            settled.add(timer.id());
            decisions.merge(decision, 1, Integer::sum);
        }
    }

}

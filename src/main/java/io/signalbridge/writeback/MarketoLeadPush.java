package io.signalbridge.writeback;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.signalbridge.alerts.Alerts;
import io.signalbridge.failures.ExternalSystemGuard;
import io.signalbridge.failures.ExternalSystemGuard.SystemPausedException;
import io.signalbridge.failures.FailedExchangeStore;
import io.signalbridge.failures.SecretRedaction;
import io.signalbridge.mapping.Mapping;
import io.signalbridge.mapping.MappingService;
import io.signalbridge.marketo.MarketoClient;
import io.signalbridge.marketo.MarketoQuota;
import io.signalbridge.marketo.MarketoQuotaExceededException;
import io.signalbridge.signals.SyncRuns;
import io.signalbridge.signals.SyncRuns.Status;
import io.signalbridge.writeback.MappedValues.ScoredRecord;
import io.signalbridge.writeback.SalesforceWrites.RecordResult;
import io.signalbridge.writeback.WritebackDiff.Outcome;
import io.signalbridge.writeback.WrittenState.Change;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Step bean of routes/marketo-lead-push.yaml: pushes the scores to Marketo leads through the active
 * {@code marketo-lead} mapping, with the Salesforce write-back's diff and written state (target {@code marketo:Lead}).
 * A first pass streams every linked lead's person and account scores, stages only changed leads with only their
 * changed fields; the second pass sends them with Sync Leads, 300 a call. A lead Marketo updated is marked written;
 * a lead it skipped (1003 invalid value, 1004 deleted, ...) is blocked and kept as one failed exchange, replayable,
 * while the rest of the batch goes on; a call that fails leaves its leads unwritten for the next run. A 607 parks
 * the run (PARKED), an open Marketo circuit pauses it (PAUSED): what is not written yet is sent by the next run.
 */
@Component("marketoLeadPush")
public class MarketoLeadPush extends WritebackJob {

    public static final String JOB = "marketo-lead-push";
    /** The route a lead Marketo refused is replayed through. */
    public static final String RECORD_ROUTE = "marketo-lead-push-record";
    private static final WritebackSteps.Refusals SYNC_LEADS = new WritebackSteps.Refusals(RECORD_ROUTE, "Sync Leads updateOnly");
    private static final String SYSTEM_NAME = "Marketo";
    private static final Logger log = LoggerFactory.getLogger(MarketoLeadPush.class);

    private final MarketoPushProperties settings;
    private final MappingService mappings;
    private final MappedValues values;
    private final WrittenState state;
    private final MarketoLeadWrites writes;
    private final SyncRuns runs;
    private final MarketoQuota quota;
    private final ExternalSystemGuard guard;
    private final Alerts alerts;
    private final WritebackSteps steps;

    public MarketoLeadPush(MarketoPushProperties settings, MappingService mappings, MappedValues values, WrittenState state,
                           MarketoLeadWrites writes, FailedExchangeStore failures, SyncRuns runs, ObjectMapper json, MarketoQuota quota,
                           ExternalSystemGuard guard, Alerts alerts) {
        super(JOB);
        this.settings = settings;
        this.mappings = mappings;
        this.values = values;
        this.state = state;
        this.writes = writes;
        this.runs = runs;
        this.quota = quota;
        this.guard = guard;
        this.alerts = alerts;
        this.steps = new WritebackSteps(values, state, failures, json);
    }

    private Optional<MappingService.Active> active() {
        return mappings.active(settings.mapping()).filter(a -> MarketoClient.SYSTEM.equals(a.mapping().system()));
    }

    private Optional<Mapping> activeMapping() {
        return active().map(MappingService.Active::mapping);
    }

    @Override
    protected Optional<RunResult> runOnce(String trigger) {
        if (!settings.enabled()) {
            return Optional.empty();
        }
        Optional<MappingService.Active> mapping = active();
        if (mapping.isEmpty()) {
            log.info("Marketo lead push: no active Marketo mapping {}; nothing pushed", settings.mapping());
            return Optional.empty();
        }
        long runId = runs.start(JOB, trigger);
        var run = new WritebackRun(runId, 1.0);
        var calls = new AtomicInteger();
        try {
            push(mapping.get().mapping(), mapping.get().version(), run, calls,
                    changedSince(trigger, runId, runs, mappings, settings.mapping(), settings.changeOverlap()));
            runs.finish(runId, Status.SUCCEEDED, run.counts, run.apiCalls, null, null);
            return Optional.of(new RunResult(runId, null));
        } catch (MarketoQuotaExceededException parked) {
            run.callsMade(calls.get());
            log.warn("Marketo lead push run {}: {}", runId, parked.getMessage());
            runs.finish(runId, Status.PARKED, run.counts, run.apiCalls, null,
                    parked.getMessage() + "; the next run after the reset pushes what is still unwritten");
            alerts.apiBudgetReached(MarketoClient.SYSTEM, "Lead push run " + runId + ": " + parked.getMessage());
            return Optional.of(new RunResult(runId, null));
        } catch (SystemPausedException paused) {
            run.callsMade(calls.get());
            log.warn("Marketo lead push run {} paused: {}", runId, paused.getMessage());
            runs.finish(runId, Status.PAUSED, run.counts, run.apiCalls, null,
                    paused.getMessage() + "; the next run pushes what is still unwritten");
            return Optional.of(new RunResult(runId, null));
        } catch (RuntimeException e) {
            run.callsMade(calls.get());
            log.warn("Marketo lead push run {} failed: {}", runId, SecretRedaction.mask(e.getMessage()));
            runs.finish(runId, Status.FAILED, run.counts, run.apiCalls, null, SecretRedaction.mask(e.getMessage()));
            return Optional.of(new RunResult(runId, e));
        }
    }

    private void push(Mapping mapping, int version, WritebackRun run, AtomicInteger calls, Instant changedSince) {
        quota.parkedUntil().ifPresent(resetsAt -> {
            throw new MarketoQuotaExceededException(resetsAt);
        });
        guard.pausedUntil(MarketoClient.SYSTEM).ifPresent(until -> {
            throw new SystemPausedException(MarketoClient.SYSTEM, until);
        });
        String name = settings.mapping();
        String target = SalesforceWriteback.target(mapping);
        state.clearPending(target);
        try {
            // fill-if-blank fields need the lead's own value: read back by id, counted on the run
            long changed = steps.stage(mapping, target, run, (object, fields, ids, r) -> {
                try {
                    return writes.read(fields, ids, calls);
                } finally {
                    r.callsMade(calls.get());
                }
            }, changedSince);
            runs.progress(run.id, run.counts, run.apiCalls, null);
            if (changed == 0) {
                return;
            }
            String after = null;
            while (true) {
                List<Change> page = state.pendingPage(run.id, target, after, settings.batchSize());
                if (page.isEmpty()) {
                    return;
                }
                List<RecordResult> results;
                try {
                    results = writes.update(page, calls);
                } finally {
                    run.callsMade(calls.get());
                }
                run.add(mapping.object(), "writeCalls", 1);
                var byId = new HashMap<String, Change>();
                page.forEach(c -> byId.put(c.recordId(), c));
                steps.settle(name, version, mapping.object(), target, results, byId, SYNC_LEADS, run);
                after = page.get(page.size() - 1).recordId();
                runs.progress(run.id, run.counts, run.apiCalls, null);
            }
        } finally {
            state.clearPending(target);
        }
    }

    // ---- replay of one lead Marketo refused

    /**
     * The step of the replay route: the lead is unblocked and its current mapped values are diffed and sent in one
     * call, under the mapping version the replay chose (the active one by default, so a mapping fixed since is used;
     * or the failed run's, if it still validates). Refused again: it throws, so the failed exchange stays FAILED with
     * the new reason, and the lead is blocked again.
     */
    public String replayRecord(String payload, String mappingVersionChoice) {
        var request = steps.replayRequest(payload);
        String id = request.id();
        Mapping mapping = steps.replayMapping(mappings, request, mappingVersionChoice, MarketoClient.SYSTEM);
        String target = SalesforceWriteback.target(mapping);
        state.unblock(target, id);
        var found = new ArrayList<ScoredRecord>();
        values.forEach(mapping, target, false, id, found::add);
        if (found.isEmpty()) {
            return "no scores for lead " + id + " any more: nothing to push";
        }
        var result = WritebackDiff.diff(mapping, found.get(0), null);
        if (result.outcome() != Outcome.CHANGED) {
            return "nothing to push for lead " + id;
        }
        RecordResult outcome = writes.update(List.of(result.change()), new AtomicInteger()).get(0);
        if (outcome.success()) {
            state.markWritten(target, List.of(result.change()));
            return "pushed lead " + id;
        }
        state.block(target, id, outcome.errorCode());
        throw new RecordRejectedException(SYSTEM_NAME, mapping.object(), id, outcome.errorCode(), outcome.message());
    }

    // ---- preview

    /** What a push would send under the active mapping (empty: none active), without calling Marketo. */
    public Optional<WritebackPreview> preview() {
        return activeMapping().map(mapping -> preview(settings.mapping(), mapping));
    }

    /** What a push would send under {@code mapping} (e.g. a candidate version not yet active). */
    public WritebackPreview preview(String name, Mapping mapping) {
        return steps.preview(name, mapping, SalesforceWriteback.target(mapping), settings.previewSample(), Long.MAX_VALUE);
    }
}

package io.signalbridge.writeback;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import io.signalbridge.cluster.JobLeases;
import io.signalbridge.failures.SecretRedaction;
import io.signalbridge.mapping.Mapping;
import io.signalbridge.mapping.Mapping.FieldMapping;
import io.signalbridge.mapping.MappingService;
import io.signalbridge.marketo.MarketoClient;
import io.signalbridge.marketo.MarketoQuota;
import io.signalbridge.signals.SyncRuns;
import io.signalbridge.signals.SyncRuns.Status;
import io.signalbridge.writeback.WrittenState.State;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Drift reconciliation of the Marketo lead push (routes/marketo-lead-push.yaml, daily by default), as the Salesforce
 * write-back has it: reads the pushed fields of every pushed lead back (Get Leads by id, 300 a call), forgets the
 * values that differ from what was last pushed (edited in Marketo, overwritten by another integration or a smart
 * campaign), and the push that follows sends them again. A fill-if-blank field counts as drifted only when it became
 * blank; a lead no longer in Marketo is left to the push (1004). Job marketo-lead-push-drift reports
 * {@code Lead.checked} / {@code Lead.drifted}.
 */
@Component("marketoLeadDrift")
public class MarketoLeadDrift {

    public static final String JOB = "marketo-lead-push-drift";
    private static final Logger log = LoggerFactory.getLogger(MarketoLeadDrift.class);

    private final MarketoPushProperties settings;
    private final MappingService mappings;
    private final WrittenState state;
    private final MarketoLeadWrites leads;
    private final MarketoQuota quota;
    private final SyncRuns runs;
    private JobLeases leases = JobLeases.inProcess();

    public MarketoLeadDrift(MarketoPushProperties settings, MappingService mappings, WrittenState state, MarketoLeadWrites leads,
                            MarketoQuota quota, SyncRuns runs) {
        this.settings = settings;
        this.mappings = mappings;
        this.state = state;
        this.leads = leads;
        this.quota = quota;
        this.runs = runs;
    }

    /** The run guard across nodes (the service's: job_lease rows); a reconciliation built by hand guards this JVM only. */
    @org.springframework.beans.factory.annotation.Autowired(required = false)
    public void setJobLeases(JobLeases leases) {
        this.leases = leases;
    }

    /** One reconciliation; the number of drifted leads, or null when none ran (one running, no mapping, quota parked). */
    public Long reconcile(String trigger) {
        Optional<Mapping> active = mappings.active(settings.mapping()).map(MappingService.Active::mapping)
                .filter(m -> MarketoClient.SYSTEM.equals(m.system()));
        if (!settings.enabled() || active.isEmpty() || quota.parkedUntil().isPresent()) {
            return null;
        }
        var lease = leases.tryAcquire(JOB, trigger);
        if (lease.isEmpty()) {
            log.info("Marketo drift reconciliation still running; this {} trigger is skipped", trigger);
            return null;
        }
        try (var held = lease.get()) {
            return reconcile(active.get(), trigger);
        }
    }

    private long reconcile(Mapping mapping, String trigger) {
        long runId = runs.start(JOB, trigger);
        var run = new WritebackRun(runId, 1.0);
        var calls = new AtomicInteger();
        try {
            long drifted = reconcile(mapping, run, calls);
            runs.finish(runId, Status.SUCCEEDED, run.counts, run.apiCalls, null, null);
            log.info("Marketo drift reconciliation: {} lead(s) drifted from what was last pushed", drifted);
            return drifted;
        } catch (RuntimeException e) {
            run.callsMade(calls.get());
            runs.finish(runId, Status.FAILED, run.counts, run.apiCalls, null, SecretRedaction.mask(e.getMessage()));
            throw e;
        }
    }

    private long reconcile(Mapping mapping, WritebackRun run, AtomicInteger calls) {
        String target = SalesforceWriteback.target(mapping);
        List<FieldMapping> fields = mapping.enabledFields();
        var targets = new java.util.LinkedHashSet<String>();
        fields.forEach(f -> targets.add(f.target()));
        run.add(mapping.object(), "checked", 0);
        run.add(mapping.object(), "drifted", 0);
        long drifted = 0;
        String after = null;
        while (true) {
            List<State> page = state.writtenPage(target, after, MarketoLeadWrites.MAX_LEADS_PER_CALL);
            if (page.isEmpty()) {
                return drifted;
            }
            var current = leads.read(targets, page.stream().map(State::recordId).toList(), calls);
            run.callsMade(calls.get());
            for (State written : page) {
                var theirs = current.get(written.recordId());
                if (theirs == null) {
                    continue;
                }
                run.add(mapping.object(), "checked", 1);
                var remaining = WritebackDrift.remaining(fields, written, theirs);
                if (remaining.size() != written.fields().size()) {
                    state.forget(target, written.recordId(), remaining);
                    drifted++;
                    run.add(mapping.object(), "drifted", 1);
                }
            }
            runs.progress(run.id, run.counts, run.apiCalls, null);
            after = page.get(page.size() - 1).recordId();
        }
    }
}

package io.signalbridge.writeback;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.signalbridge.cluster.JobLeases;
import io.signalbridge.failures.SecretRedaction;
import io.signalbridge.mapping.Mapping;
import io.signalbridge.mapping.Mapping.FieldMapping;
import io.signalbridge.mapping.Mapping.WritePolicy;
import io.signalbridge.mapping.MappingService;
import io.signalbridge.salesforce.SalesforceQueries;
import io.signalbridge.salesforce.SalesforceQueries.Page;
import io.signalbridge.signals.SyncRuns;
import io.signalbridge.signals.SyncRuns.Status;
import io.signalbridge.writeback.WritebackRun.BudgetReached;
import io.signalbridge.writeback.WrittenState.State;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Drift reconciliation (routes/salesforce-writeback.yaml, daily by default): reads the mapped fields back from
 * the org, one query call per 2,000 records, and compares them with what was last written. A value someone
 * edited by hand, or lost in an org restore, no longer counts as written, so the write-back that follows
 * writes it again; a fill-if-blank field counts as drifted only when the org's value became blank. The run
 * (job salesforce-writeback-drift) reports per object how many records were checked and how many drifted.
 */
@Component("writebackDrift")
public class WritebackDrift {

    public static final String JOB = "salesforce-writeback-drift";
    private static final Logger log = LoggerFactory.getLogger(WritebackDrift.class);

    private final WritebackProperties settings;
    private final MappingService mappings;
    private final WrittenState state;
    private final SalesforceQueries queries;
    private final SyncRuns runs;
    private JobLeases leases = JobLeases.inProcess();

    public WritebackDrift(WritebackProperties settings, MappingService mappings, WrittenState state, SalesforceQueries queries,
                          SyncRuns runs) {
        this.settings = settings;
        this.mappings = mappings;
        this.state = state;
        this.queries = queries;
        this.runs = runs;
    }

    /** The run guard across nodes (the service's: job_lease rows); a reconciliation built by hand guards this JVM only. */
    @org.springframework.beans.factory.annotation.Autowired(required = false)
    public void setJobLeases(JobLeases leases) {
        this.leases = leases;
    }

    /** One reconciliation; returns the number of drifted records (null when one was already running). A failure is thrown. */
    public Long reconcile(String trigger) {
        var lease = leases.tryAcquire(JOB, trigger);
        if (lease.isEmpty()) {
            log.info("Drift reconciliation still running; this {} trigger is skipped", trigger);
            return null;
        }
        try (var held = lease.get()) {
            long runId = runs.start(JOB, trigger);
            var run = new WritebackRun(runId, settings.apiBudgetShare());
            long drifted = 0;
            try {
                for (String name : settings.mappings()) {
                    Optional<Mapping> mapping = mappings.active(name).map(MappingService.Active::mapping).filter(m -> "salesforce".equals(m.system()));
                    if (mapping.isPresent()) {
                        drifted += reconcile(mapping.get(), run);
                    }
                }
                runs.finish(runId, Status.SUCCEEDED, run.counts, run.apiCalls, run.usageText(), null);
                log.info("Drift reconciliation: {} record(s) drifted from what was last written", drifted);
                return drifted;
            } catch (BudgetReached stop) {
                runs.finish(runId, Status.BUDGET_STOPPED, run.counts, run.apiCalls, run.usageText(), run.budgetMessage());
                return drifted;
            } catch (RuntimeException e) {
                runs.finish(runId, Status.FAILED, run.counts, run.apiCalls, run.usageText(), SecretRedaction.mask(e.getMessage()));
                throw e;
            }
        }
    }

    private long reconcile(Mapping mapping, WritebackRun run) {
        String target = SalesforceWriteback.target(mapping);
        String object = mapping.object();
        List<FieldMapping> fields = mapping.enabledFields();
        String soql = "SELECT Id, " + String.join(", ", fields.stream().map(FieldMapping::target).distinct().toList())
                + " FROM " + object + " WHERE IsDeleted = false";
        run.add(object, "checked", 0);
        run.add(object, "drifted", 0);
        long drifted = 0;
        checkBudget(run);
        Page page = queries.queryAll(soql);
        run.called(page.usage());
        while (true) {
            var ids = new ArrayList<String>();
            page.records().forEach(r -> ids.add(r.path("Id").asText()));
            var states = state.findAll(target, ids);
            for (JsonNode record : page.records()) {
                State written = states.get(record.path("Id").asText());
                if (written == null || written.blockedCode() != null) {
                    continue;
                }
                run.add(object, "checked", 1);
                ObjectNode remaining = remaining(fields, written, record);
                if (remaining.size() != written.fields().size()) {
                    state.forget(target, written.recordId(), remaining);
                    drifted++;
                    run.add(object, "drifted", 1);
                }
            }
            runs.progress(run.id, run.counts, run.apiCalls, run.usageText());
            if (page.done() || page.nextRecordsUrl() == null) {
                return drifted;
            }
            checkBudget(run);
            page = queries.next(page.nextRecordsUrl());
            run.called(page.usage());
        }
    }

    /**
     * What of a record's written state the target still holds: the written values minus those that differ from the
     * target's ({@code org}), for a fill-if-blank field only when the target's became blank.
     */
    static ObjectNode remaining(List<FieldMapping> fields, State written, JsonNode org) {
        ObjectNode remaining = written.fields().deepCopy();
        for (FieldMapping field : fields) {
            JsonNode ours = written.fields().get(field.target());
            if (ours == null) {
                continue;
            }
            JsonNode theirs = org.get(field.target());
            boolean differs = field.policy() == WritePolicy.OVERWRITE
                    ? !FieldValues.same(ours, theirs)
                    : FieldValues.blank(theirs) && !FieldValues.blank(ours);
            if (differs) {
                remaining.remove(field.target());
            }
        }
        return remaining;
    }

    private static void checkBudget(WritebackRun run) {
        if (run.budgetExhausted()) {
            throw new BudgetReached();
        }
    }
}

package io.signalbridge.writeback;

import java.time.Instant;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.signalbridge.alerts.Alerts;
import io.signalbridge.failures.ExternalSystemGuard.SystemPausedException;
import io.signalbridge.failures.FailedExchangeStore;
import io.signalbridge.failures.FailureDetails;
import io.signalbridge.failures.SecretRedaction;
import io.signalbridge.mapping.Mapping;
import io.signalbridge.mapping.Mapping.FieldMapping;
import io.signalbridge.mapping.MappingService;
import io.signalbridge.salesforce.SalesforceQueries;
import io.signalbridge.salesforce.SalesforceQueries.Page;
import io.signalbridge.salesforce.SalesforceQueries.SalesforceCallException;
import io.signalbridge.signals.SyncRuns;
import io.signalbridge.signals.SyncRuns.Status;
import io.signalbridge.writeback.MappedValues.ScoredRecord;
import io.signalbridge.writeback.SalesforceWrites.RecordResult;
import io.signalbridge.writeback.WritebackDiff.Outcome;
import io.signalbridge.writeback.WritebackRun.BudgetReached;
import io.signalbridge.writeback.WrittenState.Change;

import org.apache.camel.component.salesforce.api.dto.bulkv2.JobStateEnum;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Step bean of routes/salesforce-writeback.yaml: writes the scores to Salesforce through the active field
 * mappings, one object after the other. Per object, a first pass streams the scored records, compares their
 * mapped values with what was last written and stages only changed records with only their changed fields;
 * the second pass sends them, 200 a call with sObject Collections up to the bulk threshold, above it in one
 * Bulk API 2.0 update job. A record is marked written only when the org accepted it; a record refused for a
 * retryable reason is sent again by the next run, one refused for good is kept for ops in the failed-exchange
 * store (one entry per record, replayable) and not sent again until replayed. A run stops cleanly at its
 * share of the org's daily API allocation.
 */
@Component("salesforceWriteback")
public class SalesforceWriteback extends WritebackJob {

    public static final String JOB = "salesforce-writeback";
    /** The route a failed record is replayed through. */
    public static final String RECORD_ROUTE = "salesforce-writeback-record";
    /** Header and payload field of a refused record's failure: the version of the mapping it was produced under. */
    public static final String MAPPING_VERSION = WritebackSteps.MAPPING_VERSION;
    /** Ids per read-back of fill-if-blank fields (a SOQL IN list in a URL: kept well under its 16 KB). */
    static final int READ_BACK_IDS = WritebackSteps.READ_BACK_IDS;
    private static final WritebackSteps.Refusals COLLECTIONS = new WritebackSteps.Refusals(RECORD_ROUTE, "sObject Collections PATCH");
    private static final WritebackSteps.Refusals BULK = new WritebackSteps.Refusals(RECORD_ROUTE, "Bulk API 2.0 update");
    private static final String REQUEST_LIMIT_EXCEEDED = "REQUEST_LIMIT_EXCEEDED";
    private static final Logger log = LoggerFactory.getLogger(SalesforceWriteback.class);

    private final WritebackProperties settings;
    private final Alerts alerts;
    private final MappingService mappings;
    private final MappedValues values;
    private final WrittenState state;
    private final SalesforceWrites writes;
    private final SalesforceQueries queries;
    private final SyncRuns runs;
    private final WritebackSteps steps;

    public SalesforceWriteback(WritebackProperties settings, MappingService mappings, MappedValues values, WrittenState state,
                               SalesforceWrites writes, SalesforceQueries queries, FailedExchangeStore failures, SyncRuns runs,
                               ObjectMapper json) {
        this(settings, mappings, values, state, writes, queries, failures, runs, json, Alerts.NONE);
    }

    @Autowired
    public SalesforceWriteback(WritebackProperties settings, MappingService mappings, MappedValues values, WrittenState state,
                               SalesforceWrites writes, SalesforceQueries queries, FailedExchangeStore failures, SyncRuns runs,
                               ObjectMapper json, Alerts alerts) {
        super(JOB);
        this.alerts = alerts;
        this.settings = settings;
        this.mappings = mappings;
        this.values = values;
        this.state = state;
        this.writes = writes;
        this.queries = queries;
        this.runs = runs;
        this.steps = new WritebackSteps(values, state, failures, json);
    }

    @Override
    protected Optional<RunResult> runOnce(String trigger) {
        long runId = runs.start(JOB, trigger);
        var run = new WritebackRun(runId, settings.apiBudgetShare());
        try {
            for (String name : settings.mappings()) {
                writeMapping(name, run, changedSince(trigger, runId, runs, mappings, name, settings.changeOverlap()));
            }
            runs.finish(runId, Status.SUCCEEDED, run.counts, run.apiCalls, run.usageText(), null);
            return Optional.of(new RunResult(runId, null));
        } catch (BudgetReached stop) {
            log.warn("Write-back run {} {}", runId, run.budgetMessage());
            runs.finish(runId, Status.BUDGET_STOPPED, run.counts, run.apiCalls, run.usageText(), run.budgetMessage());
            alerts.apiBudgetReached(SalesforceQueries.SYSTEM, "Write-back run " + runId + " " + run.budgetMessage());
            return Optional.of(new RunResult(runId, null));
        } catch (SystemPausedException paused) {
            // Salesforce's circuit breaker is open: records not yet written stay unwritten and the next run sends them
            log.warn("Write-back run {} paused: {}", runId, paused.getMessage());
            runs.finish(runId, Status.PAUSED, run.counts, run.apiCalls, run.usageText(),
                    paused.getMessage() + "; the next run writes what is still unwritten");
            return Optional.of(new RunResult(runId, null));
        } catch (RuntimeException e) {
            if (REQUEST_LIMIT_EXCEEDED.equals(FailureDetails.errorCode(e).orElse(null))) {
                String reason = "the org refused the call with REQUEST_LIMIT_EXCEEDED (its daily API allocation is spent); "
                        + "the next run writes what is still unwritten";
                log.warn("Write-back run {} stopped: {}", runId, reason);
                runs.finish(runId, Status.BUDGET_STOPPED, run.counts, run.apiCalls, run.usageText(), reason);
                alerts.apiBudgetReached(SalesforceQueries.SYSTEM, "Write-back run " + runId + " stopped: " + reason);
                return Optional.of(new RunResult(runId, null));
            }
            log.warn("Write-back run {} failed: {}", runId, SecretRedaction.mask(e.getMessage()));
            runs.finish(runId, Status.FAILED, run.counts, run.apiCalls, run.usageText(), SecretRedaction.mask(e.getMessage()));
            return Optional.of(new RunResult(runId, e));
        }
    }

    private void writeMapping(String name, WritebackRun run, Instant changedSince) {
        var active = mappings.active(name);
        if (active.isEmpty()) {
            log.info("Write-back: no active mapping {}; nothing written for it", name);
            return;
        }
        Mapping mapping = active.get().mapping();
        int version = active.get().version();
        if (!"salesforce".equals(mapping.system())) {
            return;
        }
        String target = target(mapping);
        state.clearPending(target);
        try {
            long changed = steps.stage(mapping, target, run, this::readBack, changedSince);
            runs.progress(run.id, run.counts, run.apiCalls, run.usageText());
            if (changed == 0) {
                return;
            }
            if (changed <= settings.bulkThreshold()) {
                sendCollections(name, version, mapping, target, run);
            } else {
                sendBulk(name, version, mapping, target, run);
            }
        } finally {
            state.clearPending(target);
        }
    }

    /** The org's values of {@code fields} for these records, by id: one query call per {@value #READ_BACK_IDS} ids. */
    Map<String, ObjectNode> readBack(String object, Set<String> fields, List<String> ids, WritebackRun run) {
        var found = new HashMap<String, ObjectNode>();
        if (ids.isEmpty()) {
            return found;
        }
        var in = new StringBuilder();
        for (String id : ids) {
            in.append(in.isEmpty() ? "" : ",").append('\'').append(id.replace("'", "")).append('\'');
        }
        String soql = "SELECT Id, " + String.join(", ", fields) + " FROM " + object + " WHERE Id IN (" + in + ")";
        checkBudget(run);
        Page page = queries.queryAll(soql);
        run.called(page.usage());
        while (true) {
            for (JsonNode record : page.records()) {
                ObjectNode values = JsonNodeFactory.instance.objectNode();
                fields.forEach(f -> values.set(f, record.has(f) ? record.get(f) : JsonNodeFactory.instance.nullNode()));
                found.put(record.path("Id").asText(), values);
            }
            if (page.done() || page.nextRecordsUrl() == null) {
                return found;
            }
            checkBudget(run);
            page = queries.next(page.nextRecordsUrl());
            run.called(page.usage());
        }
    }

    private void sendCollections(String name, int version, Mapping mapping, String target, WritebackRun run) {
        String after = null;
        while (true) {
            List<Change> page = state.pendingPage(run.id, target, after, settings.collectionSize());
            if (page.isEmpty()) {
                return;
            }
            checkBudget(run);
            List<RecordResult> results = writes.updateCollection(mapping.object(), page, run::called);
            run.add(mapping.object(), "writeCalls", 1);
            var byId = new HashMap<String, Change>();
            page.forEach(c -> byId.put(c.recordId(), c));
            steps.settle(name, version, mapping.object(), target, results, byId, COLLECTIONS, run);
            after = page.get(page.size() - 1).recordId();
            runs.progress(run.id, run.counts, run.apiCalls, run.usageText());
        }
    }

    private void sendBulk(String name, int version, Mapping mapping, String target, WritebackRun run) {
        checkBudget(run);
        String object = mapping.object();
        Path csv = null;
        try {
            csv = Files.createTempFile("signalbridge-writeback-" + object + "-", ".csv");
            writeCsv(run.id, mapping, target, csv);
            var outcome = writes.bulkUpdate(object, csv, settings.bulkPollInterval(), settings.bulkTimeout(),
                    ids -> run.add(object, "written", state.markWrittenFromPending(run.id, target, ids)),
                    failed -> {
                        var byId = state.pendingByIds(run.id, target, failed.stream().map(RecordResult::recordId).toList());
                        steps.settle(name, version, object, target, failed, byId, BULK, run);
                    },
                    run::called);
            run.add(object, "bulkJobs", 1);
            if (outcome.unprocessed() > 0) {
                run.add(object, "retrying", outcome.unprocessed());
            }
            runs.progress(run.id, run.counts, run.apiCalls, run.usageText());
            if (outcome.state() != JobStateEnum.JOB_COMPLETE) {
                throw new SalesforceCallException("Bulk update job " + outcome.jobId() + " ended " + outcome.state() + ": "
                        + outcome.errorMessage() + "; its records stay unwritten", null);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the bulk upload file", e);
        } finally {
            if (csv != null) {
                try {
                    Files.deleteIfExists(csv);
                } catch (IOException ignored) {
                    // a temp file left behind is harmless
                }
            }
        }
    }

    /** The Bulk API 2.0 upload: Id and every mapped field; an empty cell leaves a field alone, #N/A clears it. */
    private void writeCsv(long runId, Mapping mapping, String target, Path csv) throws IOException {
        List<String> columns = mapping.enabledFields().stream().map(FieldMapping::target).distinct().toList();
        try (BufferedWriter out = Files.newBufferedWriter(csv, StandardCharsets.UTF_8)) {
            out.write("Id");
            for (String column : columns) {
                out.write(',');
                out.write(column);
            }
            out.write('\n');
            state.forEachPending(runId, target, change -> {
                try {
                    out.write(change.recordId());
                    for (String column : columns) {
                        out.write(',');
                        JsonNode value = change.changes().get(column);
                        if (value != null) {
                            out.write(value.isNull() ? "#N/A" : csvValue(value.asText()));
                        }
                    }
                    out.write('\n');
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }

    private static String csvValue(String text) {
        if (text.indexOf(',') < 0 && text.indexOf('"') < 0 && text.indexOf('\n') < 0 && text.indexOf('\r') < 0) {
            return text;
        }
        return '"' + text.replace("\"", "\"\"") + '"';
    }

    private static void checkBudget(WritebackRun run) {
        if (run.budgetExhausted()) {
            throw new BudgetReached();
        }
    }

    // ---- replay of one failed record

    /**
     * The step of the replay route: the record is unblocked and its current mapped values are diffed and sent in
     * one call, under the mapping version the replay chose: the active one (so a mapping fixed since is used), or
     * the one the failure was produced under, provided it still validates against today's describe. Refused
     * again, or that version unusable: it throws, so the failed exchange stays FAILED with the new error (and the
     * record blocked when Salesforce refused it for good).
     */
    public String replayRecord(String payload, String mappingVersionChoice) {
        var request = steps.replayRequest(payload);
        String id = request.id();
        Mapping mapping = steps.replayMapping(mappings, request, mappingVersionChoice, SalesforceQueries.SYSTEM);
        String target = target(mapping);
        state.unblock(target, id);
        var run = new WritebackRun(0, settings.apiBudgetShare());
        var found = new ArrayList<ScoredRecord>();
        values.forEach(mapping, target, true, id, found::add);
        if (found.isEmpty()) {
            return "no scores for " + id + " any more: nothing to write";
        }
        var result = WritebackDiff.diff(mapping, found.get(0), null);
        if (result.outcome() == Outcome.NEEDS_ORG_VALUES) {
            var fields = new LinkedHashSet<>(result.orgFields());
            var org = readBack(mapping.object(), fields, List.of(id), run).get(id);
            if (org == null) {
                throw new RecordRejectedException(mapping.object(), id, "ENTITY_IS_DELETED", "the record is not in the org");
            }
            result = WritebackDiff.diff(mapping, found.get(0), org);
        }
        if (result.outcome() == Outcome.SETTLED) {
            state.markWritten(target, List.of(result.change()));
            return "nothing to send for " + id;
        }
        if (result.outcome() != Outcome.CHANGED) {
            return "nothing to send for " + id;
        }
        RecordResult outcome = writes.updateCollection(mapping.object(), List.of(result.change()), run::called).get(0);
        if (outcome.success()) {
            state.markWritten(target, List.of(result.change()));
            return "written " + id;
        }
        if (!outcome.retryable()) {
            state.block(target, id, outcome.errorCode());
        }
        throw new RecordRejectedException(mapping.object(), id, outcome.errorCode(), outcome.message());
    }

    // ---- preview

    /** What a run would send under the active mappings, without writing and without calling the org. */
    public List<WritebackPreview> preview() {
        var previews = new ArrayList<WritebackPreview>();
        for (String name : settings.mappings()) {
            mappings.active(name).ifPresent(active -> previews.add(preview(name, active.mapping())));
        }
        return previews;
    }

    /** What a run would send under {@code mapping} (e.g. a candidate version not yet active). */
    public WritebackPreview preview(String name, Mapping mapping) {
        return steps.preview(name, mapping, target(mapping), settings.previewSample(), settings.bulkThreshold());
    }

    static String target(Mapping mapping) {
        return mapping.system() + ":" + mapping.object();
    }

}

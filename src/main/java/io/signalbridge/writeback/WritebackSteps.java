package io.signalbridge.writeback;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.signalbridge.failures.FailedExchangeStore;
import io.signalbridge.failures.ReplayMappingVersion;
import io.signalbridge.failures.SecretRedaction;
import io.signalbridge.mapping.Mapping;
import io.signalbridge.mapping.Mapping.WritePolicy;
import io.signalbridge.mapping.MappingService;
import io.signalbridge.mapping.MappingService.MappingVersionUnusableException;
import io.signalbridge.writeback.MappedValues.ScoredRecord;
import io.signalbridge.writeback.SalesforceWrites.RecordResult;
import io.signalbridge.writeback.WritebackDiff.Outcome;
import io.signalbridge.writeback.WrittenState.Change;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The steps every write-back target (Salesforce objects, Marketo leads) takes around its own API calls: the
 * diff pass that stages a run's changed records with only their changed fields, the preview, and the
 * settling of per-record results (accepted: written; retryable: left for the next run; refused: blocked and
 * kept as one failed exchange per record, replayable through the target's record route).
 */
final class WritebackSteps {

    /** Ids per read-back of fill-if-blank fields (a SOQL IN list in a URL: kept well under its 16 KB). */
    static final int READ_BACK_IDS = 300;
    /** Header and payload field of a refused record's failure: the version of the mapping it was produced under. */
    static final String MAPPING_VERSION = "mappingVersion";
    private static final int STAGING_BATCH = 500;
    private static final Logger log = LoggerFactory.getLogger(WritebackSteps.class);

    /** Reads the org's current values of {@code fields} for these records, by id (a record not in the org is absent). */
    @FunctionalInterface
    interface OrgValues {
        Map<String, ObjectNode> read(String object, Set<String> fields, List<String> ids, WritebackRun run);
    }

    /** Receives the outcome of each record of a diff pass. */
    private interface Sink {
        void changed(Change change);

        default void settled(Change change) {
        }

        default void awaitingOrgValue(ScoredRecord record) {
        }

        void counted(Outcome outcome);
    }

    private final MappedValues values;
    private final WrittenState state;
    private final FailedExchangeStore failures;
    private final ObjectMapper json;

    WritebackSteps(MappedValues values, WrittenState state, FailedExchangeStore failures, ObjectMapper json) {
        this.values = values;
        this.state = state;
        this.failures = failures;
        this.json = json;
    }

    /**
     * Streams the mapping's records through the diff: changed ones are staged as the run's pending changes,
     * settled ones (nothing to send, state learnt) are marked written, every outcome is counted on the run.
     * Returns how many records were staged. {@code changedSince} non-null: only records changed since then are
     * looked at ({@link MappedValues#forEach(Mapping, String, boolean, String, Instant, java.util.function.Consumer)}).
     */
    long stage(Mapping mapping, String target, WritebackRun run, OrgValues org, Instant changedSince) {
        String object = mapping.object();
        var staged = new ArrayList<Change>(STAGING_BATCH);
        var settled = new ArrayList<Change>(STAGING_BATCH);
        long[] changed = {0};
        diffPass(mapping, target, run, org, changedSince, new Sink() {
            @Override
            public void changed(Change change) {
                changed[0]++;
                staged.add(change);
                if (staged.size() == STAGING_BATCH) {
                    state.addPending(run.id, target, staged);
                    staged.clear();
                }
            }

            @Override
            public void settled(Change change) {
                settled.add(change);
                if (settled.size() == STAGING_BATCH) {
                    state.markWritten(target, settled);
                    settled.clear();
                }
            }

            @Override
            public void counted(Outcome outcome) {
                run.add(object, outcome.name().toLowerCase(Locale.ROOT), 1);
            }
        });
        state.addPending(run.id, target, staged);
        state.markWritten(target, settled);
        return changed[0];
    }

    /**
     * Streams the mapping's records through the diff. With a run, records whose fill-if-blank fields need the
     * org's value are read back (in batches) and diffed again; without one (a preview), they go to the sink as
     * awaiting the org's value.
     */
    private void diffPass(Mapping mapping, String target, WritebackRun run, OrgValues org, Instant changedSince, Sink sink) {
        boolean fillIfBlank = mapping.enabledFields().stream().anyMatch(f -> f.policy() == WritePolicy.FILL_IF_BLANK);
        var awaiting = new ArrayList<ScoredRecord>();
        values.forEach(mapping, target, fillIfBlank, null, changedSince, record -> {
            var result = WritebackDiff.diff(mapping, record, null);
            if (result.outcome() == Outcome.NEEDS_ORG_VALUES) {
                if (run == null || org == null) {
                    sink.awaitingOrgValue(record);
                    return;
                }
                awaiting.add(record);
                if (awaiting.size() == READ_BACK_IDS) {
                    diffWithOrgValues(mapping, awaiting, run, org, sink);
                    awaiting.clear();
                }
                return;
            }
            deliver(result, sink);
        });
        if (!awaiting.isEmpty()) {
            diffWithOrgValues(mapping, awaiting, run, org, sink);
        }
    }

    private void diffWithOrgValues(Mapping mapping, List<ScoredRecord> records, WritebackRun run, OrgValues org, Sink sink) {
        var fields = new LinkedHashSet<String>();
        mapping.enabledFields().stream().filter(f -> f.policy() == WritePolicy.FILL_IF_BLANK).forEach(f -> fields.add(f.target()));
        Map<String, ObjectNode> found = org.read(mapping.object(), fields, records.stream().map(ScoredRecord::recordId).toList(), run);
        for (ScoredRecord record : records) {
            ObjectNode orgValues = found.get(record.recordId());
            if (orgValues == null) {
                sink.counted(Outcome.MISSING_IN_ORG);
                log.info("Write-back: {} {} is not in the org (deleted?); not written", mapping.object(), record.recordId());
                continue;
            }
            deliver(WritebackDiff.diff(mapping, record, orgValues), sink);
        }
    }

    private static void deliver(WritebackDiff.Result result, Sink sink) {
        sink.counted(result.outcome());
        switch (result.outcome()) {
            case CHANGED -> sink.changed(result.change());
            case SETTLED -> sink.settled(result.change());
            default -> {
            }
        }
    }

    /** What a run would send under {@code mapping}, without writing and without calling the target system. */
    WritebackPreview preview(String name, Mapping mapping, String target, int sampleSize, long bulkThreshold) {
        long[] counts = new long[5];
        var sample = new ArrayList<WritebackPreview.Sample>();
        diffPass(mapping, target, null, null, null, new Sink() {
            @Override
            public void changed(Change change) {
                if (sample.size() < sampleSize) {
                    sample.add(new WritebackPreview.Sample(change.recordId(), change.changes()));
                }
            }

            @Override
            public void awaitingOrgValue(ScoredRecord record) {
                counts[0]++;
                counts[1]++;
                counts[4]++;
            }

            @Override
            public void counted(Outcome outcome) {
                counts[0]++;
                switch (outcome) {
                    case CHANGED -> counts[1]++;
                    case BLOCKED -> counts[3]++;
                    default -> counts[2]++;
                }
            }
        });
        return new WritebackPreview(name, mapping.object(), counts[0], counts[1], counts[2], counts[3], counts[4],
                counts[1] > bulkThreshold, sample);
    }

    /** Where a record refused for good is kept and replayed: the target's record route and the step that sent it. */
    record Refusals(String recordRoute, String step) {
    }

    /** Applies per-record results: accepted → written; retryable → left for the next run; others → blocked and kept for ops. */
    void settle(String name, int version, String object, String target, List<RecordResult> results, Map<String, Change> byId,
                Refusals refusals, WritebackRun run) {
        var accepted = new ArrayList<Change>();
        for (RecordResult result : results) {
            Change change = byId.get(result.recordId());
            if (change == null) {
                continue; // a result for a record this run did not send
            }
            if (result.success()) {
                accepted.add(change);
            } else if (result.retryable()) {
                run.add(object, "retrying", 1);
                log.info("Write-back: {} {} refused with {}; sent again by the next run", object, result.recordId(), result.errorCode());
            } else {
                run.add(object, "failed", 1);
                reject(name, version, object, target, change, result, refusals);
            }
        }
        state.markWritten(target, accepted);
        run.add(object, "written", accepted.size());
    }

    /** The record is blocked and kept as one failed exchange (key {@code <target>/<id>}), whose replay sends it again. */
    private void reject(String name, int version, String object, String target, Change change, RecordResult result, Refusals refusals) {
        state.block(target, change.recordId(), result.errorCode());
        ObjectNode payload = json.createObjectNode();
        payload.put("mapping", name);
        payload.put(MAPPING_VERSION, version);
        payload.put("object", object);
        payload.put("id", change.recordId());
        payload.set("fields", change.changes());
        failures.record(new FailedExchangeStore.Failure(refusals.recordRoute(), refusals.step(), target + "/" + change.recordId(),
                payload.toString(),
                Map.of("mapping", name, MAPPING_VERSION, String.valueOf(version), "object", object, "recordId", change.recordId()),
                RecordRejectedException.class.getName(), result.errorCode(),
                SecretRedaction.mask(result.errorCode() + ": " + result.message()), "direct://" + refusals.recordRoute()));
    }

    /** What a replayed record's payload names: the mapping, the version it was refused under (absent in older failures), the id. */
    record ReplayRequest(String mapping, Integer version, String id) {
    }

    ReplayRequest replayRequest(String payload) {
        try {
            var request = json.readTree(payload);
            var version = request.path(MAPPING_VERSION);
            return new ReplayRequest(request.path("mapping").asText(), version.canConvertToInt() ? version.asInt() : null,
                    request.path("id").asText());
        } catch (IOException e) {
            throw new IllegalArgumentException("a write-back replay needs the payload {mapping, object, id, fields}: " + e.getMessage(), e);
        }
    }

    /**
     * The mapping a replay writes with, as ops chose: the active one ({@code current}), or the version the failure
     * was produced under ({@code original}) provided it still validates against today's describe; else it throws
     * {@link MappingVersionUnusableException}, and the failure stays FAILED saying why.
     */
    Mapping replayMapping(MappingService mappings, ReplayRequest request, String choice, String system) {
        Mapping mapping;
        if (ReplayMappingVersion.parse(choice) == ReplayMappingVersion.ORIGINAL) {
            if (request.version() == null) {
                throw new MappingVersionUnusableException("the failure of " + request.id() + " has no recorded mapping version (kept"
                        + " before versions were recorded): replay it with the current mapping");
            }
            mapping = mappings.usableVersion(request.mapping(), request.version());
        } else {
            mapping = mappings.active(request.mapping()).map(MappingService.Active::mapping)
                    .orElseThrow(() -> new IllegalStateException("no active mapping " + request.mapping() + " to replay " + request.id() + " with"));
        }
        if (!system.equals(mapping.system())) {
            throw new IllegalStateException("mapping " + request.mapping() + " writes to " + mapping.system() + ", not " + system);
        }
        return mapping;
    }
}

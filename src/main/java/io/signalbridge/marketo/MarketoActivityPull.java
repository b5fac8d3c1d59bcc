package io.signalbridge.marketo;

import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.signalbridge.alerts.Alerts;
import io.signalbridge.cluster.JobLeases;
import io.signalbridge.failures.ExternalSystemGuard;
import io.signalbridge.failures.ExternalSystemGuard.SystemPausedException;
import io.signalbridge.signals.PulledRecord;
import io.signalbridge.signals.SignalStore;
import io.signalbridge.signals.SyncRuns;
import io.signalbridge.signals.SyncRuns.Status;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Step bean of routes/marketo-pull.yaml: one run of an activity pull job. The job's activity types are read
 * in groups of up to 10 type ids (the most one call may filter on). Per group, a paging token is taken at the
 * group's watermark minus the overlap, and pages are read until {@code moreResult} is false: a filtered page
 * may be empty while more follow, since each call scans 300 activities of every type. Each page is stored
 * (source {@code marketo}, object {@code Activity}, id = the activity id) with its leads' Salesforce ids,
 * together with the watermark it reaches. A group's watermark is kept under {@code Activity:<its type ids>}, so
 * adding a type to a job reads that group back from the first-pull lookback.
 * Activities whose lead has no Salesforce match are kept; their leads are counted as {@code unresolvedLeads}.
 */
@Component("marketoPull")
public class MarketoActivityPull {

    public static final String SOURCE = "marketo";
    public static final String OBJECT = "Activity";
    public static final String UNRESOLVED_LEADS = "unresolvedLeads";
    static final int TYPE_IDS_PER_CALL = 10;
    private static final Logger log = LoggerFactory.getLogger(MarketoActivityPull.class);

    private final MarketoPullProperties settings;
    private final MarketoClient client;
    private final MarketoLeadResolver leads;
    private final MarketoQuota quota;
    private final SignalStore store;
    private final SyncRuns runs;
    private final Clock clock;
    private final ExternalSystemGuard guard;
    private final Alerts alerts;
    private JobLeases leases = JobLeases.inProcess();

    /** A pull without circuit breaker or alerts: for tests and benchmarks that build their own. */
    public MarketoActivityPull(MarketoPullProperties settings, MarketoClient client, MarketoLeadResolver leads, MarketoQuota quota,
                               SignalStore store, SyncRuns runs, Clock clock) {
        this(settings, client, leads, quota, store, runs, clock, ExternalSystemGuard.unguarded(), Alerts.NONE);
    }

    @Autowired
    public MarketoActivityPull(MarketoPullProperties settings, MarketoClient client, MarketoLeadResolver leads, MarketoQuota quota,
                               SignalStore store, SyncRuns runs, Clock clock, ExternalSystemGuard guard, Alerts alerts) {
        this.guard = guard;
        this.alerts = alerts;
        this.settings = settings;
        this.client = client;
        this.leads = leads;
        this.quota = quota;
        this.store = store;
        this.runs = runs;
        this.clock = clock;
    }

    /** The run guard across nodes (the service's: job_lease rows); a pull built by hand guards this JVM only. */
    @Autowired(required = false)
    public void setJobLeases(JobLeases leases) {
        this.leases = leases;
    }

    /** For run-now: takes the job's lease for the run the caller starts next (false: one is running, on any node). */
    public boolean reserve(String job) {
        return leases.reserve(job);
    }

    /** Whether a run of the job is going on, on this node or another. */
    public boolean isRunning(String job) {
        return leases.isHeld(job);
    }

    /** Runs a job unless it is already running (on any node); returns the run's id, or empty when it was skipped. */
    public Optional<Long> run(String job, String trigger) {
        var definition = settings.jobs().get(job);
        if (definition == null) {
            throw new IllegalArgumentException("No Marketo pull job named '" + job + "'");
        }
        var lease = leases.tryAcquire(job, trigger);
        if (lease.isEmpty()) {
            log.info("Marketo pull job {} is still running; this {} trigger is skipped", job, trigger);
            return Optional.empty();
        }
        try (var held = lease.get()) {
            return Optional.of(execute(job, definition, trigger));
        }
    }

    private long execute(String job, MarketoPullProperties.Job definition, String trigger) {
        long runId = runs.start(job, trigger);
        var progress = new RunProgress(runId);
        try {
            Optional<Instant> parked = quota.parkedUntil();
            if (parked.isPresent()) {
                throw new MarketoQuotaExceededException(parked.get());
            }
            Optional<Instant> paused = guard.pausedUntil(MarketoClient.SYSTEM);
            if (paused.isPresent()) {
                throw new SystemPausedException(MarketoClient.SYSTEM, paused.get());
            }
            List<Integer> typeIds = typeIds(definition.activityTypes(), progress);
            for (int from = 0; from < typeIds.size(); from += TYPE_IDS_PER_CALL) {
                pullGroup(typeIds.subList(from, Math.min(from + TYPE_IDS_PER_CALL, typeIds.size())), progress);
            }
            progress.finish(Status.SUCCEEDED, null);
        } catch (MarketoQuotaExceededException e) {
            log.warn("Marketo pull job {}: {}", job, e.getMessage());
            progress.finish(Status.PARKED, e.getMessage() + "; the next run after the reset continues from the watermark");
            alerts.apiBudgetReached(MarketoClient.SYSTEM, "Pull job " + job + ": " + e.getMessage());
        } catch (SystemPausedException e) {
            log.warn("Marketo pull job {} paused: {}", job, e.getMessage());
            progress.finish(Status.PAUSED, e.getMessage() + "; the next run after that continues from the watermark");
        } catch (RuntimeException e) {
            log.warn("Marketo pull job {} failed: {}", job, e.getMessage());
            progress.finish(Status.FAILED, e.getMessage());
        }
        return runId;
    }

    /** The instance's ids of the configured type names, sorted; an unknown name fails the run. */
    private List<Integer> typeIds(List<String> names, RunProgress progress) {
        Map<String, Integer> byName = new HashMap<>();
        JsonNode types = client.get("/v1/activities/types.json", Map.of(), progress.calls).path("result");
        types.forEach(type -> byName.put(type.path("name").asText(), type.path("id").asInt()));
        List<String> unknown = names.stream().filter(name -> !byName.containsKey(name)).toList();
        if (!unknown.isEmpty()) {
            throw new MarketoApiException(null, "activity types not on this Marketo instance: " + String.join(", ", unknown));
        }
        byName.forEach((name, id) -> progress.typeNames.put(id, name));
        return names.stream().map(byName::get).distinct().sorted().toList();
    }

    private void pullGroup(List<Integer> typeIds, RunProgress progress) {
        String ids = typeIds.stream().map(String::valueOf).collect(Collectors.joining(","));
        String watermarkKey = OBJECT + ":" + ids;
        Instant since = store.watermark(SOURCE, watermarkKey).map(w -> w.minus(settings.overlap()))
                .orElseGet(() -> clock.instant().minus(settings.firstPullLookback()));
        String token = client.get("/v1/activities/pagingtoken.json", Map.of("sinceDatetime", since.toString()), progress.calls)
                .path("nextPageToken").asText();
        while (true) {
            Map<String, String> query = new LinkedHashMap<>();
            query.put("nextPageToken", token);
            query.put("activityTypeIds", ids);
            JsonNode page = client.get("/v1/activities.json", query, progress.calls);
            JsonNode activities = page.path("result");
            if (activities.size() > 0) {
                List<PulledRecord> records = toRecords(activities, progress);
                int changed = store.commitPage(SOURCE, watermarkKey, records, records.get(records.size() - 1).systemModstamp());
                progress.counts.merge(OBJECT, (long) changed, Long::sum);
            }
            progress.report();
            if (!page.path("moreResult").asBoolean(false)) {
                return;
            }
            token = page.path("nextPageToken").asText();
        }
    }

    private List<PulledRecord> toRecords(JsonNode activities, RunProgress progress) {
        List<Long> leadIds = new ArrayList<>();
        activities.forEach(a -> leadIds.add(a.path("leadId").asLong()));
        Map<Long, SalesforceLink> links = leads.resolve(leadIds, progress.calls);
        var records = new ArrayList<PulledRecord>();
        for (JsonNode activity : activities) {
            String id = activity.path("id").asText(null);
            String date = activity.path("activityDate").asText(null);
            if (id == null || date == null) {
                throw new MarketoApiException(null, "activity without id or activityDate in an activities page");
            }
            long marketoLeadId = activity.path("leadId").asLong();
            SalesforceLink link = links.getOrDefault(marketoLeadId, SalesforceLink.UNRESOLVED);
            if (!link.resolved()) {
                progress.unresolvedLeads.add(marketoLeadId);
            }
            ObjectNode fields = ((ObjectNode) activity).deepCopy();
            // "leadId" names the Salesforce lead in the store, as on the Salesforce records; Marketo's id is kept apart
            fields.remove("leadId");
            fields.put("marketoLeadId", marketoLeadId);
            fields.put("activityTypeName", progress.typeNames.get(activity.path("activityTypeId").asInt()));
            fields.put("contactId", link.contactId());
            fields.put("leadId", link.leadId());
            fields.put("accountId", link.accountId());
            fields.put("resolvedVia", link.via());
            records.add(new PulledRecord(SOURCE, OBJECT, id, OffsetDateTime.parse(date).toInstant(), false, fields));
        }
        return records;
    }

    /** What one run has done so far: activities stored, leads without a Salesforce match, REST calls made. */
    private final class RunProgress {
        final long runId;
        final Map<String, Long> counts = new LinkedHashMap<>();
        final Set<Long> unresolvedLeads = new HashSet<>();
        final Map<Integer, String> typeNames = new HashMap<>();
        final AtomicInteger calls = new AtomicInteger();

        RunProgress(long runId) {
            this.runId = runId;
            counts.put(OBJECT, 0L);
            counts.put(UNRESOLVED_LEADS, 0L);
        }

        void report() {
            counts.put(UNRESOLVED_LEADS, (long) unresolvedLeads.size());
            runs.progress(runId, counts, calls.get(), quotaText());
        }

        void finish(Status status, String error) {
            counts.put(UNRESOLVED_LEADS, (long) unresolvedLeads.size());
            runs.finish(runId, status, counts, calls.get(), quotaText(), error);
        }

        String quotaText() {
            return quota.callsToday() + " calls today";
        }
    }
}

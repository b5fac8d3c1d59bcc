package io.signalbridge.salesforce.streaming;

import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.signalbridge.mapping.MappingService;
import io.signalbridge.salesforce.SalesforceRecordFetch;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Step bean of the change event route: one Change Data Capture event into the signal store. The event names the
 * records and their changed fields only, so the records are read again with the fields a pull reads and upserted as a
 * pull page is (by id: a record both streamed and pulled is stored once). Then the channel's replay id is recorded as
 * processed and, when a record was new or newer than the stored copy, a debounced rescoring is due: an event delivered
 * again (Salesforce delivers at least once) or one the pulls already stored changes nothing and rescores nothing. Events of the service's own
 * write-backs are skipped, so they do not loop: made by the integration user, or changing only fields the
 * write-back mappings write.
 */
public class ChangeEventSync {

    private static final Logger log = LoggerFactory.getLogger(ChangeEventSync.class);
    /** Fields every save changes: not a change of their own. */
    private static final Set<String> SAVE_STAMPS = Set.of("LastModifiedDate", "LastModifiedById", "SystemModstamp");

    /** What became of one event. */
    public enum Outcome { STORED, UNCHANGED, OWN_WRITE, NOT_PULLED }

    private final SalesforceRecordFetch fetch;
    private final StreamPositions positions;
    private final MappingService mappings;
    private final DebouncedRescoring rescoring;
    private final Freshness freshness;
    private final StreamingProperties settings;
    private final ObjectMapper json;
    private final Map<Outcome, AtomicLong> counts = new EnumMap<>(Outcome.class);

    public ChangeEventSync(SalesforceRecordFetch fetch, StreamPositions positions, MappingService mappings, DebouncedRescoring rescoring,
            Freshness freshness, StreamingProperties settings, ObjectMapper json) {
        this.fetch = fetch;
        this.positions = positions;
        this.mappings = mappings;
        this.rescoring = rescoring;
        this.freshness = freshness;
        this.settings = settings;
        this.json = json;
        for (Outcome outcome : Outcome.values()) {
            counts.put(outcome, new AtomicLong());
        }
    }

    /** How many events have had this outcome since start-up. */
    public long count(Outcome outcome) {
        return counts.get(outcome).get();
    }

    /** The route's step: the raw event payload (rawPayload=true) and its replay id (header CamelSalesforceReplayId). */
    public Outcome process(String body, Long replayId) throws JsonProcessingException {
        JsonNode root = json.readTree(body);
        JsonNode payload = root.has("ChangeEventHeader") ? root : root.has("payload") ? root.path("payload") : root.path("data").path("payload");
        JsonNode header = payload.path("ChangeEventHeader");
        String entity = header.path("entityName").asText();
        Instant commitTime = Instant.ofEpochMilli(header.path("commitTimestamp").asLong(System.currentTimeMillis()));
        Outcome outcome = outcome(entity, header);
        if (outcome == Outcome.STORED) {
            var ids = new ArrayList<String>();
            header.path("recordIds").forEach(id -> ids.add(id.asText()));
            if (fetch.fetchAndStore(entity, ids) == 0) {
                outcome = Outcome.UNCHANGED;
            }
        }
        if (replayId != null) {
            positions.processed(settings.channel(), replayId, commitTime);
        }
        if (outcome == Outcome.STORED) {
            freshness.stored(commitTime);
            rescoring.touched();
        }
        counts.get(outcome).incrementAndGet();
        log.debug("Change event {} {} {}: {}", replayId, entity, header.path("changeType").asText(), outcome);
        return outcome;
    }

    private Outcome outcome(String entity, JsonNode header) {
        if (!fetch.pulls(entity)) {
            return Outcome.NOT_PULLED;
        }
        if (!settings.integrationUserId().isBlank() && settings.integrationUserId().equals(header.path("commitUser").asText())) {
            return Outcome.OWN_WRITE;
        }
        if (header.path("changeType").asText().equals("UPDATE")) {
            var changed = new HashSet<String>();
            header.path("changedFields").forEach(f -> changed.add(f.asText()));
            changed.removeAll(SAVE_STAMPS);
            if (!changed.isEmpty() && writtenFields(entity).containsAll(changed)) {
                return Outcome.OWN_WRITE;
            }
        }
        return Outcome.STORED;
    }

    /** The Salesforce fields the active write-back mappings of this object write. */
    private Set<String> writtenFields(String entity) {
        var fields = new HashSet<String>();
        for (String name : mappings.names()) {
            mappings.active(name).map(MappingService.Active::mapping)
                    .filter(m -> "salesforce".equalsIgnoreCase(m.system()) && entity.equals(m.object()))
                    .ifPresent(m -> m.enabledFields().forEach(f -> fields.add(f.target())));
        }
        return fields;
    }
}

package io.signalbridge.sandbox.salesforce.streaming;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiConsumer;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.signalbridge.sandbox.salesforce.SalesforceRecord;

import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * Turns the org's committed writes into Change Data Capture events with Salesforce's {@code ChangeEventHeader}: one
 * event per record, the records of one write call sharing a transactionKey and numbered by sequenceNumber. An
 * update's event carries the changed fields' new values (LastModifiedDate among them, SystemModstamp not); a create's
 * every non-null field; a delete's the header only. An update that changes no value publishes nothing.
 */
public class ChangeEvents {

    public enum ChangeType { CREATE, UPDATE, DELETE }

    /** One record written: its state before (null for a create) and after. */
    public record RecordChange(ChangeType type, SalesforceRecord before, SalesforceRecord after) {
    }

    private static final Set<String> NOT_IN_EVENTS = Set.of("Id", "IsDeleted", "SystemModstamp");
    private static final Duration PURGE_EVERY = Duration.ofMinutes(1);
    private static final Pattern API_VERSION = Pattern.compile("/services/data/v(\\d+\\.\\d+)/");

    private final ChangeEventLog log;
    private final ObjectMapper json;
    private final Clock clock;
    private final String commitUser;
    private final Duration retention;
    private final AtomicReference<Instant> lastPurge = new AtomicReference<>(Instant.EPOCH);

    public ChangeEvents(ChangeEventLog log, ObjectMapper json, Clock clock, String commitUser, Duration retention) {
        this.log = log;
        this.json = json;
        this.clock = clock;
        this.commitUser = commitUser;
        this.retention = retention;
    }

    public void publish(List<RecordChange> changes) {
        Instant now = clock.instant();
        String transactionKey = UUID.randomUUID().toString();
        String origin = changeOrigin();
        var events = new ArrayList<ChangeEventLog.NewEvent>();
        int sequence = 0;
        for (RecordChange change : changes) {
            String entity = change.after().objectName();
            if (!ChangeEventChannels.selected(entity)) {
                continue;
            }
            ObjectNode payload = json.createObjectNode();
            ObjectNode header = payload.putObject("ChangeEventHeader");
            var changed = new ArrayList<String>();
            var nulled = new ArrayList<String>();
            if (change.type() == ChangeType.CREATE) {
                eachField(change.after().fields(), (name, value) -> {
                    if (!value.isNull()) {
                        payload.set(name, value);
                    }
                });
            } else if (change.type() == ChangeType.UPDATE) {
                ObjectNode before = change.before().fields();
                eachField(change.after().fields(), (name, value) -> {
                    if (!value.equals(before.path(name)) && !(value.isNull() && before.path(name).isMissingNode())) {
                        changed.add(name);
                        payload.set(name, value);
                        if (value.isNull()) {
                            nulled.add(name);
                        }
                    }
                });
                if (changed.isEmpty() || changed.equals(List.of("LastModifiedDate"))) {
                    continue;
                }
            }
            header.put("entityName", entity);
            header.putArray("recordIds").add(change.after().id());
            header.put("changeType", change.type().name());
            header.put("changeOrigin", origin);
            header.put("transactionKey", transactionKey);
            header.put("sequenceNumber", ++sequence);
            header.put("commitTimestamp", now.toEpochMilli());
            header.put("commitNumber", now.toEpochMilli() * 1000 + sequence);
            header.put("commitUser", commitUser);
            var changedArray = header.putArray("changedFields");
            changed.forEach(changedArray::add);
            var nulledArray = header.putArray("nulledFields");
            nulled.forEach(nulledArray::add);
            header.putArray("diffFields");
            events.add(new ChangeEventLog.NewEvent(entity, write(payload)));
        }
        log.append(events, now);
        purgeNowAndThen(now);
    }

    private void purgeNowAndThen(Instant now) {
        Instant last = lastPurge.get();
        if (now.isAfter(last.plus(PURGE_EVERY)) && lastPurge.compareAndSet(last, now)) {
            log.purgeBefore(now.minus(retention));
        }
    }

    /** As Salesforce fills changeOrigin for API writes: {@code com/salesforce/api/rest/62.0}; blank when not known. */
    private static String changeOrigin() {
        if (RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes attributes) {
            String uri = attributes.getRequest().getRequestURI();
            var matcher = API_VERSION.matcher(uri);
            if (matcher.find()) {
                String api = uri.contains("/jobs/ingest") ? "bulkapi" : "rest";
                return "com/salesforce/api/" + api + "/" + matcher.group(1);
            }
        }
        return "";
    }

    private static void eachField(ObjectNode fields, BiConsumer<String, JsonNode> action) {
        Iterator<Map.Entry<String, JsonNode>> entries = fields.fields();
        while (entries.hasNext()) {
            var entry = entries.next();
            if (!NOT_IN_EVENTS.contains(entry.getKey())) {
                action.accept(entry.getKey(), entry.getValue());
            }
        }
    }

    private String write(ObjectNode payload) {
        try {
            return json.writeValueAsString(payload);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}

package io.signalbridge.sandbox.marketo;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Sync Leads ({@code POST /rest/v1/leads.json}): createOrUpdate, createOnly, updateOnly and createDuplicate
 * of up to 300 records, each succeeding or failing on its own, results in input order. As on a real
 * instance, read-only fields are ignored, {@code updatedAt} moves on every update, and the changes leave
 * New Lead and Change Data Value activities behind.
 */
public class MarketoLeadSync {

    static final String API_SOURCE = "Web service API";
    private static final Set<String> ACTIONS = Set.of("createOrUpdate", "createOnly", "updateOnly", "createDuplicate");
    private static final Set<String> KEPT_IN_COLUMNS =
            Set.of(MarketoLeadFields.ID, MarketoLeadFields.EMAIL, MarketoLeadFields.CREATED_AT, MarketoLeadFields.UPDATED_AT);

    private final MarketoStore store;
    private final MarketoResponses responses;
    private final ObjectMapper json;
    private final Clock clock;

    public MarketoLeadSync(MarketoStore store, MarketoResponses responses, ObjectMapper json, Clock clock) {
        this.store = store;
        this.responses = responses;
        this.json = json;
        this.clock = clock;
    }

    public ObjectNode sync(JsonNode request) {
        String action = request.path("action").asText("createOrUpdate");
        if (!ACTIONS.contains(action)) {
            throw MarketoApiException.invalidValue(action, "action");
        }
        String lookupField = request.path("lookupField").asText(MarketoLeadFields.EMAIL);
        if (MarketoLeadFields.byName(lookupField).isEmpty()) {
            throw MarketoApiException.fieldNotFound(lookupField);
        }
        if (!MarketoLeadFields.LOOKUP_FIELDS.contains(lookupField)) {
            throw MarketoApiException.fieldNotSupported(lookupField);
        }
        JsonNode input = request.path("input");
        if (!input.isArray() || input.isEmpty()) {
            throw MarketoApiException.blank("input");
        }
        if (input.size() > MarketoParameters.MAX_BATCH) {
            throw MarketoParameters.tooMany("input", input.size());
        }
        for (JsonNode record : input) {
            record.fieldNames().forEachRemaining(name -> {
                if (MarketoLeadFields.byName(name).isEmpty()) {
                    throw MarketoApiException.fieldNotFound(name);
                }
            });
        }
        var results = new ArrayList<ObjectNode>();
        var activities = new ArrayList<MarketoActivity>();
        for (JsonNode record : input) {
            results.add(syncOne(action, lookupField, record, activities));
        }
        store.insertActivities(activities);
        return responses.success(results);
    }

    private ObjectNode syncOne(String action, String lookupField, JsonNode record, List<MarketoActivity> activities) {
        ObjectNode values = json.createObjectNode();
        for (Iterator<Map.Entry<String, JsonNode>> it = record.fields(); it.hasNext(); ) {
            var entry = it.next();
            var field = MarketoLeadFields.byName(entry.getKey()).orElseThrow();
            Optional<JsonNode> value = field.normalize(entry.getValue());
            if (value.isEmpty()) {
                return responses.skipped(null, "1003",
                        "Invalid value for field '" + field.name() + "' and value '" + entry.getValue().asText() + "'");
            }
            values.set(field.name(), value.get());
        }
        if (values.hasNonNull(MarketoLeadFields.ID) && !"updateOnly".equals(action)) {
            return responses.skipped(null, "1003", "Invalid data: id can only be given with action updateOnly");
        }
        if ("createDuplicate".equals(action)) {
            return create(values, activities);
        }
        JsonNode key = values.get(lookupField);
        boolean keyGiven = key != null && !key.isNull();
        if (!keyGiven && "updateOnly".equals(action)) {
            return responses.skipped(null, "1002", "Missing value for the required parameter '" + lookupField + "'");
        }
        List<MarketoLead> matches = keyGiven ? store.findLeads(lookupField, List.of(key.asText()), 0, 2) : List.of();
        if (matches.size() > 1 && !"createOnly".equals(action)) {
            return responses.skipped(null, "1007", "Multiple leads match the lookup criteria");
        }
        return switch (action) {
            case "createOnly" -> matches.isEmpty() ? create(values, activities) : responses.skipped(null, "1005", "Lead already exists");
            case "updateOnly" -> matches.isEmpty() ? responses.skipped(null, "1004", "Lead not found") : update(matches.get(0), values, activities);
            default -> matches.isEmpty() ? create(values, activities) : update(matches.get(0), values, activities);
        };
    }

    private ObjectNode create(ObjectNode values, List<MarketoActivity> activities) {
        Instant now = clock.instant();
        ObjectNode fields = json.createObjectNode();
        writable(values).forEach(e -> fields.set(e.getKey(), e.getValue()));
        var lead = new MarketoLead(store.nextId(), text(values.get(MarketoLeadFields.EMAIL)), now, now, fields);
        store.insertLead(lead);
        ArrayNode attributes = json.createArrayNode();
        attributes.addObject().put("name", "Source Type").put("value", API_SOURCE);
        attributes.addObject().put("name", "Created Date").put("value", LocalDate.ofInstant(now, ZoneOffset.UTC).toString());
        activities.add(store.newActivity(lead.id(), MarketoActivityTypes.NEW_LEAD, null, null, attributes, now));
        return responses.status(lead.id(), "created");
    }

    private ObjectNode update(MarketoLead lead, ObjectNode values, List<MarketoActivity> activities) {
        Instant now = clock.instant();
        ObjectNode fields = lead.fields() == null ? json.createObjectNode() : lead.fields().deepCopy();
        String email = lead.email();
        JsonNode newEmail = values.get(MarketoLeadFields.EMAIL);
        if (newEmail != null && !Objects.equals(text(newEmail), email)) {
            activities.add(changeDataValue(lead.id(), MarketoLeadFields.EMAIL, email, text(newEmail), now));
            email = text(newEmail);
        }
        for (var entry : writable(values)) {
            JsonNode old = fields.get(entry.getKey());
            if (!Objects.equals(text(old), text(entry.getValue()))) {
                activities.add(changeDataValue(lead.id(), entry.getKey(), text(old), text(entry.getValue()), now));
            }
            fields.set(entry.getKey(), entry.getValue());
        }
        store.updateLead(new MarketoLead(lead.id(), email, lead.createdAt(), now, fields));
        return responses.status(lead.id(), "updated");
    }

    private List<Map.Entry<String, JsonNode>> writable(ObjectNode values) {
        var entries = new ArrayList<Map.Entry<String, JsonNode>>();
        values.fields().forEachRemaining(e -> {
            var field = MarketoLeadFields.byName(e.getKey()).orElseThrow();
            if (!field.readOnly() && !KEPT_IN_COLUMNS.contains(field.name())) {
                entries.add(e);
            }
        });
        return entries;
    }

    private MarketoActivity changeDataValue(long leadId, String fieldName, String oldValue, String newValue, Instant at) {
        var field = MarketoLeadFields.byName(fieldName).orElseThrow();
        ArrayNode attributes = json.createArrayNode();
        attributes.addObject().put("name", "New Value").put("value", newValue);
        attributes.addObject().put("name", "Old Value").put("value", oldValue);
        attributes.addObject().put("name", "Reason").put("value", API_SOURCE);
        attributes.addObject().put("name", "Source").put("value", API_SOURCE);
        return store.newActivity(leadId, MarketoActivityTypes.CHANGE_DATA_VALUE, (long) field.id(), field.displayName(), attributes, at);
    }

    private static String text(JsonNode value) {
        return value == null || value.isNull() ? null : value.asText();
    }
}

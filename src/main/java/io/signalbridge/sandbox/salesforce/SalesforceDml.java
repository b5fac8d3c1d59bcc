package io.signalbridge.sandbox.salesforce;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.signalbridge.sandbox.ConditionalOnSandbox;
import io.signalbridge.sandbox.salesforce.SalesforceSchema.FieldDef;
import io.signalbridge.sandbox.salesforce.SalesforceSchema.ObjectDef;
import io.signalbridge.sandbox.salesforce.streaming.ChangeEvents;
import io.signalbridge.sandbox.salesforce.streaming.ChangeEvents.ChangeType;
import io.signalbridge.sandbox.salesforce.streaming.ChangeEvents.RecordChange;

import org.springframework.stereotype.Service;

/**
 * Creates, updates and deletes records of the sandbox org with Salesforce's validation and per-record
 * results, for every write path (single-record REST, sObject Collections, Bulk API ingest). Each call
 * validates all its records first and then stores the good ones in one batch; with {@code allOrNone} a
 * single failure stores nothing and marks the others as rolled back. What it stores it publishes as change events
 * (Change Data Capture, for the Streaming API).
 */
@Service
@ConditionalOnSandbox
public class SalesforceDml {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final Pattern EMAIL = Pattern.compile("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$");
    private static final List<String> TEXT_TYPES = List.of("string", "textarea", "picklist", "multipicklist", "combobox", "email", "url", "phone", "encryptedstring");
    private static final SaveError ROLLED_BACK = new SaveError("ALL_OR_NONE_OPERATION_ROLLED_BACK",
            "Record rolled back because not all records were valid and the request was using AllOrNone header", List.of());

    /** A record to write: its object (null to take it from the id's key prefix), its id for updates, its field values. */
    public record SObjectInput(String objectName, String id, ObjectNode fields) {

        /** Reads a record as sObject Collections and the single-record endpoints send it: attributes.type, id or Id, fields. */
        public static SObjectInput fromJson(JsonNode record, String defaultObjectName) {
            var fields = JSON.objectNode();
            String type = defaultObjectName;
            String id = null;
            Iterator<Map.Entry<String, JsonNode>> entries = record.fields();
            while (entries.hasNext()) {
                var entry = entries.next();
                switch (entry.getKey()) {
                    case "attributes" -> {
                        JsonNode declared = entry.getValue().get("type");
                        if (declared != null && declared.isTextual()) {
                            type = declared.asText();
                        }
                    }
                    case "id", "Id" -> id = entry.getValue().isNull() ? null : entry.getValue().asText();
                    default -> fields.set(entry.getKey(), entry.getValue());
                }
            }
            return new SObjectInput(type, id, fields);
        }
    }

    /** One record's outcome, as sObject Collections returns it; {@code id} is absent for a create that failed. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record SaveResult(String id, boolean success, List<SaveError> errors) {
    }

    public record SaveError(String statusCode, String message, List<String> fields) {
    }

    private final SalesforceSchema schema;
    private final SalesforceRecordStore store;
    private final Clock clock;
    private final ChangeEvents changeEvents;

    public SalesforceDml(SalesforceSchema schema, SalesforceRecordStore store, Clock clock, ChangeEvents changeEvents) {
        this.schema = schema;
        this.store = store;
        this.clock = clock;
        this.changeEvents = changeEvents;
    }

    public List<SaveResult> create(List<SObjectInput> inputs, boolean allOrNone) {
        Instant now = clock.instant();
        String timestamp = SalesforceDatetimes.format(now);
        var outcomes = new ArrayList<Outcome>();
        for (SObjectInput input : inputs) {
            try {
                ObjectDef object = objectNamed(input.objectName());
                if (!SalesforceObjectRules.isWritable(object)) {
                    throw new RecordError("INVALID_TYPE_FOR_OPERATION", "entity type cannot be inserted: " + object.label());
                }
                ObjectNode fields = JSON.objectNode();
                for (FieldDef field : object.storedFields()) {
                    fields.set(field.name(), field.type().equals("boolean") ? JSON.booleanNode(false) : JSON.nullNode());
                }
                apply(object, fields, input.fields(), true);
                SalesforceObjectRules.derive(object, fields);
                deriveActivityAccount(object, fields);
                requireFields(object, fields);
                fields.put("IsDeleted", false);
                fields.put("CreatedDate", timestamp);
                fields.put("LastModifiedDate", timestamp);
                fields.put("SystemModstamp", timestamp);
                outcomes.add(Outcome.staged(new SalesforceRecord(null, object.name(), now, false, fields)));
            } catch (RecordError e) {
                outcomes.add(Outcome.failed(null, e.error));
            }
        }
        if (rollBack(outcomes, allOrNone)) {
            return rolledBack(outcomes);
        }
        var created = new ArrayList<SalesforceRecord>();
        var results = new ArrayList<SaveResult>();
        for (Outcome outcome : outcomes) {
            if (outcome.record == null) {
                results.add(outcome.failure());
                continue;
            }
            ObjectDef object = schema.object(outcome.record.objectName()).orElseThrow();
            String id = store.newId(object.keyPrefix());
            outcome.record.fields().put("Id", id);
            created.add(new SalesforceRecord(id, object.name(), now, false, outcome.record.fields()));
            results.add(new SaveResult(id, true, List.of()));
        }
        store.insertAll(created);
        changeEvents.publish(created.stream().map(r -> new RecordChange(ChangeType.CREATE, null, r)).toList());
        return results;
    }

    /**
     * A Task's or Event's AccountId is read only: Salesforce sets it from WhatId (the account, or the account of the
     * opportunity) or else from WhoId (the contact's account).
     */
    private void deriveActivityAccount(ObjectDef object, ObjectNode fields) {
        if (!object.name().equals("Task") && !object.name().equals("Event")) {
            return;
        }
        String account = accountOf(fields.path("WhatId").asText(null));
        if (account == null) {
            account = accountOf(fields.path("WhoId").asText(null));
        }
        if (account == null) {
            fields.putNull("AccountId");
        } else {
            fields.put("AccountId", account);
        }
    }

    private String accountOf(String id) {
        if (id == null || id.length() < 3) {
            return null;
        }
        if (id.startsWith("001")) {
            return id;
        }
        if (!id.startsWith("006") && !id.startsWith("003")) {
            return null;
        }
        return store.find(id).map(record -> record.fields().path("AccountId").asText(null)).orElse(null);
    }

    public List<SaveResult> update(List<SObjectInput> inputs, boolean allOrNone) {
        Instant now = clock.instant();
        String timestamp = SalesforceDatetimes.format(now);
        Map<String, SalesforceRecord> current = load(inputs.stream().map(SObjectInput::id).toList());
        // Later updates of the same record in one request build on the earlier ones.
        var staged = new LinkedHashMap<String, SalesforceRecord>();
        var outcomes = new ArrayList<Outcome>();
        for (SObjectInput input : inputs) {
            String id = input.id();
            try {
                if (id == null || id.isBlank()) {
                    throw new RecordError("MISSING_ARGUMENT", "Id not specified in an update call");
                }
                SalesforceRecord existing = existing(id, input.objectName(), staged, current);
                ObjectDef object = schema.object(existing.objectName()).orElseThrow();
                ObjectNode fields = existing.fields().deepCopy();
                apply(object, fields, input.fields(), false);
                SalesforceObjectRules.derive(object, fields);
                deriveActivityAccount(object, fields);
                requireFields(object, fields);
                fields.put("LastModifiedDate", timestamp);
                fields.put("SystemModstamp", timestamp);
                var updated = new SalesforceRecord(existing.id(), object.name(), now, false, fields);
                staged.put(updated.id(), updated);
                outcomes.add(Outcome.staged(updated));
            } catch (RecordError e) {
                outcomes.add(Outcome.failed(normalizedOrRaw(id), e.error));
            }
        }
        return storeChanges(outcomes, staged.values(), allOrNone, ChangeType.UPDATE, current);
    }

    /** Marks records deleted (IsDeleted): queryAll still finds them, query does not. */
    public List<SaveResult> delete(List<String> ids, boolean allOrNone) {
        Instant now = clock.instant();
        String timestamp = SalesforceDatetimes.format(now);
        Map<String, SalesforceRecord> current = load(ids);
        var staged = new LinkedHashMap<String, SalesforceRecord>();
        var outcomes = new ArrayList<Outcome>();
        for (String id : ids) {
            try {
                SalesforceRecord existing = existing(id, null, staged, current);
                ObjectDef object = schema.object(existing.objectName()).orElseThrow();
                if (!SalesforceObjectRules.isWritable(object)) {
                    throw new RecordError("INVALID_TYPE_FOR_OPERATION", "entity type cannot be deleted: " + object.label());
                }
                ObjectNode fields = existing.fields().deepCopy();
                fields.put("IsDeleted", true);
                fields.put("LastModifiedDate", timestamp);
                fields.put("SystemModstamp", timestamp);
                var deleted = new SalesforceRecord(existing.id(), object.name(), now, true, fields);
                staged.put(deleted.id(), deleted);
                outcomes.add(Outcome.staged(deleted));
            } catch (RecordError e) {
                outcomes.add(Outcome.failed(normalizedOrRaw(id), e.error));
            }
        }
        return storeChanges(outcomes, staged.values(), allOrNone, ChangeType.DELETE, current);
    }

    /**
     * Stores the changed records unless allOrNone and one record failed, and publishes their change events (against
     * the records as stored before this call); the per-record results either way.
     */
    private List<SaveResult> storeChanges(List<Outcome> outcomes, java.util.Collection<SalesforceRecord> changed, boolean allOrNone,
            ChangeType type, Map<String, SalesforceRecord> before) {
        if (rollBack(outcomes, allOrNone)) {
            return rolledBack(outcomes);
        }
        store.updateAll(changed);
        changeEvents.publish(changed.stream().map(r -> new RecordChange(type, before.get(r.id()), r)).toList());
        return outcomes.stream().map(o -> o.record == null ? o.failure() : new SaveResult(o.record.id(), true, List.of())).toList();
    }

    private ObjectDef objectNamed(String name) throws RecordError {
        if (name == null || name.isBlank()) {
            throw new RecordError("INVALID_TYPE", "No SObject Type defined in attributes");
        }
        return schema.object(name).orElseThrow(() -> new RecordError("INVALID_TYPE", "sObject type '" + name + "' is not supported."));
    }

    private Map<String, SalesforceRecord> load(List<String> ids) {
        var valid = ids.stream().filter(SalesforceIds::isValid).map(SalesforceIds::to18).distinct().toList();
        var byId = new HashMap<String, SalesforceRecord>();
        store.findAll(valid).forEach(r -> byId.put(r.id(), r));
        return byId;
    }

    /** The live record with this id, as this request has left it so far. */
    private SalesforceRecord existing(String id, String expectedObject, Map<String, SalesforceRecord> staged,
            Map<String, SalesforceRecord> stored) throws RecordError {
        if (!SalesforceIds.isValid(id)) {
            throw new RecordError("MALFORMED_ID", "malformed id " + id);
        }
        String id18 = SalesforceIds.to18(id);
        if (expectedObject != null) {
            ObjectDef expected = objectNamed(expectedObject);
            if (!id18.startsWith(expected.keyPrefix())) {
                throw new RecordError("MALFORMED_ID", expected.label() + " ID: id value of incorrect type: " + id, List.of("Id"));
            }
        }
        SalesforceRecord record = staged.containsKey(id18) ? staged.get(id18) : stored.get(id18);
        if (record == null) {
            throw new RecordError("INVALID_CROSS_REFERENCE_KEY", "invalid cross reference id");
        }
        if (record.deleted()) {
            throw new RecordError("ENTITY_IS_DELETED", "entity is deleted");
        }
        return record;
    }

    private static String normalizedOrRaw(String id) {
        return id != null && SalesforceIds.isValid(id) ? SalesforceIds.to18(id) : id;
    }

    /** Validates the values sent and writes them into {@code target} in their stored form. */
    private void apply(ObjectDef object, ObjectNode target, ObjectNode values, boolean create) throws RecordError {
        var readOnly = new ArrayList<String>();
        var resolved = new LinkedHashMap<FieldDef, JsonNode>();
        Iterator<Map.Entry<String, JsonNode>> entries = values.fields();
        while (entries.hasNext()) {
            var entry = entries.next();
            if (entry.getKey().equalsIgnoreCase("Id")) {
                continue; // the record's own id, which identifies rather than changes it
            }
            FieldDef field = object.field(entry.getKey()).orElseThrow(() -> new RecordError("INVALID_FIELD",
                    "No such column '" + entry.getKey() + "' on sobject of type " + object.name(), List.of(entry.getKey())));
            if (create ? !field.createable() : !field.updateable()) {
                readOnly.add(field.name());
            } else {
                resolved.put(field, entry.getValue());
            }
        }
        if (!readOnly.isEmpty()) {
            throw new RecordError("INVALID_FIELD_FOR_INSERT_UPDATE", "Unable to create/update fields: " + String.join(", ", readOnly)
                    + ". Please check the security settings of this field and verify that it is read/write for your profile or permission set.", readOnly);
        }
        for (var entry : resolved.entrySet()) {
            target.set(entry.getKey().name(), storedValue(entry.getKey(), entry.getValue()));
        }
    }

    private void requireFields(ObjectDef object, ObjectNode fields) throws RecordError {
        var missing = SalesforceObjectRules.requiredFields(object).stream()
                .filter(name -> fields.path(name).isNull() || fields.path(name).isMissingNode())
                .toList();
        if (!missing.isEmpty()) {
            throw new RecordError("REQUIRED_FIELD_MISSING", "Required fields are missing: [" + String.join(", ", missing) + "]", missing);
        }
    }

    /**
     * The stored form of a value sent for a field. Like Salesforce, accepts numbers and booleans sent as
     * strings, treats "" as null for text, and stores datetimes in UTC.
     */
    private JsonNode storedValue(FieldDef field, JsonNode value) throws RecordError {
        if (value == null || value.isNull()) {
            return field.type().equals("boolean") ? JSON.booleanNode(false) : JSON.nullNode();
        }
        if (value.isContainerNode()) {
            throw notOfType(field, value);
        }
        String text = value.asText();
        String type = field.type();
        if (TEXT_TYPES.contains(type)) {
            if (text.isEmpty()) {
                return JSON.nullNode();
            }
            if (field.length() > 0 && text.length() > field.length()) {
                throw new RecordError("STRING_TOO_LONG", field.name() + ": data value too large: " + abbreviate(text)
                        + " (max length=" + field.length() + ")", List.of(field.name()));
            }
            if (type.equals("email") && !EMAIL.matcher(text).matches()) {
                throw new RecordError("INVALID_EMAIL_ADDRESS", field.name() + ": invalid email address: " + text, List.of(field.name()));
            }
            return JSON.textNode(text);
        }
        return switch (type) {
            case "id", "reference" -> reference(field, text);
            case "boolean" -> {
                if (value.isBoolean()) {
                    yield value;
                }
                if (text.equalsIgnoreCase("true") || text.equalsIgnoreCase("false")) {
                    yield JSON.booleanNode(Boolean.parseBoolean(text.toLowerCase(Locale.ROOT)));
                }
                throw notOfType(field, value);
            }
            case "int" -> {
                BigDecimal number = number(field, value);
                try {
                    yield JSON.numberNode(number.intValueExact());
                } catch (ArithmeticException e) {
                    throw notOfType(field, value);
                }
            }
            case "double", "currency", "percent" -> JSON.numberNode(checkedDecimal(field, number(field, value)).doubleValue());
            case "date" -> {
                if (!value.isTextual()) {
                    throw notOfType(field, value);
                }
                try {
                    yield JSON.textNode(LocalDate.parse(text.length() > 10 && text.charAt(10) == 'T' ? text.substring(0, 10) : text).toString());
                } catch (DateTimeParseException e) {
                    throw notOfType(field, value);
                }
            }
            case "datetime" -> {
                if (!value.isTextual()) {
                    throw notOfType(field, value);
                }
                try {
                    yield JSON.textNode(SalesforceDatetimes.format(SalesforceDatetimes.parse(text)));
                } catch (DateTimeParseException e) {
                    throw notOfType(field, value);
                }
            }
            default -> JSON.textNode(text);
        };
    }

    private JsonNode reference(FieldDef field, String text) throws RecordError {
        if (text.isEmpty()) {
            return JSON.nullNode();
        }
        if (!SalesforceIds.isValid(text)) {
            throw new RecordError("MALFORMED_ID", field.name() + ": id value of incorrect type: " + text, List.of(field.name()));
        }
        String id = SalesforceIds.to18(text);
        // Only targets the org models are checked; User ids, for one, are taken as given.
        List<ObjectDef> targets = field.referenceTo().stream().map(schema::object).flatMap(Optional::stream).toList();
        if (!targets.isEmpty() && targets.size() == field.referenceTo().size() && targets.stream().noneMatch(t -> id.startsWith(t.keyPrefix()))) {
            throw new RecordError("FIELD_INTEGRITY_EXCEPTION", field.name() + ": id value of incorrect type: " + text, List.of(field.name()));
        }
        return JSON.textNode(id);
    }

    private BigDecimal number(FieldDef field, JsonNode value) throws RecordError {
        if (value.isNumber()) {
            return value.decimalValue();
        }
        if (value.isTextual()) {
            try {
                return new BigDecimal(value.asText().trim());
            } catch (NumberFormatException e) {
                throw notOfType(field, value);
            }
        }
        throw notOfType(field, value);
    }

    /** Rounds to the field's scale and refuses more integer digits than its precision leaves. */
    private BigDecimal checkedDecimal(FieldDef field, BigDecimal number) throws RecordError {
        if (field.precision() <= 0) {
            return number;
        }
        BigDecimal rounded = number.setScale(field.scale(), RoundingMode.HALF_UP);
        int integerDigits = rounded.precision() - rounded.scale();
        if (integerDigits > field.precision() - field.scale()) {
            throw new RecordError("NUMBER_OUTSIDE_VALID_RANGE", field.name() + ": value outside of valid range on numeric field: "
                    + number.toPlainString(), List.of(field.name()));
        }
        return rounded;
    }

    private static RecordError notOfType(FieldDef field, JsonNode value) {
        return new RecordError("INVALID_TYPE_ON_FIELD_IN_RECORD", field.name() + ": value not of required type: "
                + (value.isTextual() ? value.asText() : value.toString()), List.of(field.name()));
    }

    private static String abbreviate(String text) {
        return text.length() <= 80 ? text : text.substring(0, 77) + "...";
    }

    private static boolean rollBack(List<Outcome> outcomes, boolean allOrNone) {
        return allOrNone && outcomes.stream().anyMatch(o -> o.record == null);
    }

    private static List<SaveResult> rolledBack(List<Outcome> outcomes) {
        return outcomes.stream()
                .map(o -> o.record == null ? o.failure() : new SaveResult(o.record.id(), false, List.of(ROLLED_BACK)))
                .toList();
    }

    /** A record staged for writing, or the id and error of one that failed validation. */
    private record Outcome(SalesforceRecord record, String failedId, SaveError error) {

        static Outcome staged(SalesforceRecord record) {
            return new Outcome(record, null, null);
        }

        static Outcome failed(String id, SaveError error) {
            return new Outcome(null, id, error);
        }

        SaveResult failure() {
            return new SaveResult(failedId, false, List.of(error));
        }
    }

    /** Ends the validation of one record with the error Salesforce reports for it. */
    private static final class RecordError extends Exception {
        private final SaveError error;

        RecordError(String statusCode, String message) {
            this(statusCode, message, List.of());
        }

        RecordError(String statusCode, String message, List<String> fields) {
            super(message, null, false, false);
            this.error = new SaveError(statusCode, message, List.copyOf(fields));
        }
    }
}

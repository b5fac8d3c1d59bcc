package io.signalbridge.sandbox.generator;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.signalbridge.sandbox.salesforce.SalesforceRecord;
import io.signalbridge.sandbox.salesforce.SalesforceSchema;

/**
 * Builds records holding every field of their object, in the schema's order: unset fields are JSON null,
 * and setting a field the schema does not have fails, so the generator cannot drift from the schema.
 */
final class SalesforceRecordFactory {

    private final Map<String, ObjectNode> templates = new HashMap<>();

    SalesforceRecordFactory(SalesforceSchema schema) {
        for (SalesforceSchema.ObjectDef object : schema.objects()) {
            ObjectNode template = JsonNodeFactory.instance.objectNode();
            object.storedFields().forEach(field -> template.putNull(field.name()));
            templates.put(object.name(), template);
        }
    }

    Builder create(String objectName, String id, Instant createdAt) {
        ObjectNode template = templates.get(objectName);
        if (template == null) {
            throw new IllegalArgumentException("No object " + objectName + " in the sandbox schema");
        }
        return new Builder(objectName, id, createdAt, template.deepCopy());
    }

    static final class Builder {

        private final String objectName;
        private final String id;
        private final Instant createdAt;
        private final ObjectNode fields;

        private Builder(String objectName, String id, Instant createdAt, ObjectNode fields) {
            this.objectName = objectName;
            this.id = id;
            this.createdAt = createdAt;
            this.fields = fields;
            fields.put("Id", id);
            fields.put("IsDeleted", false);
        }

        Builder set(String field, String value) {
            check(field).put(field, value);
            return this;
        }

        Builder set(String field, long value) {
            check(field).put(field, value);
            return this;
        }

        Builder set(String field, boolean value) {
            check(field).put(field, value);
            return this;
        }

        Builder setDateTime(String field, Instant value) {
            return set(field, value == null ? null : Timeline.salesforceDateTime(value));
        }

        Builder setDate(String field, Instant value) {
            return set(field, value == null ? null : Timeline.salesforceDate(value));
        }

        /** The record as last modified at {@code modifiedAt} (SystemModstamp = LastModifiedDate). */
        SalesforceRecord build(Instant modifiedAt) {
            if (modifiedAt.isBefore(createdAt)) {
                throw new IllegalStateException(objectName + " " + id + " modified before it was created");
            }
            setDateTime("CreatedDate", createdAt);
            setDateTime("LastModifiedDate", modifiedAt);
            setDateTime("SystemModstamp", modifiedAt);
            return new SalesforceRecord(id, objectName, modifiedAt, false, fields);
        }

        private ObjectNode check(String field) {
            if (!fields.has(field)) {
                throw new IllegalArgumentException(objectName + " has no field " + field);
            }
            return fields;
        }
    }
}

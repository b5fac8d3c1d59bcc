package io.signalbridge.sandbox.salesforce.soql;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.signalbridge.sandbox.salesforce.SalesforceSchema.FieldDef;

/** A field named in a query, resolved against the schema. */
public record FieldRef(FieldDef def, SoqlType type) {

    static FieldRef of(FieldDef def) {
        return new FieldRef(def, SoqlType.of(def.type()));
    }

    public String name() {
        return def.name();
    }

    /** A checkbox never written is false, as in Salesforce; any other field never written is null. */
    Comparable<?> valueIn(ObjectNode fields) {
        var value = fields.get(def.name());
        if (value == null && type == SoqlType.BOOLEAN) {
            return Boolean.FALSE;
        }
        return type.fromStored(value);
    }
}

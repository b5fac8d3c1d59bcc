package io.signalbridge.sandbox.salesforce.soql;

import java.util.List;

import io.signalbridge.sandbox.salesforce.SalesforceSchema.ObjectDef;

/**
 * A parsed SOQL statement, resolved against the schema. {@code count} marks {@code SELECT COUNT()}, whose
 * {@code fields} are empty; {@code where} is null without a WHERE clause, {@code limit} and {@code offset}
 * null when absent.
 */
public record SoqlQuery(
        ObjectDef object,
        List<FieldRef> fields,
        boolean count,
        Condition where,
        List<OrderItem> orderBy,
        Integer limit,
        Integer offset) {
}

package io.signalbridge.sandbox.salesforce.soql;

/** One ORDER BY term. Without NULLS FIRST/LAST, nulls sort first ascending and last descending. */
public record OrderItem(FieldRef field, boolean descending, boolean nullsFirst) {
}

package io.signalbridge.sandbox.salesforce.bulk;

import java.util.List;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.signalbridge.sandbox.salesforce.soql.IdList;

/**
 * What a bulk job does to the org's records: the same writes and queries as the REST API, so a record
 * written through Bulk API 2.0 obeys the same rules as one written through sObject Collections.
 */
public interface BulkRecordOperations {

    /**
     * Applies one batch of rows ({@code insert}, {@code update}, {@code upsert} on Id, {@code delete}, {@code hardDelete});
     * values are already typed by the field's describe type. One result per row, in order.
     */
    List<RowResult> write(String operation, String objectName, List<ObjectNode> rows);

    /** Runs a SOQL query; the field names as selected and the ids of the matching records in order. */
    QueryMatch query(String soql, boolean includeDeleted);

    /** The selected fields of these records, in the order of {@code ids}, one value list per record. */
    List<List<Object>> values(QueryMatch match, List<String> ids);

    /** Outcome of one row; {@code error} is {@code STATUS_CODE:message} as in a failedResults file. */
    record RowResult(String id, boolean success, boolean created, String error) {
    }

    record QueryMatch(String objectName, List<String> fields, IdList ids) {
    }
}

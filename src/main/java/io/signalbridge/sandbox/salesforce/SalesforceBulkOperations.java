package io.signalbridge.sandbox.salesforce;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.signalbridge.sandbox.salesforce.SalesforceDml.SObjectInput;
import io.signalbridge.sandbox.salesforce.SalesforceSchema.ObjectDef;
import io.signalbridge.sandbox.salesforce.SalesforceDml.SaveResult;
import io.signalbridge.sandbox.salesforce.bulk.BulkRecordOperations;
import io.signalbridge.sandbox.salesforce.soql.FieldRef;
import io.signalbridge.sandbox.salesforce.soql.SoqlExecutor;
import io.signalbridge.sandbox.salesforce.soql.SoqlParser;
import io.signalbridge.sandbox.salesforce.soql.SoqlQuery;

/** Bulk API 2.0 jobs write and query through the same rules as the REST API: SalesforceDml and the SOQL engine. */
class SalesforceBulkOperations implements BulkRecordOperations {

    private final SalesforceDml dml;
    private final SalesforceSchema schema;
    private final SalesforceRecordStore store;
    private final SoqlExecutor executor;
    private final Clock clock;

    SalesforceBulkOperations(SalesforceDml dml, SalesforceSchema schema, SalesforceRecordStore store, Clock clock) {
        this.dml = dml;
        this.schema = schema;
        this.store = store;
        this.executor = new SoqlExecutor(store);
        this.clock = clock;
    }

    @Override
    public List<RowResult> write(String operation, String objectName, List<ObjectNode> rows) {
        var inputs = rows.stream().map(row -> SObjectInput.fromJson(row, objectName)).toList();
        return switch (operation) {
            case "insert" -> results(dml.create(inputs, false), true);
            case "update" -> results(dml.update(inputs, false), false);
            case "delete", "hardDelete" -> results(dml.delete(inputs.stream().map(SObjectInput::id).toList(), false), false);
            case "upsert" -> upsert(inputs);
            default -> throw new IllegalArgumentException("Unsupported bulk operation " + operation);
        };
    }

    /** Upsert on Id: rows with an Id update, rows without one create. */
    private List<RowResult> upsert(List<SObjectInput> inputs) {
        var updates = inputs.stream().filter(i -> i.id() != null && !i.id().isBlank()).toList();
        var creates = inputs.stream().filter(i -> i.id() == null || i.id().isBlank()).toList();
        var updated = results(dml.update(updates, false), false).iterator();
        var created = results(dml.create(creates, false), true).iterator();
        var ordered = new ArrayList<RowResult>(inputs.size());
        for (SObjectInput input : inputs) {
            ordered.add(input.id() != null && !input.id().isBlank() ? updated.next() : created.next());
        }
        return ordered;
    }

    private static List<RowResult> results(List<SaveResult> saved, boolean created) {
        return saved.stream().map(r -> r.success()
                ? new RowResult(r.id(), true, created, null)
                : new RowResult(r.id(), false, false, r.errors().isEmpty() ? "UNKNOWN_EXCEPTION:unknown"
                        : r.errors().get(0).statusCode() + ":" + r.errors().get(0).message())).toList();
    }

    @Override
    public QueryMatch query(String soql, boolean includeDeleted) {
        SoqlQuery query = SoqlParser.parse(soql, schema, clock);
        return new QueryMatch(query.object().name(), query.fields().stream().map(FieldRef::name).toList(),
                executor.execute(query, includeDeleted));
    }

    @Override
    public List<List<Object>> values(QueryMatch match, List<String> ids) {
        var byId = new HashMap<String, SalesforceRecord>();
        store.findAll(ids).forEach(r -> byId.put(r.id(), r));
        var rows = new ArrayList<List<Object>>(ids.size());
        ObjectDef object = schema.object(match.objectName()).orElseThrow();
        for (String id : ids) {
            SalesforceRecord record = byId.get(id);
            if (record == null) {
                continue;
            }
            var row = new ArrayList<Object>(match.fields().size());
            for (String field : match.fields()) {
                JsonNode value = object.value(record.fields(), field);
                row.add(value == null || value.isNull() ? null : value.isContainerNode() ? value.toString() : value.asText());
            }
            rows.add(row);
        }
        return rows;
    }
}

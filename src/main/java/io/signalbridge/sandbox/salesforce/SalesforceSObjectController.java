package io.signalbridge.sandbox.salesforce;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.signalbridge.sandbox.ConditionalOnSandbox;
import io.signalbridge.sandbox.salesforce.SalesforceDml.SObjectInput;
import io.signalbridge.sandbox.salesforce.SalesforceDml.SaveError;
import io.signalbridge.sandbox.salesforce.SalesforceDml.SaveResult;
import io.signalbridge.sandbox.salesforce.SalesforceSchema.FieldDef;
import io.signalbridge.sandbox.salesforce.SalesforceSchema.ObjectDef;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The sobjects resources: describeGlobal, an object's basic info and describe, and single-record CRUD. */
@RestController
@ConditionalOnSandbox
@RequestMapping(SalesforceSandboxPaths.DATA + "/sobjects")
class SalesforceSObjectController {

    private final SalesforceSchema schema;
    private final SalesforceRecordStore store;
    private final SalesforceDml dml;
    private final ObjectMapper json;

    SalesforceSObjectController(SalesforceSchema schema, SalesforceRecordStore store, SalesforceDml dml, ObjectMapper json) {
        this.schema = schema;
        this.store = store;
        this.dml = dml;
        this.json = json;
    }

    @GetMapping
    ObjectNode describeGlobal(@PathVariable String version) {
        return SalesforceDescribe.global(schema, version);
    }

    @GetMapping("/{objectName}")
    ObjectNode basicInfo(@PathVariable String version, @PathVariable String objectName) {
        return SalesforceDescribe.basicInfo(object(objectName), version);
    }

    @GetMapping("/{objectName}/describe")
    ObjectNode describe(@PathVariable String version, @PathVariable String objectName) {
        return SalesforceDescribe.describe(object(objectName), version);
    }

    @GetMapping("/{objectName}/{id}")
    ObjectNode get(@PathVariable String version, @PathVariable String objectName, @PathVariable String id,
            @RequestParam(name = "fields", required = false) String fields) {
        ObjectDef object = object(objectName);
        SalesforceRecord record = liveRecord(object, id);
        return SalesforceRecordJson.render(record, object, fieldNames(object, fields), version);
    }

    @PostMapping("/{objectName}")
    ResponseEntity<SaveResult> create(@PathVariable String objectName, @RequestBody(required = false) String body) {
        ObjectDef object = object(objectName);
        SObjectInput input = SObjectInput.fromJson(record(body), object.name());
        SaveResult result = dml.create(List.of(new SObjectInput(object.name(), null, input.fields())), false).get(0);
        return ResponseEntity.status(HttpStatus.CREATED).body(succeeded(result));
    }

    @PatchMapping("/{objectName}/{id}")
    ResponseEntity<Void> update(@PathVariable String objectName, @PathVariable String id, @RequestBody(required = false) String body) {
        ObjectDef object = object(objectName);
        SalesforceRecord record = liveRecord(object, id);
        SObjectInput input = SObjectInput.fromJson(record(body), object.name());
        succeeded(dml.update(List.of(new SObjectInput(object.name(), record.id(), input.fields())), false).get(0));
        return ResponseEntity.noContent().build();
    }

    @DeleteMapping("/{objectName}/{id}")
    ResponseEntity<Void> delete(@PathVariable String objectName, @PathVariable String id) {
        SalesforceRecord record = liveRecord(object(objectName), id);
        succeeded(dml.delete(List.of(record.id()), false).get(0));
        return ResponseEntity.noContent().build();
    }

    private ObjectDef object(String name) {
        return schema.object(name).orElseThrow(SalesforceSObjectController::notFound);
    }

    private SalesforceRecord liveRecord(ObjectDef object, String id) {
        if (!SalesforceIds.isValid(id)) {
            // Salesforce reads a path segment that is no id as an external id field name.
            throw new SalesforceApiException(HttpStatus.NOT_FOUND, "NOT_FOUND", "Provided external ID field does not exist or is not accessible: " + id, List.of());
        }
        SalesforceRecord record = store.find(id).filter(r -> r.objectName().equals(object.name())).orElseThrow(SalesforceSObjectController::notFound);
        if (record.deleted()) {
            throw new SalesforceApiException(HttpStatus.NOT_FOUND, "ENTITY_IS_DELETED", "entity is deleted", List.of());
        }
        return record;
    }

    private List<String> fieldNames(ObjectDef object, String fields) {
        if (fields == null || fields.isBlank()) {
            return object.fields().stream().map(FieldDef::name).toList();
        }
        var names = new LinkedHashSet<String>();
        for (String requested : fields.split(",")) {
            String name = requested.trim();
            FieldDef field = object.field(name).orElseThrow(() -> new SalesforceApiException(HttpStatus.BAD_REQUEST, "INVALID_FIELD",
                    "No such column '" + name + "' on entity '" + object.name() + "'. If you are attempting to use a custom field, be sure to append"
                            + " the '__c' after the custom field name. Please reference your WSDL or the describe call for the appropriate names.",
                    List.of()));
            names.add(field.name());
        }
        return new ArrayList<>(names);
    }

    private JsonNode record(String body) {
        JsonNode record = SalesforceRequestBodies.parse(json, body);
        if (!record.isObject()) {
            throw SalesforceRequestBodies.parserError("Cannot deserialize instance of SObject out of " + record.getNodeType() + " token");
        }
        return record;
    }

    /** A single-record write answers its failure as a request error. */
    private static SaveResult succeeded(SaveResult result) {
        if (!result.success()) {
            SaveError error = result.errors().get(0);
            throw new SalesforceApiException(HttpStatus.BAD_REQUEST, error.statusCode(), error.message(), error.fields());
        }
        return result;
    }

    static SalesforceApiException notFound() {
        return new SalesforceApiException(HttpStatus.NOT_FOUND, "NOT_FOUND", "The requested resource does not exist", List.of());
    }
}

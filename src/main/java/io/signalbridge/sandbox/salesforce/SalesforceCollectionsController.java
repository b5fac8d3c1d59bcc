package io.signalbridge.sandbox.salesforce;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

import io.signalbridge.sandbox.ConditionalOnSandbox;
import io.signalbridge.sandbox.salesforce.SalesforceDml.SObjectInput;
import io.signalbridge.sandbox.salesforce.SalesforceDml.SaveResult;
import io.signalbridge.sandbox.salesforce.SalesforceSchema.ObjectDef;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** sObject Collections: create, update, delete and retrieve up to 200 records per request. */
@RestController
@ConditionalOnSandbox
@RequestMapping(SalesforceSandboxPaths.DATA + "/composite/sobjects")
class SalesforceCollectionsController {

    static final int MAX_RECORDS = 200;

    private final SalesforceSchema schema;
    private final SalesforceRecordStore store;
    private final SalesforceDml dml;
    private final ObjectMapper json;

    SalesforceCollectionsController(SalesforceSchema schema, SalesforceRecordStore store, SalesforceDml dml, ObjectMapper json) {
        this.schema = schema;
        this.store = store;
        this.dml = dml;
        this.json = json;
    }

    @PostMapping
    List<SaveResult> create(@RequestBody(required = false) String body) {
        JsonNode request = SalesforceRequestBodies.parse(json, body);
        return dml.create(records(request), allOrNone(request));
    }

    @PatchMapping
    List<SaveResult> update(@RequestBody(required = false) String body) {
        JsonNode request = SalesforceRequestBodies.parse(json, body);
        return dml.update(records(request), allOrNone(request));
    }

    @DeleteMapping
    List<SaveResult> delete(@RequestParam(name = "ids", required = false) String ids,
            @RequestParam(name = "allOrNone", defaultValue = "false") boolean allOrNone) {
        List<String> idList = split(ids);
        if (idList.isEmpty()) {
            throw new SalesforceApiException(HttpStatus.BAD_REQUEST, "REQUIRED_FIELD_MISSING", "At least 1 Id is required.", List.of());
        }
        checkCount(idList.size());
        return dml.delete(idList, allOrNone);
    }

    @GetMapping("/{objectName}")
    ArrayNode retrieve(@PathVariable String version, @PathVariable String objectName,
            @RequestParam(name = "ids", required = false) String ids, @RequestParam(name = "fields", required = false) String fields) {
        return retrieve(version, objectName, split(ids), split(fields));
    }

    /** The POST form of retrieve, for id lists too long for a URL: {@code {"ids":[..],"fields":[..]}}. */
    @PostMapping("/{objectName}")
    ArrayNode retrieveByBody(@PathVariable String version, @PathVariable String objectName, @RequestBody(required = false) String body) {
        JsonNode request = SalesforceRequestBodies.parse(json, body);
        return retrieve(version, objectName, texts(request.path("ids")), texts(request.path("fields")));
    }

    private ArrayNode retrieve(String version, String objectName, List<String> ids, List<String> fields) {
        ObjectDef object = schema.object(objectName).orElseThrow(SalesforceSObjectController::notFound);
        if (ids.isEmpty()) {
            throw new SalesforceApiException(HttpStatus.BAD_REQUEST, "REQUIRED_FIELD_MISSING", "At least 1 Id is required.", List.of());
        }
        if (fields.isEmpty()) {
            throw new SalesforceApiException(HttpStatus.BAD_REQUEST, "REQUIRED_FIELD_MISSING", "At least 1 field is required.", List.of());
        }
        checkCount(ids.size());
        var names = new ArrayList<String>();
        for (String field : fields) {
            names.add(object.field(field).orElseThrow(() -> new SalesforceApiException(HttpStatus.BAD_REQUEST, "INVALID_FIELD",
                    "No such column '" + field + "' on entity '" + object.name() + "'. If you are attempting to use a custom field, be sure to append"
                            + " the '__c' after the custom field name. Please reference your WSDL or the describe call for the appropriate names.",
                    List.of())).name());
        }
        var byId = new HashMap<String, SalesforceRecord>();
        store.findAll(ids.stream().filter(SalesforceIds::isValid).toList()).forEach(r -> byId.put(r.id(), r));
        ArrayNode result = JsonNodeFactory.instance.arrayNode();
        for (String id : ids) {
            SalesforceRecord record = SalesforceIds.isValid(id) ? byId.get(SalesforceIds.to18(id)) : null;
            if (record == null || record.deleted() || !record.objectName().equals(object.name())) {
                result.addNull();
            } else {
                result.add(SalesforceRecordJson.render(record, object, names, version));
            }
        }
        return result;
    }

    private static List<SObjectInput> records(JsonNode request) {
        JsonNode records = request.path("records");
        if (!records.isArray()) {
            throw SalesforceRequestBodies.parserError("Cannot deserialize instance of list out of " + records.getNodeType() + " token");
        }
        checkCount(records.size());
        var inputs = new ArrayList<SObjectInput>(records.size());
        for (JsonNode record : records) {
            if (!record.isObject()) {
                throw SalesforceRequestBodies.parserError("Cannot deserialize instance of SObject out of " + record.getNodeType() + " token");
            }
            inputs.add(SObjectInput.fromJson(record, null));
        }
        return inputs;
    }

    private static boolean allOrNone(JsonNode request) {
        return request.path("allOrNone").asBoolean(false);
    }

    private static void checkCount(int count) {
        if (count > MAX_RECORDS) {
            throw new SalesforceApiException(HttpStatus.BAD_REQUEST, "EXCEEDED_ID_LIMIT",
                    "record limit reached. cannot submit more than " + MAX_RECORDS + " records into this call", List.of());
        }
    }

    private static List<String> split(String commaSeparated) {
        if (commaSeparated == null || commaSeparated.isBlank()) {
            return List.of();
        }
        return Arrays.stream(commaSeparated.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    private static List<String> texts(JsonNode array) {
        var values = new ArrayList<String>();
        array.forEach(value -> values.add(value.asText()));
        return values;
    }
}

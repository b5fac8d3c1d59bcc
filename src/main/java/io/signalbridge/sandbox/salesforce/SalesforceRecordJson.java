package io.signalbridge.sandbox.salesforce;

import java.util.Collection;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.signalbridge.sandbox.salesforce.SalesforceSchema.ObjectDef;

/** A record as the REST API returns it: {@code attributes} (type, url relative to the instance), then the fields asked for. */
final class SalesforceRecordJson {

    private SalesforceRecordJson() {
    }

    /** A field never written reads as Salesforce shows it: see {@link ObjectDef#value}. */
    static ObjectNode render(SalesforceRecord record, ObjectDef object, Collection<String> fieldNames, String version) {
        var json = JsonNodeFactory.instance.objectNode();
        json.set("attributes", attributes(record.objectName(), record.id(), version));
        for (String name : fieldNames) {
            json.set(name, object.value(record.fields(), name));
        }
        return json;
    }

    static ObjectNode attributes(String objectName, String id, String version) {
        var attributes = JsonNodeFactory.instance.objectNode();
        attributes.put("type", objectName);
        attributes.put("url", SalesforceSandboxPaths.sobjectUrl(version, objectName) + "/" + id);
        return attributes;
    }
}

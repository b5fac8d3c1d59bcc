package io.signalbridge.sandbox.salesforce;

import java.util.Collection;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** A record as the REST API returns it: {@code attributes} (type, url relative to the instance), then the fields asked for. */
final class SalesforceRecordJson {

    private SalesforceRecordJson() {
    }

    static ObjectNode render(SalesforceRecord record, Collection<String> fieldNames, String version) {
        var json = JsonNodeFactory.instance.objectNode();
        json.set("attributes", attributes(record.objectName(), record.id(), version));
        for (String name : fieldNames) {
            var value = record.fields().get(name);
            json.set(name, value == null ? NullNode.getInstance() : value);
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

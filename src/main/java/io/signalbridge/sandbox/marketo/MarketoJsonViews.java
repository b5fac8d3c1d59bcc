package io.signalbridge.sandbox.marketo;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** The JSON shapes of the sandbox Marketo records, as the REST API returns them. */
public class MarketoJsonViews {

    /** The asset API's timestamp format, e.g. {@code 2021-11-23T22:57:24Z+0000}. */
    private static final DateTimeFormatter ASSET_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'Z+0000'").withZone(ZoneOffset.UTC);

    private final ObjectMapper json;

    public MarketoJsonViews(ObjectMapper json) {
        this.json = json;
    }

    /** The lead with the requested fields in order; {@code id} always comes first, absent fields read as null (booleans false). */
    public ObjectNode lead(MarketoLead lead, List<String> fields) {
        ObjectNode node = json.createObjectNode();
        node.put("id", lead.id());
        for (String name : fields) {
            switch (name) {
                case MarketoLeadFields.ID -> { }
                case MarketoLeadFields.EMAIL -> node.put(name, lead.email());
                case MarketoLeadFields.CREATED_AT -> node.put(name, MarketoLeadField.formatDateTime(lead.createdAt()));
                case MarketoLeadFields.UPDATED_AT -> node.put(name, MarketoLeadField.formatDateTime(lead.updatedAt()));
                default -> {
                    JsonNode value = lead.fields() == null ? null : lead.fields().get(name);
                    node.set(name, value == null || value.isNull()
                            ? MarketoLeadFields.byName(name).map(MarketoLeadField::absentValue).orElse(json.nullNode())
                            : value);
                }
            }
        }
        return node;
    }

    public ObjectNode activity(MarketoActivity activity) {
        ObjectNode node = json.createObjectNode();
        node.put("id", activity.id());
        node.put("marketoGUID", activity.marketoGuid());
        node.put("leadId", activity.leadId());
        node.put("activityDate", MarketoLeadField.formatDateTime(activity.activityDate()));
        node.put("activityTypeId", activity.activityTypeId());
        if (activity.primaryAttributeValueId() != null) {
            node.put("primaryAttributeValueId", activity.primaryAttributeValueId());
        }
        if (activity.primaryAttributeValue() != null) {
            node.put("primaryAttributeValue", activity.primaryAttributeValue());
        }
        node.set("attributes", activity.attributes() == null ? json.createArrayNode() : activity.attributes());
        return node;
    }

    public ObjectNode activityType(MarketoActivityTypes.ActivityType type) {
        ObjectNode node = json.createObjectNode();
        node.put("id", type.id());
        node.put("name", type.name());
        node.put("description", type.description());
        if (type.primaryAttribute() != null) {
            node.putObject("primaryAttribute").put("name", type.primaryAttribute().name()).put("dataType", type.primaryAttribute().dataType());
        }
        var attributes = node.putArray("attributes");
        type.attributes().forEach(a -> attributes.addObject().put("name", a.name()).put("dataType", a.dataType()));
        return node;
    }

    public ObjectNode field(MarketoLeadField field) {
        ObjectNode node = json.createObjectNode();
        node.put("id", field.id());
        node.put("displayName", field.displayName());
        node.put("dataType", field.dataType());
        if (field.length() != null) {
            node.put("length", field.length());
        }
        node.putObject("rest").put("name", field.name()).put("readOnly", field.readOnly());
        node.putObject("soap").put("name", Character.toUpperCase(field.name().charAt(0)) + field.name().substring(1)).put("readOnly", field.readOnly());
        return node;
    }

    /** A list as the Lead Database API ({@code /rest/v1/lists}) shows it. */
    public ObjectNode list(MarketoList list) {
        ObjectNode node = json.createObjectNode();
        node.put("id", list.id());
        node.put("name", list.name());
        node.put("workspaceName", "Default");
        node.put("createdAt", MarketoLeadField.formatDateTime(list.createdAt()));
        node.put("updatedAt", MarketoLeadField.formatDateTime(list.updatedAt()));
        return node;
    }

    /** A list as the Asset API ({@code /rest/asset/v1/staticList}) shows it. */
    public ObjectNode staticListAsset(MarketoList list) {
        ObjectNode node = json.createObjectNode();
        node.put("id", list.id());
        node.put("name", list.name());
        node.put("createdAt", ASSET_TIME.format(list.createdAt()));
        node.put("updatedAt", ASSET_TIME.format(list.updatedAt()));
        node.putObject("folder").put("id", MarketoListController.LISTS_FOLDER_ID).put("type", "Folder");
        node.put("computedUrl", "https://app-sandbox.marketo.com/#ST" + list.id() + "A1");
        node.put("workspace", "Default");
        return node;
    }
}

package io.signalbridge.security.scim;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** The schemas this service keeps of RFC 7643's User and Group, for {@code GET /scim/v2/Schemas}. */
final class ScimSchemas {

    private ScimSchemas() {
    }

    static ObjectNode user(JsonNodeFactory nodes, String location) {
        ObjectNode schema = schema(nodes, ScimController.USER_SCHEMA, "User", "a user of the console", location);
        ArrayNode attributes = schema.putArray("attributes");
        attributes.add(attribute(nodes, "userName", "string", false, true, "readWrite", "server").put("description", "the sign-in name (Okta: the login)"));
        ObjectNode name = attribute(nodes, "name", "complex", false, false, "readWrite", "none");
        ArrayNode parts = name.putArray("subAttributes");
        parts.add(attribute(nodes, "givenName", "string", false, false, "readWrite", "none"));
        parts.add(attribute(nodes, "familyName", "string", false, false, "readWrite", "none"));
        parts.add(attribute(nodes, "formatted", "string", false, false, "readOnly", "none"));
        attributes.add(name);
        attributes.add(attribute(nodes, "displayName", "string", false, false, "readWrite", "none"));
        ObjectNode emails = attribute(nodes, "emails", "complex", true, false, "readWrite", "none");
        ArrayNode emailParts = emails.putArray("subAttributes");
        emailParts.add(attribute(nodes, "value", "string", false, false, "readWrite", "none"));
        emailParts.add(attribute(nodes, "type", "string", false, false, "readWrite", "none"));
        emailParts.add(attribute(nodes, "primary", "boolean", false, false, "readWrite", "none"));
        attributes.add(emails);
        attributes.add(attribute(nodes, "active", "boolean", false, false, "readWrite", "none")
                .put("description", "false: the user's API tokens are revoked and their console sessions end; true takes a seat"));
        attributes.add(attribute(nodes, "groups", "complex", true, false, "readOnly", "none"));
        attributes.add(attribute(nodes, "roles", "complex", true, false, "readOnly", "none")
                .put("description", "the roles in signalbridge: an admin's assignment, else the groups' roles, else VIEWER"));
        return schema;
    }

    static ObjectNode group(JsonNodeFactory nodes, String location) {
        ObjectNode schema = schema(nodes, ScimController.GROUP_SCHEMA, "Group", "an identity provider group", location);
        ArrayNode attributes = schema.putArray("attributes");
        attributes.add(attribute(nodes, "displayName", "string", false, true, "readWrite", "server"));
        ObjectNode members = attribute(nodes, "members", "complex", true, false, "readWrite", "none");
        ArrayNode parts = members.putArray("subAttributes");
        parts.add(attribute(nodes, "value", "string", false, false, "immutable", "none"));
        parts.add(attribute(nodes, "display", "string", false, false, "readOnly", "none"));
        attributes.add(members);
        return schema;
    }

    private static ObjectNode schema(JsonNodeFactory nodes, String id, String name, String description, String location) {
        ObjectNode schema = nodes.objectNode();
        schema.putArray("schemas").add("urn:ietf:params:scim:schemas:core:2.0:Schema");
        schema.put("id", id).put("name", name).put("description", description);
        schema.set("meta", nodes.objectNode().put("resourceType", "Schema").put("location", location));
        return schema;
    }

    private static ObjectNode attribute(JsonNodeFactory nodes, String name, String type, boolean multiValued, boolean required,
            String mutability, String uniqueness) {
        return nodes.objectNode().put("name", name).put("type", type).put("multiValued", multiValued).put("required", required)
                .put("caseExact", false).put("mutability", mutability).put("returned", "default").put("uniqueness", uniqueness);
    }
}

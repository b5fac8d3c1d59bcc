package io.signalbridge.security.scim;

import java.net.URI;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.signalbridge.security.AssignedRoles;
import io.signalbridge.security.Role;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/**
 * SCIM 2.0 (RFC 7643, 7644) as Okta's provisioning calls it: Users and Groups with {@code eq} filters on
 * {@code userName} and {@code displayName}, paging, POST, PUT, PATCH, DELETE; the discovery endpoints. Strict: any
 * other filter is {@code invalidFilter}, an unknown PATCH path {@code invalidPath}. Answers are
 * {@code application/scim+json}; errors are {@link ScimErrors}'.
 */
@RestController
@RequestMapping(path = "/scim/v2", produces = {ScimController.SCIM_JSON, MediaType.APPLICATION_JSON_VALUE})
public class ScimController {

    public static final String SCIM_JSON = "application/scim+json";
    static final MediaType SCIM_MEDIA_TYPE = MediaType.parseMediaType(SCIM_JSON);
    static final String USER_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:User";
    static final String GROUP_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:Group";
    static final String LIST_RESPONSE = "urn:ietf:params:scim:api:messages:2.0:ListResponse";
    static final String PATCH_OP = "urn:ietf:params:scim:api:messages:2.0:PatchOp";
    static final int MAX_RESULTS = 200;
    private static final Pattern EQ_FILTER = Pattern.compile("^\\s*([A-Za-z][\\w.]*)\\s+(\\w+)\\s+\"((?:[^\"\\\\]|\\\\.)*)\"\\s*$");
    private static final Pattern MEMBER_PATH = Pattern.compile("^members\\[\\s*value\\s+eq\\s+\"([^\"]*)\"\\s*]$", Pattern.CASE_INSENSITIVE);

    private final ScimDirectory directory;
    private final AssignedRoles roles;
    private final ObjectMapper json;
    private final JsonNodeFactory nodes = JsonNodeFactory.instance;

    public ScimController(ScimDirectory directory, AssignedRoles roles, ObjectMapper json) {
        this.directory = directory;
        this.roles = roles;
        this.json = json;
    }

    // ---- discovery

    @GetMapping("/ServiceProviderConfig")
    public ResponseEntity<JsonNode> serviceProviderConfig() {
        ObjectNode config = nodes.objectNode();
        config.putArray("schemas").add("urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig");
        config.put("documentationUri", "https://github.com/signalbridge/signalbridge#provisioning-by-scim");
        config.putObject("patch").put("supported", true);
        config.putObject("bulk").put("supported", false).put("maxOperations", 0).put("maxPayloadSize", 0);
        config.putObject("filter").put("supported", true).put("maxResults", MAX_RESULTS);
        config.putObject("changePassword").put("supported", false);
        config.putObject("sort").put("supported", false);
        config.putObject("etag").put("supported", true);
        config.putArray("authenticationSchemes").addObject().put("type", "oauthbearertoken").put("name", "Bearer token")
                .put("description", "the token of signalbridge.security.scim.token, as Authorization: Bearer <token>").put("primary", true);
        config.set("meta", nodes.objectNode().put("resourceType", "ServiceProviderConfig").put("location", location("/ServiceProviderConfig")));
        return scim(HttpStatus.OK, config);
    }

    @GetMapping("/ResourceTypes")
    public ResponseEntity<JsonNode> resourceTypes() {
        return scim(HttpStatus.OK, list(List.of(resourceType("User"), resourceType("Group")), 2, 1));
    }

    @GetMapping("/ResourceTypes/{name}")
    public ResponseEntity<JsonNode> resourceTypeNamed(@PathVariable String name) {
        if (!name.equals("User") && !name.equals("Group")) {
            throw ScimException.notFound("ResourceType " + name);
        }
        return scim(HttpStatus.OK, resourceType(name));
    }

    @GetMapping("/Schemas")
    public ResponseEntity<JsonNode> schemas() {
        return scim(HttpStatus.OK, list(List.of(ScimSchemas.user(nodes, location("/Schemas/" + USER_SCHEMA)),
                ScimSchemas.group(nodes, location("/Schemas/" + GROUP_SCHEMA))), 2, 1));
    }

    @GetMapping("/Schemas/{id}")
    public ResponseEntity<JsonNode> schema(@PathVariable String id) {
        return switch (id) {
            case USER_SCHEMA -> scim(HttpStatus.OK, ScimSchemas.user(nodes, location("/Schemas/" + id)));
            case GROUP_SCHEMA -> scim(HttpStatus.OK, ScimSchemas.group(nodes, location("/Schemas/" + id)));
            default -> throw ScimException.notFound("Schema " + id);
        };
    }

    // ---- users

    @GetMapping("/Users")
    public ResponseEntity<JsonNode> users(@RequestParam(required = false) String filter, @RequestParam(required = false) Integer startIndex,
            @RequestParam(required = false) Integer count) {
        String userName = filter == null ? null : eqFilter(filter, "userName");
        int start = startIndex == null || startIndex < 1 ? 1 : startIndex;
        int size = count == null ? 100 : Math.max(0, Math.min(count, MAX_RESULTS));
        var page = directory.users(userName, start, size);
        return scim(HttpStatus.OK, list(page.items().stream().map(this::user).toList(), page.total(), start));
    }

    @GetMapping("/Users/{id}")
    public ResponseEntity<JsonNode> user(@PathVariable String id) {
        return withVersion(HttpStatus.OK, user(directory.user(uuid(id, "User")).orElseThrow(() -> ScimException.notFound("User " + id))));
    }

    @PostMapping("/Users")
    public ResponseEntity<JsonNode> createUser(@RequestBody JsonNode body) {
        requireSchema(body, USER_SCHEMA);
        var created = directory.createUser(userData(body, null));
        return withVersion(HttpStatus.CREATED, user(created));
    }

    @PutMapping("/Users/{id}")
    public ResponseEntity<JsonNode> replaceUser(@PathVariable String id, @RequestBody JsonNode body) {
        requireSchema(body, USER_SCHEMA);
        UUID uuid = uuid(id, "User");
        return withVersion(HttpStatus.OK, user(directory.updateUser(uuid, current -> userData(body, current))));
    }

    @PatchMapping("/Users/{id}")
    public ResponseEntity<JsonNode> patchUser(@PathVariable String id, @RequestBody JsonNode body) {
        List<JsonNode> operations = operations(body);
        UUID uuid = uuid(id, "User");
        return withVersion(HttpStatus.OK, user(directory.updateUser(uuid, current -> {
            UserPatch patch = new UserPatch(current);
            operations.forEach(patch::apply);
            return patch.result();
        })));
    }

    @DeleteMapping("/Users/{id}")
    public ResponseEntity<Void> deleteUser(@PathVariable String id) {
        directory.deleteUser(uuid(id, "User"));
        return ResponseEntity.noContent().build();
    }

    // ---- groups

    @GetMapping("/Groups")
    public ResponseEntity<JsonNode> groups(@RequestParam(required = false) String filter, @RequestParam(required = false) Integer startIndex,
            @RequestParam(required = false) Integer count, @RequestParam(required = false) String excludedAttributes) {
        String displayName = filter == null ? null : eqFilter(filter, "displayName");
        int start = startIndex == null || startIndex < 1 ? 1 : startIndex;
        int size = count == null ? 100 : Math.max(0, Math.min(count, MAX_RESULTS));
        boolean members = excludedAttributes == null || List.of(excludedAttributes.split(",")).stream().map(String::strip)
                .noneMatch("members"::equalsIgnoreCase);
        var page = directory.groups(displayName, start, size);
        return scim(HttpStatus.OK, list(page.items().stream().map(group -> group(group, members)).toList(), page.total(), start));
    }

    @GetMapping("/Groups/{id}")
    public ResponseEntity<JsonNode> group(@PathVariable String id) {
        return withVersion(HttpStatus.OK, group(directory.group(uuid(id, "Group")).orElseThrow(() -> ScimException.notFound("Group " + id)), true));
    }

    @PostMapping("/Groups")
    public ResponseEntity<JsonNode> createGroup(@RequestBody JsonNode body) {
        requireSchema(body, GROUP_SCHEMA);
        return withVersion(HttpStatus.CREATED, group(directory.createGroup(new ScimDirectory.GroupData(text(body, "displayName"),
                text(body, "externalId"), memberIds(body.get("members")))), true));
    }

    @PutMapping("/Groups/{id}")
    public ResponseEntity<JsonNode> replaceGroup(@PathVariable String id, @RequestBody JsonNode body) {
        requireSchema(body, GROUP_SCHEMA);
        UUID uuid = uuid(id, "Group");
        return withVersion(HttpStatus.OK, group(directory.updateGroup(uuid, current -> new ScimDirectory.GroupData(text(body, "displayName"),
                text(body, "externalId"), memberIds(body.get("members")))), true));
    }

    @PatchMapping("/Groups/{id}")
    public ResponseEntity<JsonNode> patchGroup(@PathVariable String id, @RequestBody JsonNode body) {
        List<JsonNode> operations = operations(body);
        UUID uuid = uuid(id, "Group");
        return withVersion(HttpStatus.OK, group(directory.updateGroup(uuid, current -> {
            String name = current.displayName();
            String externalId = current.externalId();
            Set<UUID> members = new LinkedHashSet<>(current.members());
            for (JsonNode operation : operations) {
                String op = op(operation);
                String path = operation.path("path").asText(null);
                JsonNode value = operation.get("value");
                Matcher one = path == null ? null : MEMBER_PATH.matcher(path.strip());
                if (path == null) {
                    if (op.equals("remove") || value == null || !value.isObject()) {
                        throw new ScimException(400, "noTarget", "an operation without a path needs an object value (add or replace)");
                    }
                    for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext();) {
                        var field = it.next();
                        switch (field.getKey().toLowerCase(Locale.ROOT)) {
                            case "id" -> { }
                            case "displayname" -> name = field.getValue().asText();
                            case "externalid" -> externalId = field.getValue().isNull() ? null : field.getValue().asText();
                            case "members" -> {
                                if (op.equals("replace")) {
                                    members.clear();
                                }
                                members.addAll(memberIds(field.getValue()));
                            }
                            default -> throw new ScimException(400, "invalidPath", "Group has no attribute " + field.getKey());
                        }
                    }
                } else if (path.equalsIgnoreCase("members")) {
                    switch (op) {
                        case "add" -> members.addAll(memberIds(value));
                        case "replace" -> {
                            members.clear();
                            members.addAll(memberIds(value));
                        }
                        default -> {
                            if (value == null) {
                                members.clear();
                            } else {
                                members.removeAll(memberIds(value));
                            }
                        }
                    }
                } else if (one.matches()) {
                    if (!op.equals("remove")) {
                        throw new ScimException(400, "invalidPath", "a members[value eq ...] path is for remove only");
                    }
                    members.remove(uuidOrNull(one.group(1)));
                } else if (path.equalsIgnoreCase("displayName")) {
                    if (op.equals("remove")) {
                        throw new ScimException(400, "mutability", "displayName is required");
                    }
                    name = value == null ? null : value.asText();
                } else if (path.equalsIgnoreCase("externalId")) {
                    externalId = op.equals("remove") || value == null || value.isNull() ? null : value.asText();
                } else {
                    throw new ScimException(400, "invalidPath", "Group has no attribute path " + path);
                }
            }
            return new ScimDirectory.GroupData(name, externalId, members);
        }), true));
    }

    @DeleteMapping("/Groups/{id}")
    public ResponseEntity<Void> deleteGroup(@PathVariable String id) {
        directory.deleteGroup(uuid(id, "Group"));
        return ResponseEntity.noContent().build();
    }

    /** Anything else under /scim/v2 (Bulk, Me, a typo): 404 in the SCIM error schema, not the service's error page. */
    @RequestMapping("/**")
    public ResponseEntity<JsonNode> unknown() {
        throw new ScimException(404, null, "no such SCIM endpoint here (Users, Groups, ServiceProviderConfig, ResourceTypes, Schemas)");
    }

    // ---- reading requests

    /** The value of {@code attribute eq "value"}; any other filter is refused with {@code invalidFilter}. */
    static String eqFilter(String filter, String attribute) {
        Matcher matcher = EQ_FILTER.matcher(filter);
        if (!matcher.matches() || !matcher.group(1).equalsIgnoreCase(attribute) || !matcher.group(2).equalsIgnoreCase("eq")) {
            throw new ScimException(400, "invalidFilter", "only the filter " + attribute + " eq \"...\" is supported, not: " + filter);
        }
        return matcher.group(3).replaceAll("\\\\(.)", "$1");
    }

    private static void requireSchema(JsonNode body, String schema) {
        if (body == null || !body.isObject()) {
            throw ScimException.invalidSyntax("the body is a JSON object");
        }
        JsonNode schemas = body.get("schemas");
        if (schemas == null || !schemas.isArray() || !contains(schemas, schema)) {
            throw ScimException.invalidSyntax("the body's schemas must list " + schema);
        }
    }

    private static List<JsonNode> operations(JsonNode body) {
        requireSchema(body, PATCH_OP);
        JsonNode operations = body.get("Operations");
        if (operations == null || !operations.isArray() || operations.isEmpty()) {
            throw ScimException.invalidSyntax("a PatchOp lists one or more Operations");
        }
        var list = new ArrayList<JsonNode>();
        operations.forEach(list::add);
        list.forEach(ScimController::op);
        return list;
    }

    private static String op(JsonNode operation) {
        String op = operation.path("op").asText("").toLowerCase(Locale.ROOT);
        if (!Set.of("add", "replace", "remove").contains(op)) {
            throw ScimException.invalidSyntax("op is add, replace or remove, not \"" + operation.path("op").asText("") + "\"");
        }
        return op;
    }

    private static boolean contains(JsonNode array, String text) {
        for (JsonNode item : array) {
            if (item.asText().equals(text)) {
                return true;
            }
        }
        return false;
    }

    /** A User resource as the data to store; {@code current} (PUT) gives nothing but its identity: PUT replaces. */
    private ScimDirectory.UserData userData(JsonNode body, ScimDirectory.UserData current) {
        JsonNode name = body.path("name");
        JsonNode active = body.get("active");
        if (active != null && !active.isBoolean()) {
            throw ScimException.invalidValue("active is a boolean");
        }
        return new ScimDirectory.UserData(text(body, "userName"), text(body, "externalId"), text(name, "givenName"), text(name, "familyName"),
                text(body, "displayName"), emails(body.get("emails")), active == null || active.booleanValue());
    }

    private String emails(JsonNode emails) {
        if (emails == null || emails.isNull()) {
            return null;
        }
        if (!emails.isArray()) {
            throw ScimException.invalidValue("emails is an array");
        }
        for (JsonNode email : emails) {
            if (!email.isObject() || !email.path("value").isTextual()) {
                throw ScimException.invalidValue("each email has a value");
            }
        }
        try {
            return json.writeValueAsString(emails);
        } catch (com.fasterxml.jackson.core.JsonProcessingException impossible) {
            throw new IllegalStateException(impossible);
        }
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node == null ? null : node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isValueNode()) {
            throw ScimException.invalidValue(field + " is a string");
        }
        return value.asText();
    }

    private static Set<UUID> memberIds(JsonNode members) {
        var ids = new LinkedHashSet<UUID>();
        if (members == null || members.isNull()) {
            return ids;
        }
        if (!members.isArray()) {
            throw ScimException.invalidValue("members is an array of {\"value\": \"<user id>\"}");
        }
        for (JsonNode member : members) {
            UUID id = uuidOrNull(member.path("value").asText(""));
            if (id == null) {
                throw ScimException.invalidValue("member " + member.path("value").asText("(no value)") + " is no User of this service");
            }
            ids.add(id);
        }
        return ids;
    }

    private static UUID uuid(String id, String type) {
        UUID uuid = uuidOrNull(id);
        if (uuid == null) {
            throw ScimException.notFound(type + " " + id);
        }
        return uuid;
    }

    private static UUID uuidOrNull(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException notAnId) {
            return null;
        }
    }

    /** PATCH on a User: Okta's {@code {"op":"replace","value":{"active":false}}} and the path forms. */
    private final class UserPatch {
        private String userName;
        private String externalId;
        private String givenName;
        private String familyName;
        private String displayName;
        private String emails;
        private boolean active;

        UserPatch(ScimDirectory.UserData current) {
            userName = current.userName();
            externalId = current.externalId();
            givenName = current.givenName();
            familyName = current.familyName();
            displayName = current.displayName();
            emails = current.emails();
            active = current.active();
        }

        void apply(JsonNode operation) {
            String op = op(operation);
            String path = operation.path("path").asText(null);
            JsonNode value = operation.get("value");
            if (path == null) {
                if (op.equals("remove") || value == null || !value.isObject()) {
                    throw new ScimException(400, "noTarget", "an operation without a path needs an object value (add or replace)");
                }
                for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext();) {
                    var field = it.next();
                    if (field.getKey().equalsIgnoreCase("name") && field.getValue().isObject()) {
                        field.getValue().fields().forEachRemaining(part -> set("name." + part.getKey(), part.getValue()));
                    } else if (!field.getKey().equalsIgnoreCase("schemas") && !field.getKey().equalsIgnoreCase("id")) {
                        set(field.getKey(), field.getValue());
                    }
                }
            } else if (op.equals("remove")) {
                set(path, null);
            } else if (path.equalsIgnoreCase("name") && value != null && value.isObject()) {
                value.fields().forEachRemaining(part -> set("name." + part.getKey(), part.getValue()));
            } else {
                set(path, value);
            }
        }

        private void set(String path, JsonNode value) {
            String text = value == null || value.isNull() ? null : value.isValueNode() ? value.asText() : null;
            if (value != null && !value.isNull() && !value.isValueNode() && !path.equalsIgnoreCase("emails")) {
                throw ScimException.invalidValue(path + " is a single value");
            }
            switch (path.strip().toLowerCase(Locale.ROOT)) {
                case "active" -> {
                    if (value == null || !(value.isBoolean() || value.isTextual() && Set.of("true", "false").contains(text.toLowerCase(Locale.ROOT)))) {
                        throw ScimException.invalidValue("active is true or false");
                    }
                    active = value.isBoolean() ? value.booleanValue() : Boolean.parseBoolean(text.toLowerCase(Locale.ROOT));
                }
                case "username" -> {
                    if (text == null) {
                        throw new ScimException(400, "mutability", "userName is required");
                    }
                    userName = text;
                }
                case "externalid" -> externalId = text;
                case "displayname" -> displayName = text;
                case "name.givenname" -> givenName = text;
                case "name.familyname" -> familyName = text;
                case "name.formatted", "name.middlename", "name.honorificprefix", "name.honorificsuffix" -> { }
                case "emails" -> emails = emails(value);
                default -> throw new ScimException(400, "invalidPath", "User has no attribute path " + path + " here");
            }
        }

        ScimDirectory.UserData result() {
            return new ScimDirectory.UserData(userName, externalId, givenName, familyName, displayName, emails, active);
        }
    }

    // ---- writing answers

    private ObjectNode user(ScimDirectory.User user) {
        var data = user.data();
        ObjectNode node = nodes.objectNode();
        node.putArray("schemas").add(USER_SCHEMA);
        node.put("id", user.id().toString());
        if (data.externalId() != null) {
            node.put("externalId", data.externalId());
        }
        node.put("userName", data.userName());
        ObjectNode name = node.putObject("name");
        if (data.givenName() != null) {
            name.put("givenName", data.givenName());
        }
        if (data.familyName() != null) {
            name.put("familyName", data.familyName());
        }
        String formatted = String.join(" ", java.util.stream.Stream.of(data.givenName(), data.familyName())
                .filter(part -> part != null && !part.isBlank()).toList());
        if (!formatted.isEmpty()) {
            name.put("formatted", formatted);
        }
        if (data.displayName() != null) {
            node.put("displayName", data.displayName());
        }
        if (data.emails() != null) {
            try {
                node.set("emails", json.readTree(data.emails()));
            } catch (com.fasterxml.jackson.core.JsonProcessingException stored) {
                throw new IllegalStateException(stored);
            }
        }
        node.put("active", data.active());
        ArrayNode groups = node.putArray("groups");
        directory.groupsOfUser(user.id()).forEach(group -> groups.addObject().put("value", group.id().toString())
                .put("display", group.userName()).put("$ref", location("/Groups/" + group.id())).put("type", "direct"));
        ArrayNode roleNodes = node.putArray("roles");
        for (Role role : roles.rolesOf(data.userName())) {
            roleNodes.addObject().put("value", role.name()).put("type", "signalbridge");
        }
        node.set("meta", meta("User", user.created(), user.modified(), user.version(), "/Users/" + user.id()));
        return node;
    }

    private ObjectNode group(ScimDirectory.Group group, boolean withMembers) {
        ObjectNode node = nodes.objectNode();
        node.putArray("schemas").add(GROUP_SCHEMA);
        node.put("id", group.id().toString());
        if (group.externalId() != null) {
            node.put("externalId", group.externalId());
        }
        node.put("displayName", group.displayName());
        if (withMembers) {
            ArrayNode members = node.putArray("members");
            group.members().forEach(member -> members.addObject().put("value", member.id().toString()).put("display", member.userName())
                    .put("$ref", location("/Users/" + member.id())).put("type", "User"));
        }
        node.set("meta", meta("Group", group.created(), group.modified(), group.version(), "/Groups/" + group.id()));
        return node;
    }

    private ObjectNode meta(String type, java.time.Instant created, java.time.Instant modified, long version, String path) {
        return nodes.objectNode().put("resourceType", type).put("created", created.toString()).put("lastModified", modified.toString())
                .put("location", location(path)).put("version", "W/\"" + version + "\"");
    }

    private ObjectNode resourceType(String name) {
        ObjectNode node = nodes.objectNode();
        node.putArray("schemas").add("urn:ietf:params:scim:schemas:core:2.0:ResourceType");
        node.put("id", name).put("name", name).put("endpoint", "/" + name + "s")
                .put("description", name.equals("User") ? "a user of the console" : "an identity provider group (its roles: signalbridge.security.oidc.group-roles)")
                .put("schema", name.equals("User") ? USER_SCHEMA : GROUP_SCHEMA);
        node.set("meta", nodes.objectNode().put("resourceType", "ResourceType").put("location", location("/ResourceTypes/" + name)));
        return node;
    }

    private ObjectNode list(List<? extends JsonNode> resources, int total, int startIndex) {
        ObjectNode node = nodes.objectNode();
        node.putArray("schemas").add(LIST_RESPONSE);
        node.put("totalResults", total).put("itemsPerPage", resources.size()).put("startIndex", startIndex);
        node.putArray("Resources").addAll(resources.stream().map(JsonNode.class::cast).toList());
        return node;
    }

    private static String location(String path) {
        return ServletUriComponentsBuilder.fromCurrentContextPath().path("/scim/v2" + path).build().toUriString();
    }

    private static ResponseEntity<JsonNode> scim(HttpStatus status, JsonNode body) {
        return ResponseEntity.status(status).contentType(SCIM_MEDIA_TYPE).body(body);
    }

    private static ResponseEntity<JsonNode> withVersion(HttpStatus status, ObjectNode body) {
        var builder = ResponseEntity.status(status).contentType(SCIM_MEDIA_TYPE).header(HttpHeaders.ETAG, body.path("meta").path("version").asText());
        if (status == HttpStatus.CREATED) {
            builder.location(URI.create(body.path("meta").path("location").asText()));
        }
        return builder.body(body);
    }
}

package io.signalbridge.security.scim;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;

import io.signalbridge.audit.AuditLog;
import io.signalbridge.security.AssignedRoles;
import io.signalbridge.security.Role;
import io.signalbridge.security.tokens.ApiTokens;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.ActiveProfiles;

/**
 * Okta's provisioning sequence over real HTTP: look up, create, look up, deactivate (the user's API token stops
 * working), reactivate, group push; the user's roles follow their groups. And the SCIM errors.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles({"sandbox", "test"})
class ScimProvisioningTest {

    static final String TOKEN = "sandbox-scim-token";
    static final String PATCH_OP = "urn:ietf:params:scim:api:messages:2.0:PatchOp";
    static final String ERROR = "urn:ietf:params:scim:api:messages:2.0:Error";

    @Autowired
    TestRestTemplate http;
    @Autowired
    ApiTokens apiTokens;
    @Autowired
    AssignedRoles assignedRoles;
    @Autowired
    AuditLog audit;

    @Test
    void oktasProvisioningSequence() {
        String userName = "alice." + suffix() + "@example.com";
        String filter = "/scim/v2/Users?filter=userName eq \"" + userName + "\"&startIndex=1&count=100";

        var lookup = scim(HttpMethod.GET, filter, null);
        assertThat(lookup.getStatusCode().value()).isEqualTo(200);
        assertThat(lookup.getHeaders().getContentType().toString()).startsWith("application/scim+json");
        assertThat(lookup.getBody().path("schemas").get(0).asText()).isEqualTo("urn:ietf:params:scim:api:messages:2.0:ListResponse");
        assertThat(lookup.getBody().path("totalResults").asInt()).isZero();
        assertThat(lookup.getBody().path("Resources")).isEmpty();

        var created = scim(HttpMethod.POST, "/scim/v2/Users", """
                {"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"%s","externalId":"00u1abc",
                 "name":{"givenName":"Alice","familyName":"Martin"},
                 "emails":[{"primary":true,"value":"%s","type":"work"}],"displayName":"Alice Martin","locale":"en-US",
                 "active":true,"password":"ignored"}""".formatted(userName, userName));
        assertThat(created.getStatusCode().value()).isEqualTo(201);
        JsonNode user = created.getBody();
        String id = user.path("id").asText();
        assertThat(UUID.fromString(id)).isNotNull();
        assertThat(user.path("userName").asText()).isEqualTo(userName);
        assertThat(user.path("active").asBoolean()).isTrue();
        assertThat(user.path("name").path("givenName").asText()).isEqualTo("Alice");
        assertThat(user.path("emails").get(0).path("value").asText()).isEqualTo(userName);
        assertThat(user.has("password")).isFalse();
        assertThat(user.path("meta").path("version").asText()).isEqualTo("W/\"1\"");
        assertThat(user.path("meta").path("location").asText()).endsWith("/scim/v2/Users/" + id);
        assertThat(created.getHeaders().getLocation().toString()).endsWith("/scim/v2/Users/" + id);
        assertThat(user.path("roles").findValuesAsText("value")).containsExactly("VIEWER");

        var found = scim(HttpMethod.GET, "/scim/v2/Users?filter=userName eq \"" + userName.toUpperCase() + "\"", null);
        assertThat(found.getBody().path("totalResults").asInt()).as("userName is compared without case").isOne();
        assertThat(found.getBody().path("Resources").get(0).path("id").asText()).isEqualTo(id);

        // the user's own API token works until the deactivation
        String token = apiTokens.create(userName, EnumSet.of(Role.VIEWER), "laptop", null).secret();
        assertThat(bearer(token, "/api/me").getStatusCode().value()).isEqualTo(200);

        var deactivated = scim(HttpMethod.PATCH, "/scim/v2/Users/" + id, """
                {"schemas":["%s"],"Operations":[{"op":"replace","value":{"active":false}}]}""".formatted(PATCH_OP));
        assertThat(deactivated.getStatusCode().value()).isEqualTo(200);
        assertThat(deactivated.getBody().path("active").asBoolean()).isFalse();
        assertThat(deactivated.getBody().path("meta").path("version").asText()).isEqualTo("W/\"2\"");
        assertThat(deactivated.getHeaders().getETag()).isEqualTo("W/\"2\"");
        assertThat(bearer(token, "/api/me").getStatusCode().value()).as("the deactivated user's token").isEqualTo(401);
        assertThat(apiTokens.of(userName)).allSatisfy(t -> assertThat(t.revokedAt()).isNotNull());
        assertThat(audit.list(new AuditLog.Filter("scim", "scim.user.deactivate", null, null, 0, 100)))
                .anySatisfy(entry -> assertThat(entry.target()).isEqualTo(userName));

        var reactivated = scim(HttpMethod.PATCH, "/scim/v2/Users/" + id, """
                {"schemas":["%s"],"Operations":[{"op":"replace","path":"active","value":true},
                 {"op":"replace","path":"name.givenName","value":"Alicia"}]}""".formatted(PATCH_OP));
        assertThat(reactivated.getStatusCode().value()).isEqualTo(200);
        assertThat(reactivated.getBody().path("active").asBoolean()).isTrue();
        assertThat(reactivated.getBody().path("name").path("givenName").asText()).isEqualTo("Alicia");
        assertThat(reactivated.getBody().path("name").path("familyName").asText()).isEqualTo("Martin");
        assertThat(bearer(token, "/api/me").getStatusCode().value()).as("a revoked token stays revoked").isEqualTo(401);
        String newToken = apiTokens.create(userName, EnumSet.of(Role.VIEWER), "laptop again", null).secret();
        assertThat(bearer(newToken, "/api/me").getStatusCode().value()).isEqualTo(200);

        // group push: Okta creates the group with its members, then renames it and adds and removes members
        var group = scim(HttpMethod.POST, "/scim/v2/Groups", """
                {"schemas":["urn:ietf:params:scim:schemas:core:2.0:Group"],"displayName":"ops-%s","members":[{"value":"%s","display":"%s"}]}"""
                .formatted(suffix(), id, userName));
        assertThat(group.getStatusCode().value()).isEqualTo(201);
        String groupId = group.getBody().path("id").asText();
        assertThat(group.getBody().path("members").findValuesAsText("value")).containsExactly(id);
        assertThat(rolesOf(id)).as("no mapped group yet: VIEWER").containsExactly("VIEWER");

        String operations = "signalbridge-operations";
        var renamed = scim(HttpMethod.PATCH, "/scim/v2/Groups/" + groupId, """
                {"schemas":["%s"],"Operations":[{"op":"replace","value":{"id":"%s","displayName":"%s"}}]}""".formatted(PATCH_OP, groupId, operations));
        assertThat(renamed.getStatusCode().value()).isEqualTo(200);
        assertThat(renamed.getBody().path("displayName").asText()).isEqualTo(operations);
        assertThat(rolesOf(id)).containsExactly("OPERATIONS");
        assertThat(assignedRoles.authorities(userName, Map.of("groups", List.of("signalbridge-admins")))).extracting(Object::toString)
                .as("a provisioned user's roles come from the SCIM groups, not the token's claim").containsExactly("ROLE_OPERATIONS");

        var removed = scim(HttpMethod.PATCH, "/scim/v2/Groups/" + groupId, """
                {"schemas":["%s"],"Operations":[{"op":"remove","path":"members[value eq \\"%s\\"]"}]}""".formatted(PATCH_OP, id));
        assertThat(removed.getStatusCode().value()).isEqualTo(200);
        assertThat(removed.getBody().path("members")).isEmpty();
        assertThat(rolesOf(id)).containsExactly("VIEWER");

        var added = scim(HttpMethod.PATCH, "/scim/v2/Groups/" + groupId, """
                {"schemas":["%s"],"Operations":[{"op":"add","path":"members","value":[{"value":"%s"}]}]}""".formatted(PATCH_OP, id));
        assertThat(added.getBody().path("members").findValuesAsText("value")).containsExactly(id);
        String marketing = "signalbridge-marketing";
        var second = scim(HttpMethod.POST, "/scim/v2/Groups", """
                {"schemas":["urn:ietf:params:scim:schemas:core:2.0:Group"],"displayName":"%s","members":[]}""".formatted(marketing));
        assertThat(second.getStatusCode().value()).isEqualTo(201);
        scim(HttpMethod.PATCH, "/scim/v2/Groups/" + second.getBody().path("id").asText(), """
                {"schemas":["%s"],"Operations":[{"op":"add","path":"members","value":[{"value":"%s"}]}]}""".formatted(PATCH_OP, id));
        assertThat(rolesOf(id)).containsExactly("OPERATIONS", "MARKETING");
        assertThat(scim(HttpMethod.GET, "/scim/v2/Users/" + id, null).getBody().path("groups").findValuesAsText("display"))
                .containsExactlyInAnyOrder(operations, marketing);

        // an admin's assignment wins over the groups, until it is removed
        assignedRoles.assign(userName, List.of(Role.ADMIN), "admin");
        assertThat(rolesOf(id)).containsExactly("ADMIN");
        assignedRoles.remove(userName);
        assertThat(rolesOf(id)).containsExactly("OPERATIONS", "MARKETING");

        var groups = scim(HttpMethod.GET, "/scim/v2/Groups?filter=displayName eq \"" + operations + "\"&excludedAttributes=members", null);
        assertThat(groups.getBody().path("totalResults").asInt()).isOne();
        assertThat(groups.getBody().path("Resources").get(0).has("members")).isFalse();
        assertThat(audit.list(new AuditLog.Filter("scim", "scim.group.members", null, null, 0, 100))).hasSizeGreaterThanOrEqualTo(3);

        // PUT replaces the user whole
        var replaced = scim(HttpMethod.PUT, "/scim/v2/Users/" + id, """
                {"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"%s","name":{"givenName":"Al","familyName":"Martin"},
                 "active":true}""".formatted(userName));
        assertThat(replaced.getStatusCode().value()).isEqualTo(200);
        assertThat(replaced.getBody().path("name").path("givenName").asText()).isEqualTo("Al");
        assertThat(replaced.getBody().has("emails")).isFalse();
        assertThat(replaced.getBody().has("externalId")).isFalse();

        // a group deleted takes its roles along
        assertThat(scim(HttpMethod.DELETE, "/scim/v2/Groups/" + groupId, null).getStatusCode().value()).isEqualTo(204);
        assertThat(rolesOf(id)).containsExactly("MARKETING");
    }

    @Test
    void discoveryEndpointsDescribeWhatIsSupported() {
        var config = scim(HttpMethod.GET, "/scim/v2/ServiceProviderConfig", null);
        assertThat(config.getStatusCode().value()).isEqualTo(200);
        assertThat(config.getBody().path("patch").path("supported").asBoolean()).isTrue();
        assertThat(config.getBody().path("bulk").path("supported").asBoolean()).isFalse();
        assertThat(config.getBody().path("filter").path("maxResults").asInt()).isEqualTo(200);
        assertThat(config.getBody().path("authenticationSchemes").get(0).path("type").asText()).isEqualTo("oauthbearertoken");

        var types = scim(HttpMethod.GET, "/scim/v2/ResourceTypes", null);
        assertThat(types.getBody().path("Resources").findValuesAsText("endpoint")).containsExactly("/Users", "/Groups");
        assertThat(scim(HttpMethod.GET, "/scim/v2/ResourceTypes/User", null).getBody().path("schema").asText())
                .isEqualTo("urn:ietf:params:scim:schemas:core:2.0:User");
        var schemas = scim(HttpMethod.GET, "/scim/v2/Schemas", null);
        assertThat(schemas.getBody().path("Resources").findValuesAsText("id"))
                .contains("urn:ietf:params:scim:schemas:core:2.0:User", "urn:ietf:params:scim:schemas:core:2.0:Group");
        assertThat(scim(HttpMethod.GET, "/scim/v2/Schemas/urn:ietf:params:scim:schemas:core:2.0:Group", null).getBody().path("name").asText())
                .isEqualTo("Group");
    }

    @Test
    void pagingByStartIndexAndCount() {
        String prefix = "page" + suffix();
        for (int i = 0; i < 3; i++) {
            assertThat(scim(HttpMethod.POST, "/scim/v2/Users", userJson(prefix + i + "@example.com")).getStatusCode().value()).isEqualTo(201);
        }
        var page = scim(HttpMethod.GET, "/scim/v2/Users?startIndex=2&count=2", null);
        assertThat(page.getBody().path("totalResults").asInt()).isGreaterThanOrEqualTo(3);
        assertThat(page.getBody().path("itemsPerPage").asInt()).isEqualTo(2);
        assertThat(page.getBody().path("startIndex").asInt()).isEqualTo(2);
        assertThat(page.getBody().path("Resources")).hasSize(2);
        var none = scim(HttpMethod.GET, "/scim/v2/Users?count=0", null);
        assertThat(none.getBody().path("Resources")).isEmpty();
        assertThat(none.getBody().path("totalResults").asInt()).isGreaterThanOrEqualTo(3);
    }

    @Test
    void errorsInTheScimErrorSchema() {
        var noToken = http.exchange("/scim/v2/Users", HttpMethod.GET, new HttpEntity<>(new HttpHeaders()), JsonNode.class);
        assertError(noToken, 401, null);
        var headers = new HttpHeaders();
        headers.setBearerAuth("wrong-token");
        assertError(http.exchange("/scim/v2/Users", HttpMethod.GET, new HttpEntity<>(headers), JsonNode.class), 401, null);
        var basic = new HttpHeaders();
        basic.setBasicAuth("admin", "sandbox");
        assertError(http.exchange("/scim/v2/Users", HttpMethod.GET, new HttpEntity<>(basic), JsonNode.class), 401, null);

        assertError(scim(HttpMethod.GET, "/scim/v2/Users?filter=userName co \"a\"", null), 400, "invalidFilter");
        assertError(scim(HttpMethod.GET, "/scim/v2/Users?filter=emails eq \"a@example.com\"", null), 400, "invalidFilter");
        assertError(scim(HttpMethod.GET, "/scim/v2/Users?filter=userName eq \"a\" and active eq true", null), 400, "invalidFilter");
        assertError(scim(HttpMethod.GET, "/scim/v2/Groups?filter=userName eq \"a\"", null), 400, "invalidFilter");

        assertError(scim(HttpMethod.GET, "/scim/v2/Users/" + UUID.randomUUID(), null), 404, null);
        assertError(scim(HttpMethod.GET, "/scim/v2/Users/not-an-id", null), 404, null);
        assertError(scim(HttpMethod.PATCH, "/scim/v2/Users/" + UUID.randomUUID(), """
                {"schemas":["%s"],"Operations":[{"op":"replace","value":{"active":false}}]}""".formatted(PATCH_OP)), 404, null);
        assertError(scim(HttpMethod.GET, "/scim/v2/Groups/" + UUID.randomUUID(), null), 404, null);
        assertError(scim(HttpMethod.POST, "/scim/v2/Bulk", "{}"), 404, null);
        assertError(scim(HttpMethod.GET, "/scim/v2/Me", null), 404, null);

        String userName = "dup." + suffix() + "@example.com";
        assertThat(scim(HttpMethod.POST, "/scim/v2/Users", userJson(userName)).getStatusCode().value()).isEqualTo(201);
        assertError(scim(HttpMethod.POST, "/scim/v2/Users", userJson(userName.toUpperCase())), 409, "uniqueness");
        assertThat(audit.list(new AuditLog.Filter("scim", "scim.user.create", null, null, 0, 100)))
                .anySatisfy(entry -> assertThat(entry.outcome()).isEqualTo("refused"));

        assertError(scim(HttpMethod.POST, "/scim/v2/Users", "{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:User\"]}"), 400, "invalidValue");
        assertError(scim(HttpMethod.POST, "/scim/v2/Users", "{\"userName\":\"x\"}"), 400, "invalidSyntax");
        assertError(scim(HttpMethod.POST, "/scim/v2/Users", "{not json"), 400, "invalidSyntax");
        String id = scim(HttpMethod.POST, "/scim/v2/Users", userJson("path." + suffix() + "@example.com")).getBody().path("id").asText();
        assertError(scim(HttpMethod.PATCH, "/scim/v2/Users/" + id, """
                {"schemas":["%s"],"Operations":[{"op":"replace","path":"nickName","value":"x"}]}""".formatted(PATCH_OP)), 400, "invalidPath");
        assertError(scim(HttpMethod.PATCH, "/scim/v2/Users/" + id, """
                {"schemas":["%s"],"Operations":[{"op":"move","path":"active","value":false}]}""".formatted(PATCH_OP)), 400, "invalidSyntax");
        assertError(scim(HttpMethod.POST, "/scim/v2/Groups", """
                {"schemas":["urn:ietf:params:scim:schemas:core:2.0:Group"],"displayName":"g%s","members":[{"value":"%s"}]}"""
                .formatted(suffix(), UUID.randomUUID())), 400, "invalidValue");
    }

    /** Whatever signed them in: a deactivated user is refused on the next request (here the sandbox's Basic user sales). */
    @Test
    void aDeactivatedUserIsRefusedWhateverTheirCredentials() {
        var created = scim(HttpMethod.POST, "/scim/v2/Users", userJson("sales"));
        assertThat(created.getStatusCode().value()).isEqualTo(201);
        String id = created.getBody().path("id").asText();
        try {
            assertThat(http.withBasicAuth("sales", "sandbox").getForEntity("/api/me", String.class).getStatusCode().value()).isEqualTo(200);
            scim(HttpMethod.PATCH, "/scim/v2/Users/" + id, """
                    {"schemas":["%s"],"Operations":[{"op":"replace","path":"active","value":"False"}]}""".formatted(PATCH_OP));
            assertThat(http.withBasicAuth("sales", "sandbox").getForEntity("/api/me", String.class).getStatusCode().value()).isEqualTo(401);
            scim(HttpMethod.PATCH, "/scim/v2/Users/" + id, """
                    {"schemas":["%s"],"Operations":[{"op":"replace","value":{"active":true}}]}""".formatted(PATCH_OP));
            assertThat(http.withBasicAuth("sales", "sandbox").getForEntity("/api/me", String.class).getStatusCode().value()).isEqualTo(200);
        } finally {
            assertThat(scim(HttpMethod.DELETE, "/scim/v2/Users/" + id, null).getStatusCode().value()).isEqualTo(204);
        }
        assertError(scim(HttpMethod.GET, "/scim/v2/Users/" + id, null), 404, null);
    }

    @Test
    void theScimTokenOpensNothingOfTheService() {
        var headers = new HttpHeaders();
        headers.setBearerAuth(TOKEN);
        // the service takes it for a JWT of its issuer and refuses it (in this test the sandbox issuer's discovery, at port 0,
        // is not reachable, hence no 401 here): in no case is it let in
        assertThat(http.exchange("/api/me", HttpMethod.GET, new HttpEntity<>(headers), String.class).getStatusCode().is2xxSuccessful()).isFalse();
    }

    static String userJson(String userName) {
        return """
                {"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"%s","name":{"givenName":"G","familyName":"F"},"active":true}"""
                .formatted(userName);
    }

    private List<String> rolesOf(String id) {
        return scim(HttpMethod.GET, "/scim/v2/Users/" + id, null).getBody().path("roles").findValuesAsText("value");
    }

    static void assertError(ResponseEntity<JsonNode> response, int status, String scimType) {
        assertThat(response.getStatusCode().value()).isEqualTo(status);
        assertThat(response.getHeaders().getContentType().toString()).startsWith("application/scim+json");
        assertThat(response.getBody().path("schemas").get(0).asText()).isEqualTo(ERROR);
        assertThat(response.getBody().path("status").asText()).isEqualTo(String.valueOf(status));
        assertThat(response.getBody().path("detail").asText()).isNotBlank();
        if (scimType == null) {
            assertThat(response.getBody().has("scimType")).isFalse();
        } else {
            assertThat(response.getBody().path("scimType").asText()).isEqualTo(scimType);
        }
    }

    ResponseEntity<JsonNode> scim(HttpMethod method, String path, String body) {
        var headers = new HttpHeaders();
        headers.setBearerAuth(TOKEN);
        headers.setAccept(List.of(MediaType.parseMediaType("application/scim+json")));
        if (body != null) {
            headers.setContentType(MediaType.parseMediaType("application/scim+json"));
        }
        return http.exchange(path, method, new HttpEntity<>(body, headers), JsonNode.class);
    }

    private ResponseEntity<String> bearer(String token, String path) {
        var headers = new HttpHeaders();
        headers.setBearerAuth(token);
        return http.exchange(path, HttpMethod.GET, new HttpEntity<>(headers), String.class);
    }

    static String suffix() {
        return UUID.randomUUID().toString().substring(0, 8);
    }
}

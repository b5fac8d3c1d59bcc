package io.signalbridge.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.signalbridge.sandbox.SandboxTokenStore.Org;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.util.LinkedMultiValueMap;

/**
 * The sandbox orgs answer with at least every key that the real APIs' recorded responses carry
 * (../shared/api-fixtures: restforce's and CumulusCI's Salesforce recordings, Adobe's Marketo examples).
 * Values are the org's own; the shape is what clients depend on.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
class RecordedApiShapesTest {

    static final Path FIXTURES = Path.of("../shared/api-fixtures");
    static final String DATA = "/sandbox/salesforce/services/data/v62.0";
    /** Describe keys of features the sandbox org does not model (layouts, record types, relationships to children). */
    static final Set<String> DESCRIBE_KEYS_NOT_MODELLED = Set.of("actionOverrides", "childRelationships", "namedLayoutInfos",
            "recordTypeInfos", "supportedScopes", "extendedBy", "extendsInterfaces", "implementedBy", "implementsInterfaces",
            "defaultImplementation", "networkScopeFieldName");

    @Autowired
    TestRestTemplate http;
    @Autowired
    SandboxTokenStore tokens;
    final ObjectMapper json = new ObjectMapper();

    @Test
    void salesforceTokenResponse() throws IOException {
        var form = new LinkedMultiValueMap<String, String>();
        form.add("grant_type", "password");
        form.add("client_id", "sandbox");
        form.add("client_secret", "sandbox");
        form.add("username", "integration@sandbox.local");
        form.add("password", "sandbox");
        var headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_FORM_URLENCODED);
        JsonNode ours = http.postForObject("/sandbox/salesforce/services/oauth2/token", new HttpEntity<>(form, headers), JsonNode.class);

        assertThat(missingKeys(fixture("salesforce-restforce-fixtures/head/auth_success_response.json"), ours)).isEmpty();
        var error = http.postForObject("/sandbox/salesforce/services/oauth2/token", new HttpEntity<>(new LinkedMultiValueMap<>(java.util.Map.of(
                "grant_type", List.of("password"), "client_id", List.of("sandbox"), "client_secret", List.of("sandbox"),
                "username", List.of("integration@sandbox.local"), "password", List.of("wrong"))), headers), JsonNode.class);
        assertThat(missingKeys(fixture("salesforce-restforce-fixtures/head/auth_error_response.json"), error)).isEmpty();
    }

    @Test
    void salesforceQueryPagesAndErrors() throws IOException {
        JsonNode page = salesforce("/query?q=SELECT Id FROM Account");
        JsonNode error = salesforce("/query?q=SELECT Nope__c FROM Account");

        assertThat(missingKeys(without(fixture("salesforce-restforce-fixtures/head/sobject/query_paginated_last_page_response.json"), "records"), page))
                .isEmpty();
        assertThat(missingKeys(fixture("salesforce-restforce-fixtures/head/sobject/query_error_response.json"), error)).isEmpty();
    }

    @Test
    void salesforceDescribeOfAccountAndItsFields() throws IOException {
        JsonNode recorded = fixture("salesforce-cumulusci-cassettes/describe-json/Account_describe.json");
        JsonNode ours = salesforce("/sobjects/Account/describe");

        var missing = new ArrayList<String>();
        recorded.fieldNames().forEachRemaining(key -> {
            if (!ours.has(key) && !DESCRIBE_KEYS_NOT_MODELLED.contains(key)) {
                missing.add(key);
            }
        });
        recorded.path("fields").get(0).fieldNames().forEachRemaining(key -> {
            if (!ours.path("fields").get(0).has(key)) {
                missing.add("fields[]." + key);
            }
        });
        assertThat(missing).isEmpty();
    }

    @Test
    void marketoTokenAndActivities() throws IOException {
        JsonNode token = http.getForObject("/sandbox/marketo/identity/oauth/token?grant_type=client_credentials&client_id=sandbox&client_secret=sandbox",
                JsonNode.class);
        assertThat(missingKeys(fixture("marketo-developer-docs/examples/authentication__01.json"), token)).isEmpty();

        String bearer = token.path("access_token").asText();
        JsonNode types = marketo("/sandbox/marketo/rest/v1/activities/types.json", bearer);
        JsonNode pagingToken = marketo("/sandbox/marketo/rest/v1/activities/pagingtoken.json?sinceDatetime=2020-01-01T00:00:00Z", bearer);
        assertThat(types.path("success").asBoolean()).isTrue();
        JsonNode activities = marketo("/sandbox/marketo/rest/v1/activities.json?activityTypeIds=12&nextPageToken="
                + pagingToken.path("nextPageToken").asText(), bearer);
        JsonNode recorded = without(fixture("marketo-developer-docs/examples/activities__01.json"), "result");

        assertThat(missingKeys(recorded, activities)).isEmpty();
    }

    private JsonNode salesforce(String path) {
        String token = tokens.issue(Org.SALESFORCE, "sandbox", "integration@sandbox.local", Duration.ofMinutes(5), "00D!").value();
        var headers = new HttpHeaders();
        headers.setBearerAuth(token);
        return http.exchange(DATA + path, HttpMethod.GET, new HttpEntity<>(headers), JsonNode.class).getBody();
    }

    private JsonNode marketo(String path, String bearer) {
        var headers = new HttpHeaders();
        headers.setBearerAuth(bearer);
        return http.exchange(path, HttpMethod.GET, new HttpEntity<>(headers), JsonNode.class).getBody();
    }

    private JsonNode fixture(String relative) throws IOException {
        Path file = FIXTURES.resolve(relative);
        assumeTrue(Files.exists(file), "recorded API fixtures are in ../shared/api-fixtures beside the checkout");
        return json.readTree(file.toFile());
    }

    private static JsonNode without(JsonNode node, String key) {
        var copy = node.deepCopy();
        ((com.fasterxml.jackson.databind.node.ObjectNode) copy).remove(key);
        return copy;
    }

    /** Paths of keys the recorded response has and ours lacks; arrays compare their first elements. */
    static List<String> missingKeys(JsonNode recorded, JsonNode ours) {
        var missing = new ArrayList<String>();
        collect(recorded, ours, "", missing);
        return missing;
    }

    private static void collect(JsonNode recorded, JsonNode ours, String path, List<String> missing) {
        if (recorded.isArray() && recorded.size() > 0) {
            if (ours == null || !ours.isArray() || ours.isEmpty()) {
                missing.add(path + "[]");
            } else {
                collect(recorded.get(0), ours.get(0), path + "[]", missing);
            }
        } else if (recorded.isObject()) {
            Iterator<String> keys = recorded.fieldNames();
            while (keys.hasNext()) {
                String key = keys.next();
                if (ours == null || !ours.has(key)) {
                    missing.add(path + "." + key);
                } else {
                    collect(recorded.get(key), ours.get(key), path + "." + key, missing);
                }
            }
        }
    }
}

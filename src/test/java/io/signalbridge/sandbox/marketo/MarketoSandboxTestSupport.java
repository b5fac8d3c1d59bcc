package io.signalbridge.sandbox.marketo;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.signalbridge.sandbox.SandboxApiUsage;
import io.signalbridge.sandbox.SandboxTokenStore;

import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import org.springframework.web.util.UriComponentsBuilder;

/** Shared context and HTTP helpers of the sandbox Marketo tests: every test starts on an empty, idle instance. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
@Import(MutableTestClock.Config.class)
abstract class MarketoSandboxTestSupport {

    static final String BASE = "/sandbox/marketo";

    @LocalServerPort
    int port;
    @Autowired
    TestRestTemplate http;
    @Autowired
    ObjectMapper json;
    @Autowired
    MutableTestClock clock;
    @Autowired
    MarketoStore store;
    @Autowired
    MarketoCallLimits limits;
    @Autowired
    SandboxApiUsage usage;
    @Autowired
    SandboxTokenStore tokens;

    String token;

    @BeforeEach
    void startOnAnIdleEmptyInstance() {
        clock.advance(Duration.ofMinutes(1));
        limits.reset();
        usage.reset(SandboxTokenStore.Org.MARKETO);
        store.deleteAll();
        tokens.revokeAll(SandboxTokenStore.Org.MARKETO);
        token = accessToken();
    }

    String accessToken() {
        var response = http.getForEntity(BASE + "/identity/oauth/token?grant_type=client_credentials&client_id=sandbox&client_secret=sandbox",
                JsonNode.class);
        assertThat(response.getStatusCode().value()).isEqualTo(200);
        return response.getBody().get("access_token").asText();
    }

    /** A REST URI under /sandbox/marketo/rest, with the query given as name, value pairs (values get URL-encoded). */
    URI uri(String path, String... query) {
        var builder = UriComponentsBuilder.fromUriString("http://localhost:" + port + BASE + "/rest" + path);
        for (int i = 0; i < query.length; i += 2) {
            builder.queryParam(query[i], "{p" + i + "}");
        }
        var values = new java.util.HashMap<String, Object>();
        for (int i = 0; i < query.length; i += 2) {
            values.put("p" + i, query[i + 1]);
        }
        return builder.encode().buildAndExpand(values).toUri();
    }

    JsonNode get(URI uri) {
        return exchange(uri, HttpMethod.GET, null, MediaType.APPLICATION_JSON);
    }

    JsonNode postJson(URI uri, Object body) {
        return exchange(uri, HttpMethod.POST, body, MediaType.APPLICATION_JSON);
    }

    JsonNode deleteJson(URI uri, Object body) {
        return exchange(uri, HttpMethod.DELETE, body, MediaType.APPLICATION_JSON);
    }

    /** A form POST, as node-marketo-rest sends {@code _method=GET} reads and the asset API's creates. */
    JsonNode postForm(URI uri, String... form) {
        MultiValueMap<String, String> body = new LinkedMultiValueMap<>();
        for (int i = 0; i < form.length; i += 2) {
            body.add(form[i], form[i + 1]);
        }
        return exchange(uri, HttpMethod.POST, body, MediaType.APPLICATION_FORM_URLENCODED);
    }

    JsonNode exchange(URI uri, HttpMethod method, Object body, MediaType contentType) {
        ResponseEntity<JsonNode> response = http.exchange(uri, method, new HttpEntity<>(body, headers(contentType)), JsonNode.class);
        assertThat(response.getStatusCode().value()).as("HTTP status of %s %s", method, uri).isEqualTo(200);
        assertThat(response.getBody().get("requestId").asText()).matches("[0-9a-f]+#[0-9a-f]+");
        return response.getBody();
    }

    HttpHeaders headers(MediaType contentType) {
        var headers = new HttpHeaders();
        if (token != null) {
            headers.setBearerAuth(token);
        }
        headers.setContentType(contentType);
        return headers;
    }

    static void assertError(JsonNode response, String code, String message) {
        assertThat(response.get("success").asBoolean()).as(response.toString()).isFalse();
        assertThat(response.get("errors").get(0).get("code").asText()).as(response.toString()).isEqualTo(code);
        assertThat(response.get("errors").get(0).get("message").asText()).isEqualTo(message);
    }

    static void assertSuccess(JsonNode response) {
        assertThat(response.get("success").asBoolean()).as(response.toString()).isTrue();
    }

    MarketoLead lead(String email, String... fields) {
        ObjectNode values = json.createObjectNode();
        for (int i = 0; i < fields.length; i += 2) {
            values.put(fields[i], fields[i + 1]);
        }
        Instant now = clock.instant();
        var lead = new MarketoLead(store.nextId(), email, now, now, values);
        store.insertLead(lead);
        return lead;
    }
}

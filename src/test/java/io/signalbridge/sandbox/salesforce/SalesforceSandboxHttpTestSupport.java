package io.signalbridge.sandbox.salesforce;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.signalbridge.sandbox.SandboxTokenStore;

import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;

/**
 * Talks to the sandbox org over HTTP as a client would: instance URL {@code /sandbox/salesforce}, a Bearer
 * token, API version v62.0. Subclasses share one application context; each test inserts its own records.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
abstract class SalesforceSandboxHttpTestSupport {

    static final String DATA = "/services/data/v62.0";

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    final ObjectMapper json = new ObjectMapper();

    @LocalServerPort
    int port;
    @Autowired
    SandboxTokenStore tokens;
    @Autowired
    SalesforceRecordStore store;
    @Autowired
    SalesforceSchema schema;

    private String token;

    record Response(int status, JsonNode body) {
    }

    @BeforeEach
    void issueToken() {
        token = tokens.issue(SandboxTokenStore.Org.SALESFORCE, "sandbox", "integration@sandbox.local", Duration.ofHours(2), "00D5g0000000001!").value();
    }

    /** A request to a path relative to the instance URL, e.g. {@code /services/data/v62.0/query?q=...}. */
    Response call(String method, String instancePath, String body, String... headers) {
        var request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/sandbox/salesforce" + instancePath))
                .header("Authorization", "Bearer " + token)
                .header("Accept", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        for (int i = 0; i + 1 < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        try {
            HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
            JsonNode parsed = response.body().isEmpty() ? null : json.readTree(response.body());
            return new Response(response.statusCode(), parsed);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    Response get(String instancePath, String... headers) {
        return call("GET", instancePath, null, headers);
    }

    Response query(String soql, String... headers) {
        return get(DATA + "/query?q=" + URLEncoder.encode(soql, StandardCharsets.UTF_8), headers);
    }

    Response queryAll(String soql) {
        return get(DATA + "/queryAll?q=" + URLEncoder.encode(soql, StandardCharsets.UTF_8));
    }

    /**
     * Inserts {@code count} records straight into the store, one millisecond of SystemModstamp apart from
     * {@code firstModstamp}, with every stored field of the object present (as the generator writes them); {@code customizer} fills in fields.
     */
    List<SalesforceRecord> insert(String objectName, int count, Instant firstModstamp, BiConsumer<Integer, ObjectNode> customizer) {
        var object = schema.object(objectName).orElseThrow();
        var records = new ArrayList<SalesforceRecord>(count);
        for (int i = 0; i < count; i++) {
            String id = store.newId(object.keyPrefix());
            Instant modstamp = firstModstamp.plusMillis(i);
            ObjectNode fields = JsonNodeFactory.instance.objectNode();
            object.storedFields().forEach(f -> {
                if (f.type().equals("boolean")) {
                    fields.put(f.name(), false);
                } else {
                    fields.putNull(f.name());
                }
            });
            fields.put("Id", id);
            fields.put("CreatedDate", SalesforceDatetimes.format(modstamp));
            fields.put("LastModifiedDate", SalesforceDatetimes.format(modstamp));
            fields.put("SystemModstamp", SalesforceDatetimes.format(modstamp));
            customizer.accept(i, fields);
            records.add(new SalesforceRecord(id, object.name(), modstamp, false, fields));
        }
        store.insertAll(records);
        return records;
    }

    static String errorCode(Response response) {
        return response.body().get(0).get("errorCode").asText();
    }

    static String errorMessage(Response response) {
        return response.body().get(0).get("message").asText();
    }
}

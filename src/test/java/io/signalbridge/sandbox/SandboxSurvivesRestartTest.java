package io.signalbridge.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;

import io.signalbridge.SignalbridgeApplication;
import io.signalbridge.support.FreePorts;

import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.client.RestTemplateBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.web.client.RestTemplate;

/** Like a real org, a sandbox org keeps what was written to it when the service restarts (H2 file database). */
class SandboxSurvivesRestartTest {

    @Test
    void aWriteThroughTheApiIsStillThereAfterARestart() {
        String database = "./target/restart-test/" + UUID.randomUUID();
        int port = FreePorts.find();
        String accountId;
        String token;

        try (var first = start(database, port)) {
            RestTemplate http = client(port);
            token = login(http);
            accountId = query(http, token, "SELECT Id FROM Account ORDER BY Id LIMIT 1").path("records").get(0).path("Id").asText();
            var headers = bearer(token);
            headers.setContentType(MediaType.APPLICATION_JSON);
            http.exchange("/sandbox/salesforce/services/data/v62.0/sobjects/Account/" + accountId, HttpMethod.PATCH,
                    new HttpEntity<>(Map.of("accountBuyingStage6sense__c", "Decision"), headers), String.class);
        }

        try (var second = start(database, port)) {
            RestTemplate http = client(port);
            JsonNode account = query(http, token, "SELECT Id, accountBuyingStage6sense__c FROM Account WHERE Id = '" + accountId + "'");

            assertThat(account.path("records").get(0).path("accountBuyingStage6sense__c").asText())
                    .as("the write, and the session token, outlived the restart").isEqualTo("Decision");
            assertThat(account.path("totalSize").asInt()).isEqualTo(1);
        }
    }

    private static ConfigurableApplicationContext start(String database, int port) {
        return new SpringApplicationBuilder(SignalbridgeApplication.class)
                .profiles("test")
                .run("--server.port=" + port,
                        "--spring.datasource.url=jdbc:h2:file:" + database + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH",
                        "--signalbridge.sandbox.seed-on-start=true",
                        "--signalbridge.sandbox.generator.accounts=5");
    }

    private static RestTemplate client(int port) {
        return new RestTemplateBuilder().rootUri("http://localhost:" + port).requestFactory(JdkClientHttpRequestFactory.class).build();
    }

    private static String login(RestTemplate http) {
        var form = new LinkedMultiValueMap<String, String>();
        form.add("grant_type", "password");
        form.add("client_id", "sandbox");
        form.add("client_secret", "sandbox");
        form.add("username", "integration@sandbox.local");
        form.add("password", "sandbox");
        var headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_FORM_URLENCODED);
        return http.postForObject("/sandbox/salesforce/services/oauth2/token", new HttpEntity<>(form, headers), JsonNode.class)
                .path("access_token").asText();
    }

    private static JsonNode query(RestTemplate http, String token, String soql) {
        return http.exchange("/sandbox/salesforce/services/data/v62.0/query?q={q}", HttpMethod.GET, new HttpEntity<>(bearer(token)),
                JsonNode.class, soql).getBody();
    }

    private static HttpHeaders bearer(String token) {
        var headers = new HttpHeaders();
        headers.setBearerAuth(token);
        return headers;
    }
}

package io.signalbridge;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;

import io.signalbridge.signals.SyncRuns;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.test.context.ActiveProfiles;

/** The operations conventions: run meters for Prometheus and the OpenAPI description, both behind the sign-in. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles({"sandbox", "test"})
// Spring Boot's tests turn metrics export off unless asked: this one is about the export
@AutoConfigureObservability
class OperationsEndpointsTest {

    @Autowired
    TestRestTemplate http;
    @Autowired
    SyncRuns runs;

    @Test
    void runMetersAreScrapedByOperationsOnly() {
        long run = runs.start("meter-test", "test");
        runs.finish(run, SyncRuns.Status.SUCCEEDED, java.util.Map.of("Account.changed", 3L), 2, null, null);

        assertThat(http.getForEntity("/actuator/prometheus", String.class).getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
        assertThat(http.withBasicAuth("viewer", "sandbox").getForEntity("/actuator/prometheus", String.class).getStatusCode())
                .isEqualTo(HttpStatus.FORBIDDEN);
        var scraped = http.withBasicAuth("ops", "sandbox").getForEntity("/actuator/prometheus", String.class);
        assertThat(scraped.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(scraped.getBody())
                .contains("signalbridge_runs_seconds_count{job=\"meter-test\",status=\"SUCCEEDED\"} 1")
                .contains("signalbridge_run_api_calls_total{job=\"meter-test\"} 2")
                .contains("signalbridge_run_records_total{counted=\"Account.changed\",job=\"meter-test\"} 3");
    }

    @Test
    void theRestApiIsDescribedBehindTheSignIn() {
        assertThat(http.getForEntity("/v3/api-docs", String.class).getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
        var docs = http.withBasicAuth("viewer", "sandbox").getForEntity("/v3/api-docs", JsonNode.class);
        assertThat(docs.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(docs.getBody().path("openapi").asText()).startsWith("3.");
        assertThat(docs.getBody().path("paths").has("/api/syncs/{job}/run")).as("paths: %s", docs.getBody().path("paths")).isTrue();
        var ui = http.withBasicAuth("viewer", "sandbox").getForEntity("/swagger-ui/index.html", String.class);
        assertThat(ui.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(ui.getBody()).contains("Swagger UI");
    }
}

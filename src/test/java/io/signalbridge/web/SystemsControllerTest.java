package io.signalbridge.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;

import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.test.context.ActiveProfiles;

/** GET /api/systems: each external system's circuit breaker, bulkhead and rate limiter; the health stays UP while one is open. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles({"sandbox", "test"})
class SystemsControllerTest {

    @Autowired
    TestRestTemplate http;
    @Autowired
    CircuitBreakerRegistry breakers;

    @AfterEach
    void closeBreakers() {
        breakers.getAllCircuitBreakers().forEach(b -> b.reset());
    }

    @Test
    void showsAnOpenBreakerWithWhenItLetsTrialCallsThroughAndTheLimits() {
        breakers.circuitBreaker("salesforce").transitionToOpenState();

        var response = http.withBasicAuth("viewer", "sandbox").getForEntity("/api/systems", JsonNode.class);

        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.OK);
        JsonNode salesforce = response.getBody().get(0);
        assertThat(salesforce.path("system").asText()).isEqualTo("salesforce");
        assertThat(salesforce.path("circuitBreaker").asText()).isEqualTo("OPEN");
        assertThat(salesforce.path("pausedUntil").isTextual()).isTrue();
        assertThat(salesforce.path("freeConcurrentCalls").asInt()).isEqualTo(10);
        assertThat(salesforce.path("freeRateLimitPermits").asInt()).isPositive();
        JsonNode marketo = response.getBody().get(1);
        assertThat(marketo.path("circuitBreaker").asText()).isEqualTo("CLOSED");
        assertThat(marketo.path("freeConcurrentCalls").asInt()).isEqualTo(5);

        var health = http.getForEntity("/actuator/health", JsonNode.class);
        assertThat(health.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(health.getBody().path("status").asText()).as("Salesforce being down is not this service being down").isEqualTo("UP");
    }

    @Test
    void needsAUser() {
        assertThat(http.getForEntity("/api/systems", String.class).getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
    }
}

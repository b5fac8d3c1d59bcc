package io.signalbridge.failures;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeoutException;

import com.fasterxml.jackson.core.JsonParseException;

import io.github.resilience4j.bulkhead.BulkheadConfig;
import io.github.resilience4j.bulkhead.BulkheadRegistry;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.ratelimiter.RateLimiterRegistry;
import io.signalbridge.failures.ExternalSystemGuard.SystemPausedException;

import org.apache.camel.component.salesforce.api.SalesforceException;
import org.apache.camel.component.salesforce.api.dto.RestError;
import org.junit.jupiter.api.Test;

/** The guard around each external call and the rule of which errors count against a system's breaker. */
class ExternalSystemGuardTest {

    final CircuitBreakerRegistry breakers = CircuitBreakerRegistry.of(CircuitBreakerConfig.custom()
            .slidingWindowSize(4).minimumNumberOfCalls(4).failureRateThreshold(50).waitDurationInOpenState(Duration.ofMinutes(5))
            .recordException(new SystemFaults()).build());
    final BulkheadRegistry bulkheads = BulkheadRegistry.ofDefaults();
    final List<Object> events = new ArrayList<>();
    final ExternalSystemGuard guard = new ExternalSystemGuard(breakers, bulkheads, RateLimiterRegistry.ofDefaults(), events::add);

    @Test
    void systemFaultsOpenTheBreakerAndThenCallsAreRefusedWithoutBeingMade() {
        guard.call("crm", () -> "ok");
        guard.call("crm", () -> "ok");
        fails(new IllegalStateException("wrapped", new SocketTimeoutException("read timed out")));
        assertThat(guard.call("crm", () -> 503, status -> status >= 500)).isEqualTo(503);

        assertThat(breakers.circuitBreaker("crm").getState()).isEqualTo(CircuitBreaker.State.OPEN);
        var made = new ArrayList<String>();
        assertThatThrownBy(() -> guard.call("crm", () -> made.add("call"))).isInstanceOf(SystemPausedException.class)
                .hasMessageContaining("calls to crm are paused").extracting(e -> ((SystemPausedException) e).errorCode()).isEqualTo("CIRCUIT_OPEN");
        assertThat(made).isEmpty();
        assertThat(guard.pausedUntil("crm")).hasValueSatisfying(until ->
                assertThat(until).isBetween(Instant.now().plus(Duration.ofMinutes(4)), Instant.now().plus(Duration.ofMinutes(5))));
    }

    @Test
    void refusalsOfOurRequestsDoNotOpenIt() {
        for (int i = 0; i < 6; i++) {
            fails(salesforce(400, "MALFORMED_QUERY"));
            fails(salesforce(401, "INVALID_SESSION_ID"));
            fails(salesforce(403, "REQUEST_LIMIT_EXCEEDED"));
        }
        assertThat(breakers.circuitBreaker("crm").getState()).isEqualTo(CircuitBreaker.State.CLOSED);
        assertThat(guard.pausedUntil("crm")).isEmpty();
    }

    @Test
    void whatCountsAsASystemFault() {
        var faults = new SystemFaults();
        assertThat(faults.test(salesforce(500, "UNKNOWN_EXCEPTION"))).isTrue();
        assertThat(faults.test(salesforce(503, "SERVER_UNAVAILABLE"))).isTrue();
        assertThat(faults.test(new RuntimeException(new SalesforceException("Unexpected error", 0, new IOException("Connection reset"))))).isTrue();
        assertThat(faults.test(new RuntimeException(new TimeoutException()))).isTrue();
        assertThat(faults.test(new RuntimeException("not JSON", new JsonParseException(null, "Unexpected end-of-input")))).isTrue();
        assertThat(faults.test(salesforce(401, "INVALID_SESSION_ID"))).isFalse();
        assertThat(faults.test(salesforce(403, "REQUEST_LIMIT_EXCEEDED"))).isFalse();
        assertThat(faults.test(new IllegalArgumentException("a bug of ours"))).isFalse();
    }

    @Test
    void theBulkheadSlotIsGivenBackWhateverTheCallDid() {
        bulkheads.bulkhead("crm", BulkheadConfig.custom().maxConcurrentCalls(1).maxWaitDuration(Duration.ZERO).build());
        fails(new IllegalStateException("boom"));
        assertThat(guard.call("crm", () -> "second call gets the slot")).isEqualTo("second call gets the slot");
        assertThat(bulkheads.bulkhead("crm").getMetrics().getAvailableConcurrentCalls()).isEqualTo(1);
    }

    @Test
    void halfOpeningAfterOpenTellsTheJobsTheyMayRun() {
        var breaker = breakers.circuitBreaker("crm");
        breaker.transitionToOpenState();
        breaker.transitionToHalfOpenState();

        assertThat(events).containsExactly(new ExternalSystemGuard.SystemResumed("crm"));
    }

    private void fails(RuntimeException error) {
        assertThatThrownBy(() -> guard.call("crm", () -> {
            throw error;
        })).isSameAs(error);
    }

    private static RuntimeException salesforce(int status, String code) {
        var error = new RestError(code, "refused");
        return new RuntimeException("Salesforce query failed", new SalesforceException(List.of(error), status));
    }
}

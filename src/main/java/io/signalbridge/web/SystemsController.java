package io.signalbridge.web;

import java.time.Instant;
import java.util.List;

import io.github.resilience4j.bulkhead.BulkheadRegistry;
import io.github.resilience4j.ratelimiter.RateLimiterRegistry;
import io.signalbridge.failures.ExternalSystemGuard;
import io.signalbridge.marketo.MarketoClient;
import io.signalbridge.marketo.MarketoQuota;
import io.signalbridge.salesforce.SalesforceQueries;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** The external systems as ops see them: circuit breaker state, failure rate, free bulkhead and rate-limiter slots. */
@RestController
@RequestMapping("/api/systems")
public class SystemsController {

    public record SystemState(String system, String circuitBreaker, float failureRate, int bufferedCalls, int failedCalls,
                              Instant pausedUntil, Integer freeConcurrentCalls, Integer freeRateLimitPermits, Instant quotaParkedUntil) {
    }

    private final ExternalSystemGuard guard;
    private final BulkheadRegistry bulkheads;
    private final RateLimiterRegistry rateLimiters;
    private final MarketoQuota marketoQuota;

    public SystemsController(ExternalSystemGuard guard, BulkheadRegistry bulkheads, RateLimiterRegistry rateLimiters, MarketoQuota marketoQuota) {
        this.guard = guard;
        this.bulkheads = bulkheads;
        this.rateLimiters = rateLimiters;
        this.marketoQuota = marketoQuota;
    }

    @GetMapping
    public List<SystemState> systems() {
        return List.of(state(SalesforceQueries.SYSTEM, null), state(MarketoClient.SYSTEM, marketoQuota.parkedUntil().orElse(null)));
    }

    private SystemState state(String system, Instant parkedUntil) {
        var breaker = guard.circuitBreaker(system);
        var metrics = breaker.getMetrics();
        String bulkheadName = system.equals(MarketoClient.SYSTEM) ? io.signalbridge.marketo.MarketoThrottle.BULKHEAD : system;
        return new SystemState(system, breaker.getState().name(), metrics.getFailureRate(), metrics.getNumberOfBufferedCalls(),
                metrics.getNumberOfFailedCalls(), guard.pausedUntil(system).orElse(null),
                bulkheads.find(bulkheadName).map(b -> b.getMetrics().getAvailableConcurrentCalls()).orElse(null),
                rateLimiters.find(system).map(r -> r.getMetrics().getAvailablePermissions()).orElse(null), parkedUntil);
    }
}

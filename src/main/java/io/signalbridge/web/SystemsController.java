package io.signalbridge.web;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import io.github.resilience4j.bulkhead.BulkheadRegistry;
import io.github.resilience4j.ratelimiter.RateLimiterRegistry;
import io.signalbridge.failures.ExternalSystemGuard;
import io.signalbridge.marketo.MarketoClient;
import io.signalbridge.marketo.MarketoQuota;
import io.signalbridge.salesforce.SalesforceApiUsageRecorder;
import io.signalbridge.salesforce.SalesforceQueries;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The external systems as ops see them: circuit breaker state, failure rate, free bulkhead and rate-limiter slots. */
@RestController
@RequestMapping("/api/systems")
public class SystemsController {

    public record SystemState(String system, String circuitBreaker, float failureRate, int bufferedCalls, int failedCalls,
                              Instant pausedUntil, Integer freeConcurrentCalls, Integer freeRateLimitPermits, Instant quotaParkedUntil) {
    }

    /** One recorded reading of the org's daily API usage: calls used in the last 24 hours and the allocation then. */
    public record ApiUsagePoint(Instant takenAt, long used, long dailyMax) {
    }

    /** {@code dailyMax}: the allocation at the latest reading (null before the first one). */
    public record ApiUsageHistory(Long dailyMax, List<ApiUsagePoint> points) {
    }

    static final int MAX_USAGE_DAYS = 31;

    private final ExternalSystemGuard guard;
    private final BulkheadRegistry bulkheads;
    private final RateLimiterRegistry rateLimiters;
    private final MarketoQuota marketoQuota;
    private final SalesforceApiUsageRecorder salesforceUsage;
    private final Clock clock;

    public SystemsController(ExternalSystemGuard guard, BulkheadRegistry bulkheads, RateLimiterRegistry rateLimiters, MarketoQuota marketoQuota,
                             SalesforceApiUsageRecorder salesforceUsage, Clock clock) {
        this.guard = guard;
        this.bulkheads = bulkheads;
        this.rateLimiters = rateLimiters;
        this.marketoQuota = marketoQuota;
        this.salesforceUsage = salesforceUsage;
        this.clock = clock;
    }

    @GetMapping
    public List<SystemState> systems() {
        return List.of(state(SalesforceQueries.SYSTEM, null), state(MarketoClient.SYSTEM, marketoQuota.parkedUntil().orElse(null)));
    }

    /** The org's daily API usage as recorded every 15 minutes over the last {@code days} days (at most {@value #MAX_USAGE_DAYS}). */
    @GetMapping("/salesforce/api-usage")
    public ApiUsageHistory salesforceApiUsage(@RequestParam(defaultValue = "7") int days) {
        Instant since = clock.instant().minus(Duration.ofDays(Math.max(1, Math.min(days, MAX_USAGE_DAYS))));
        var points = salesforceUsage.since(since).stream().map(s -> new ApiUsagePoint(s.takenAt(), s.used(), s.dailyMax())).toList();
        Long dailyMax = points.isEmpty() ? salesforceUsage.latest().map(SalesforceApiUsageRecorder.Snapshot::dailyMax).orElse(null)
                : Long.valueOf(points.get(points.size() - 1).dailyMax());
        return new ApiUsageHistory(dailyMax, points);
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

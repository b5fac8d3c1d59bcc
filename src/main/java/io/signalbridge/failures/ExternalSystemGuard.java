package io.signalbridge.failures;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.function.Supplier;

import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadRegistry;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterRegistry;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;

/**
 * The resilience4j guards of one external system (salesforce, marketo), configured under {@code resilience4j.*}
 * in application.yaml: its circuit breaker, and its bulkhead and rate limiter when that system has one there.
 * Every remote call of the system goes through {@link #call}; a pull asks {@link #pausedUntil} before it starts,
 * so that while the breaker is open a run is skipped as a whole instead of failing call by call.
 * Which errors count against the breaker is {@link SystemFaults}: the system's own faults, not our bad requests.
 */
@Component
public class ExternalSystemGuard {

    private final CircuitBreakerRegistry breakers;
    private final BulkheadRegistry bulkheads;
    private final RateLimiterRegistry rateLimiters;

    private final Map<String, Instant> openedAt = new ConcurrentHashMap<>();

    private final ApplicationEventPublisher events;

    /** Published when a system's breaker lets trial calls through again (half-open): its paused jobs may run now. */
    public record SystemResumed(String system) {
    }

    @Autowired
    public ExternalSystemGuard(CircuitBreakerRegistry breakers, BulkheadRegistry bulkheads, RateLimiterRegistry rateLimiters,
                               ApplicationEventPublisher events) {
        this.breakers = breakers;
        this.bulkheads = bulkheads;
        this.rateLimiters = rateLimiters;
        this.events = events;
        breakers.getAllCircuitBreakers().forEach(this::watch);
        breakers.getEventPublisher().onEntryAdded(added -> watch(added.getAddedEntry()));
    }

    private void watch(CircuitBreaker breaker) {
        breaker.getEventPublisher().onStateTransition(event -> {
            var transition = event.getStateTransition();
            if (transition.getToState() == CircuitBreaker.State.OPEN) {
                openedAt.put(breaker.getName(), event.getCreationTime().toInstant());
            } else if (transition.getFromState() == CircuitBreaker.State.OPEN && transition.getToState() == CircuitBreaker.State.HALF_OPEN) {
                events.publishEvent(new SystemResumed(breaker.getName()));
            }
        });
    }

    /** A guard that lets every call through: for code built outside Spring (tests, command-line tools). */
    public static ExternalSystemGuard unguarded() {
        return new ExternalSystemGuard(CircuitBreakerRegistry.ofDefaults(), BulkheadRegistry.ofDefaults(), RateLimiterRegistry.ofDefaults(),
                event -> { }) {
            @Override
            public <T> T call(String system, Supplier<T> call, Predicate<T> faultyAnswer) {
                return call.get();
            }

            @Override
            public Optional<Instant> pausedUntil(String system) {
                return Optional.empty();
            }
        };
    }

    public <T> T call(String system, Supplier<T> call) {
        return call(system, call, answer -> false);
    }

    /**
     * Makes one call of {@code system}: waits for its rate limiter and bulkhead, refuses at once with a
     * {@link SystemPausedException} while its breaker is open, and tells the breaker how the call went. A call
     * that returns normally but with an answer {@code faultyAnswer} calls a fault (e.g. an HTTP 5xx the client
     * handles itself) counts as a failure too.
     */
    public <T> T call(String system, Supplier<T> call, Predicate<T> faultyAnswer) {
        CircuitBreaker breaker = breakers.circuitBreaker(system);
        Optional<RateLimiter> limiter = rateLimiters.find(system);
        Optional<Bulkhead> bulkhead = bulkheads.find(system);
        limiter.ifPresent(RateLimiter::acquirePermission);
        bulkhead.ifPresent(Bulkhead::acquirePermission);
        try {
            try {
                breaker.acquirePermission();
            } catch (CallNotPermittedException open) {
                throw new SystemPausedException(system, pausedUntil(system).orElse(null));
            }
            long start = System.nanoTime();
            T answer;
            try {
                answer = call.get();
            } catch (RuntimeException | Error e) {
                breaker.onError(System.nanoTime() - start, TimeUnit.NANOSECONDS, e);
                throw e;
            }
            if (faultyAnswer.test(answer)) {
                breaker.onError(System.nanoTime() - start, TimeUnit.NANOSECONDS, new SystemFaults.FaultyAnswer(system));
            } else {
                breaker.onSuccess(System.nanoTime() - start, TimeUnit.NANOSECONDS);
            }
            return answer;
        } finally {
            bulkhead.ifPresent(Bulkhead::onComplete);
        }
    }

    /**
     * While the system's breaker is open: when it will let trial calls through again (half-open). Empty when
     * calls may be made (closed or half-open).
     */
    public Optional<Instant> pausedUntil(String system) {
        CircuitBreaker breaker = breakers.circuitBreaker(system);
        return switch (breaker.getState()) {
            case OPEN, FORCED_OPEN -> Optional.of(openedAt.getOrDefault(system, Instant.now())
                    .plus(Duration.ofMillis(breaker.getCircuitBreakerConfig().getWaitIntervalFunctionInOpenState().apply(1))));
            default -> Optional.empty();
        };
    }

    /** The breaker's state, for the operations API: CLOSED, OPEN, HALF_OPEN, ... */
    public CircuitBreaker circuitBreaker(String system) {
        return breakers.circuitBreaker(system);
    }

    /** A call or run refused because the system's circuit breaker is open: the system is paused, not the record wrong. */
    public static class SystemPausedException extends RuntimeException implements FailureDetails.Coded {
        private final String system;

        public SystemPausedException(String system, Instant until) {
            super("calls to " + system + " are paused: its circuit breaker is open" + (until == null ? "" : " (trial calls from about " + until + ")"));
            this.system = system;
        }

        public String system() {
            return system;
        }

        @Override
        public String errorCode() {
            return "CIRCUIT_OPEN";
        }
    }
}

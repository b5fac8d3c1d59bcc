package io.signalbridge.alerts;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.stream.Collectors;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.signalbridge.failures.FailedExchangeStore;

import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The alerts of the service: a Slack incoming-webhook message (camel-http) with the counts and a link to the
 * console, each also logged at WARN. Without a webhook, alerts are only logged. Repeats are held back by
 * {@link AlertLog}. A webhook that cannot be reached never fails the caller: the alert stays in the log.
 */
@Component("alerts")
public class SlackAlerts implements Alerts {

    private static final Logger log = LoggerFactory.getLogger(SlackAlerts.class);
    /** The webhook URL carries a secret, so it goes in a header, never in an endpoint URI Camel would log or list. */
    private static final String WEBHOOK_ENDPOINT = "http://slack-webhook?throwExceptionOnFailure=false";

    private final AlertProperties settings;
    private final AlertLog alertLog;
    private final FailedExchangeStore failures;
    private final ProducerTemplate camel;
    private final ObjectMapper json;
    private final Clock clock;

    public SlackAlerts(AlertProperties settings, AlertLog alertLog, FailedExchangeStore failures, ProducerTemplate camel,
                       ObjectMapper json, Clock clock, CircuitBreakerRegistry breakers) {
        this.settings = settings;
        this.alertLog = alertLog;
        this.failures = failures;
        this.camel = camel;
        this.json = json;
        this.clock = clock;
        breakers.getAllCircuitBreakers().forEach(this::watch);
        breakers.getEventPublisher().onEntryAdded(added -> watch(added.getAddedEntry()));
    }

    private void watch(CircuitBreaker breaker) {
        breaker.getEventPublisher().onStateTransition(event -> {
            if (event.getStateTransition().getToState() == CircuitBreaker.State.OPEN) {
                var metrics = breaker.getMetrics();
                circuitOpened(breaker.getName(), String.format("%.0f%% of the last %d calls failed", metrics.getFailureRate(),
                        metrics.getNumberOfBufferedCalls()));
            }
        });
    }

    @Override
    public void apiBudgetReached(String system, String detail) {
        raise("api-budget:" + system, ":no_entry: *signalbridge: " + system + " API budget reached.* " + detail
                + ". Its pulls stop cleanly and continue from their watermarks in the next window.", "/#overview", "Sync runs");
    }

    @Override
    public void circuitOpened(String system, String detail) {
        raise("circuit-open:" + system, ":warning: *signalbridge: the circuit breaker of " + system + " opened* (" + detail + "). "
                + "Its routes are paused; scheduled runs are skipped until the breaker lets trial calls through.", "/#overview",
                "System states");
    }

    /** The step of routes/alerts.yaml: alerts when more exchanges failed within the window than the threshold. */
    public void checkFailures() {
        Instant since = clock.instant().minus(settings.failureWindow());
        Map<String, Long> byRoute = failures.countFailedByRoute(since);
        long total = byRoute.values().stream().mapToLong(Long::longValue).sum();
        if (total < settings.failureThreshold()) {
            return;
        }
        String perRoute = byRoute.entrySet().stream().map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining(", "));
        raise("failures", ":rotating_light: *signalbridge: " + total + " failed exchanges in the last " + humane(settings.failureWindow())
                + "* (threshold " + settings.failureThreshold() + "): " + perRoute + ".", "/#failures/status=FAILED&from=" + since,
                "Failed exchanges");
    }

    private void raise(String key, String text, String consolePath, String linkLabel) {
        var decision = alertLog.claim(key, settings.repeatAfter());
        if (!decision.send()) {
            log.info("Alert {} held back (sent less than {} ago)", key, settings.repeatAfter());
            return;
        }
        String message = text + (decision.suppressedBefore() > 0 ? " (" + decision.suppressedBefore() + " repeats held back since the last message)" : "")
                + " <" + settings.consoleBaseUrl().replaceAll("/+$", "") + consolePath + "|" + linkLabel + ">";
        log.warn("ALERT {}: {}", key, message);
        if (settings.slackConfigured() && !post(message)) {
            alertLog.release(key);
        }
    }

    private boolean post(String message) {
        String body;
        try {
            body = json.writeValueAsString(Map.of("text", message));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        try {
            Exchange answer = camel.request(WEBHOOK_ENDPOINT, e -> {
                e.getIn().setHeader(Exchange.HTTP_URI, settings.slackWebhookUrl());
                e.getIn().setHeader(Exchange.HTTP_METHOD, "POST");
                e.getIn().setHeader(Exchange.CONTENT_TYPE, "application/json");
                e.getIn().setBody(body);
            });
            Integer status = answer.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE, Integer.class);
            if (answer.getException() != null || status == null || status >= 300) {
                log.warn("Slack webhook did not take the alert (HTTP {}); it is only in this log",
                        answer.getException() != null ? answer.getException().getClass().getSimpleName() : status);
                return false;
            }
            return true;
        } catch (RuntimeException e) {
            log.warn("Slack webhook not reached ({}); the alert is only in this log", e.getClass().getSimpleName());
            return false;
        }
    }

    private static String humane(java.time.Duration duration) {
        return duration.toString().substring(2).toLowerCase();
    }
}

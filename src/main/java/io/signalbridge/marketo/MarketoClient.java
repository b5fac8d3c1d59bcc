package io.signalbridge.marketo;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadRegistry;
import io.signalbridge.failures.ExternalSystemGuard;

import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * REST calls to a Marketo instance over camel-http. It holds the identity token until it expires and gets a
 * new one when a call is answered 601 / 602; it keeps within this service's share of the instance's limits
 * ({@link MarketoThrottle}); it backs off and retries 606 / 615 and other transient errors; on 607 it parks
 * every Marketo call until the quota resets ({@link MarketoQuota}). A {@code success:false} answer is an
 * error with its code, even in an HTTP 200. Each REST call made, retries included, is counted.
 */
@Component
public class MarketoClient {

    /** The circuit breaker of Marketo calls is named so (resilience4j.circuitbreaker.instances). */
    public static final String SYSTEM = "marketo";
    private static final Logger log = LoggerFactory.getLogger(MarketoClient.class);
    private static final Set<String> TOKEN_ERRORS = Set.of("601", "602");
    /** Rate (606), concurrency (615), timeout (604), temporarily unavailable (608), system error (611). */
    private static final Set<String> TRANSIENT_ERRORS = Set.of("606", "615", "604", "608", "611");
    /** Rate (606), concurrency (615), temporarily unavailable (608): refused before Marketo acted, so safe to send again. */
    private static final Set<String> NOT_ACTED_ON_ERRORS = Set.of("606", "615", "608");
    private static final String QUOTA_EXCEEDED = "607";

    private record Answer(int status, String body) {
    }

    private record AccessToken(String value, Instant expiresAt) {
    }

    private final MarketoProperties settings;
    private final ProducerTemplate camel;
    private final ObjectMapper json;
    private final MarketoQuota quota;
    private final MarketoThrottle throttle;
    private final Clock clock;
    private final Sleeper sleeper;
    private final ExternalSystemGuard guard;
    private final String endpoint;
    private AccessToken token;

    public MarketoClient(MarketoProperties settings, ProducerTemplate camel, ObjectMapper json, MarketoQuota quota, Clock clock) {
        this(settings, camel, json, quota, clock, Sleeper.THREAD);
    }

    public MarketoClient(MarketoProperties settings, ProducerTemplate camel, ObjectMapper json, MarketoQuota quota, Clock clock,
                         Sleeper sleeper) {
        this(settings, camel, json, quota, clock, sleeper, ExternalSystemGuard.unguarded(),
                Bulkhead.of(MarketoThrottle.BULKHEAD, MarketoThrottle.bulkheadConfig(settings.maxConcurrentCalls())));
    }

    /** The application's client: Marketo's circuit breaker, and its concurrency bulkhead registered with the others. */
    @Autowired
    public MarketoClient(MarketoProperties settings, ProducerTemplate camel, ObjectMapper json, MarketoQuota quota, Clock clock,
                         ExternalSystemGuard guard, BulkheadRegistry bulkheads) {
        this(settings, camel, json, quota, clock, Sleeper.THREAD, guard,
                bulkheads.bulkhead(MarketoThrottle.BULKHEAD, MarketoThrottle.bulkheadConfig(settings.maxConcurrentCalls())));
    }

    public MarketoClient(MarketoProperties settings, ProducerTemplate camel, ObjectMapper json, MarketoQuota quota, Clock clock,
                         Sleeper sleeper, ExternalSystemGuard guard, Bulkhead concurrentCalls) {
        this.settings = settings;
        this.camel = camel;
        this.json = json;
        this.quota = quota;
        this.clock = clock;
        this.sleeper = sleeper;
        this.guard = guard;
        this.throttle = new MarketoThrottle(settings.rateLimitCalls(), settings.rateLimitWindow(), concurrentCalls, clock, sleeper);
        // DELETE carries its JSON body: Remove from List takes {"input": [{"id": ...}]} like Add to List
        this.endpoint = settings.baseUrl().replaceAll("/+$", "") + "?throwExceptionOnFailure=false&deleteWithBody=true";
    }

    /** A GET under {@code /rest}, e.g. {@code get("/v1/activities/types.json", Map.of(), calls)}; the successful body. */
    public JsonNode get(String path, Map<String, String> query, AtomicInteger calls) {
        return call("GET", path, encode(query), null, calls);
    }

    /**
     * A POST of a JSON body under {@code /rest} (Sync Leads, Request Campaign); the successful body. See
     * {@link #send(String, String, JsonNode, AtomicInteger)} for what is retried.
     */
    public JsonNode post(String path, JsonNode body, AtomicInteger calls) {
        return send("POST", path, body, calls);
    }

    /**
     * A POST or DELETE under {@code /rest} with a JSON body, e.g. {@code send("POST", "/v1/lists/12/leads.json", body,
     * calls)}; the successful body (per-record statuses are the caller's to read). Only answers that say Marketo did
     * not act on the request (601 / 602, 606 / 615, 608) are retried: a request that got no answer, or a 5xx, may
     * have been applied, so it fails with a {@link MarketoApiException} without a code rather than being sent twice.
     */
    public JsonNode send(String method, String path, JsonNode body, AtomicInteger calls) {
        return call(method, path, null, body.toString(), calls);
    }

    private JsonNode call(String method, String path, String queryString, String jsonBody, AtomicInteger calls) {
        boolean post = jsonBody != null;
        for (int attempt = 1; ; attempt++) {
            quota.parkedUntil().ifPresent(resetsAt -> {
                throw new MarketoQuotaExceededException(resetsAt);
            });
            String accessToken = accessToken();
            Answer answer = restCall(method, path, queryString, jsonBody, accessToken, calls);
            JsonNode body = parse(answer, path);
            if (body != null && body.path("success").asBoolean(false)) {
                return body;
            }
            String code = body == null ? null : body.path("errors").path(0).path("code").asText(null);
            String message = body == null ? "HTTP " + answer.status() : body.path("errors").path(0).path("message").asText("no message");
            if (QUOTA_EXCEEDED.equals(code)) {
                throw new MarketoQuotaExceededException(quota.park());
            }
            boolean tokenRefused = code != null && TOKEN_ERRORS.contains(code);
            boolean transientError = code != null
                    ? (post ? NOT_ACTED_ON_ERRORS : TRANSIENT_ERRORS).contains(code)
                    : !post && answer.status() >= 500;
            if (!(tokenRefused || transientError) || attempt > settings.maxRetries()) {
                throw new MarketoApiException(code, message + (attempt > 1 ? " (after " + attempt + " attempts)" : ""));
            }
            if (tokenRefused) {
                log.info("Marketo token refused ({} {}); getting a new one", code, message);
                forget(accessToken);
            } else {
                Duration backoff = settings.retryBackoff().multipliedBy(attempt);
                log.info("Marketo call {} answered {} ({}); retrying in {}", path, code == null ? "HTTP " + answer.status() : code, message, backoff);
                pause(backoff);
            }
        }
    }

    private Answer restCall(String method, String path, String query, String jsonBody, String accessToken, AtomicInteger calls) {
        try {
            throttle.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MarketoApiException("interrupted while waiting for a Marketo call slot", e);
        }
        try {
            // no answer or a 5xx counts against Marketo's circuit breaker; its error codes in a 200 do not
            return guard.call(SYSTEM, () -> {
                calls.incrementAndGet();
                quota.recordCall();
                return send(method, "/rest" + path, query, jsonBody, jsonBody == null ? null : "application/json", accessToken);
            }, answer -> answer.status() >= 500);
        } finally {
            throttle.release();
        }
    }

    private synchronized String accessToken() {
        if (token != null && clock.instant().isBefore(token.expiresAt())) {
            return token.value();
        }
        // form body, not query string: the secret stays out of URLs and their logs
        String form = encode(Map.of("grant_type", "client_credentials", "client_id", settings.clientId(),
                "client_secret", settings.clientSecret()));
        Answer answer = send("POST", "/identity/oauth/token", null, form, "application/x-www-form-urlencoded", null);
        JsonNode body = parse(answer, "/identity/oauth/token");
        if (answer.status() != 200 || body == null || !body.path("access_token").isTextual()) {
            String reason = body == null ? "" : " " + body.path("error").asText("") + " " + body.path("error_description").asText("");
            throw new MarketoApiException(null, "Marketo identity refused a token (HTTP " + answer.status() + ")" + reason.stripTrailing());
        }
        token = new AccessToken(body.path("access_token").asText(), clock.instant().plusSeconds(body.path("expires_in").asLong(0)));
        return token.value();
    }

    private synchronized void forget(String refused) {
        if (token != null && token.value().equals(refused)) {
            token = null;
        }
    }

    private Answer send(String method, String path, String query, String body, String contentType, String accessToken) {
        Exchange exchange = camel.request(endpoint, e -> {
            var in = e.getIn();
            in.setHeader(Exchange.HTTP_METHOD, method);
            in.setHeader(Exchange.HTTP_PATH, path);
            if (query != null && !query.isEmpty()) {
                in.setHeader(Exchange.HTTP_QUERY, query);
            }
            if (accessToken != null) {
                in.setHeader("Authorization", "Bearer " + accessToken);
            }
            if (body != null) {
                in.setHeader(Exchange.CONTENT_TYPE, contentType);
            }
            in.setBody(body);
        });
        if (exchange.getException() != null) {
            // an unreachable instance is as transient as a 5xx: answered as one, so the same retries apply
            log.info("Marketo call {} failed: {}", path, exchange.getException().getMessage());
            return new Answer(599, null);
        }
        Integer status = exchange.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE, Integer.class);
        return new Answer(status == null ? 0 : status, exchange.getMessage().getBody(String.class));
    }

    private JsonNode parse(Answer answer, String path) {
        if (answer.body() == null || answer.body().isBlank()) {
            return null;
        }
        try {
            return json.readTree(answer.body());
        } catch (Exception notJson) {
            log.info("Marketo call {} answered HTTP {} with a body that is not JSON", path, answer.status());
            return null;
        }
    }

    private void pause(Duration duration) {
        try {
            sleeper.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MarketoApiException("interrupted while backing off", e);
        }
    }

    private static String encode(Map<String, String> parameters) {
        return parameters.entrySet().stream()
                .map(p -> URLEncoder.encode(p.getKey(), StandardCharsets.UTF_8) + "=" + URLEncoder.encode(p.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }
}

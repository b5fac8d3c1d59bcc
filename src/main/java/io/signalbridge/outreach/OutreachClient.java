package io.signalbridge.outreach;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.signalbridge.failures.ExternalSystemGuard;
import io.signalbridge.marketo.Sleeper;
import io.signalbridge.outreach.OutreachApiException.Kind;

import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Outreach API v2 (JSON:API) over camel-http. It holds the OAuth2 token until it expires (refresh token, or client
 * credentials when the org allows them, or a fixed token) and gets a new one when a call is answered 401; every call
 * goes through the {@code outreach} guard (resilience4j: the rate limiter all callers of this node share, the circuit
 * breaker); it follows Outreach's own limit too: when {@code X-RateLimit-Remaining} reaches 0, or on a 429, it waits
 * for the reset ({@code Retry-After} / {@code X-RateLimit-Reset}) when that is near, and otherwise fails the call as
 * one to retry. Reads that got no answer or a 5xx are retried; a write that got none is not sent again (it may have
 * been applied): the caller decides (see {@link OutreachProspects#addToSequence}). Each request made is counted.
 */
public class OutreachClient {

    public static final String SYSTEM = "outreach";
    public static final String MEDIA_TYPE = "application/vnd.api+json";
    private static final Logger log = LoggerFactory.getLogger(OutreachClient.class);

    private record Answer(int status, String body, Map<String, Object> headers) {
        String header(String name) {
            for (var entry : headers.entrySet()) {
                if (entry.getKey().equalsIgnoreCase(name) && entry.getValue() != null) {
                    return entry.getValue().toString();
                }
            }
            return null;
        }
    }

    private record AccessToken(String value, Instant expiresAt) {
    }

    private final OutreachProperties settings;
    private final ProducerTemplate camel;
    private final ObjectMapper json;
    private final ExternalSystemGuard guard;
    private final Clock clock;
    private final Sleeper sleeper;
    private final String endpoint;
    private final String baseUrl;
    private AccessToken token;
    /** Outreach said the hour's requests are used up: no call before this. */
    private volatile Instant exhaustedUntil = Instant.MIN;

    public OutreachClient(OutreachProperties settings, ProducerTemplate camel, ObjectMapper json, ExternalSystemGuard guard, Clock clock,
                          Sleeper sleeper) {
        this.settings = settings;
        this.camel = camel;
        this.json = json;
        this.guard = guard;
        this.clock = clock;
        this.sleeper = sleeper;
        this.baseUrl = settings.baseUrl().replaceAll("/+$", "");
        this.endpoint = baseUrl + "?throwExceptionOnFailure=false";
    }

    /** A GET of a path under the base, e.g. {@code get("/prospects", Map.of("filter[emails]", email), calls)}. */
    public JsonNode get(String path, Map<String, String> query, AtomicInteger calls) {
        return call("GET", baseUrl + path + queryString(query), null, calls);
    }

    /** Every resource of a list, page after page ({@code links.next}), one page in memory at a time. */
    public void forEach(String path, Map<String, String> query, Consumer<JsonNode> resource, AtomicInteger calls) {
        var first = new LinkedHashMap<>(query);
        first.putIfAbsent("page[size]", Integer.toString(settings.pageSize()));
        first.putIfAbsent("count", "false");
        String url = baseUrl + path + queryString(first);
        while (url != null) {
            JsonNode page = call("GET", url, null, calls);
            page.path("data").forEach(resource);
            JsonNode next = page.path("links").path("next");
            url = next.isTextual() ? sameOrigin(next.asText()) : null;
        }
    }

    /** A POST of a JSON:API document; the created resource's document. */
    public JsonNode post(String path, JsonNode document, AtomicInteger calls) {
        return call("POST", baseUrl + path, document.toString(), calls);
    }

    public ObjectNode document(String type) {
        ObjectNode document = json.createObjectNode();
        document.putObject("data").put("type", type);
        return document;
    }

    private JsonNode call(String method, String url, String body, AtomicInteger calls) {
        boolean write = body != null;
        boolean tokenRefreshed = false;
        for (int attempt = 1; ; attempt++) {
            waitForTheHour();
            String accessToken = accessToken();
            Answer answer = guard.call(SYSTEM, () -> {
                calls.incrementAndGet();
                return send(method, url, body, MEDIA_TYPE, accessToken);
            }, a -> a.status() >= 500 || a.status() == 599);
            noteRateLimit(answer);
            if (answer.status() >= 200 && answer.status() < 300) {
                return parse(answer, url);
            }
            JsonNode error = parse(answer, url).path("errors").path(0);
            String errorId = error.path("id").asText(null);
            String detail = error.path("detail").asText(error.path("title").asText("HTTP " + answer.status()));
            if (answer.status() == 401 && !tokenRefreshed && settings.accessToken() == null) {
                forget(accessToken);
                tokenRefreshed = true;
                attempt--;
                continue;
            }
            if (answer.status() == 429) {
                Instant retryAt = retryAt(answer);
                exhaustedUntil = retryAt;
                if (attempt <= settings.maxRetries() && !retryAt.isAfter(clock.instant().plus(settings.maxRateLimitWait()))) {
                    log.info("Outreach rate limit reached; waiting until {}", retryAt);
                    continue;
                }
                throw new OutreachApiException(Kind.RETRY, 429, errorId, "Outreach rate limit reached until " + retryAt + ": " + detail);
            }
            boolean notActedOn = !write && (answer.status() >= 500 || answer.status() == 599);
            if (notActedOn && attempt <= settings.maxRetries()) {
                pause(settings.retryBackoff().multipliedBy(attempt));
                continue;
            }
            if (answer.status() >= 500 || answer.status() == 599) {
                throw new OutreachApiException(Kind.RETRY, answer.status(), errorId, "Outreach answered HTTP " + answer.status() + " to "
                        + method + " " + pathOf(url) + (write ? " (it may have been applied)" : "") + ": " + detail);
            }
            Kind kind = answer.status() == 422 && detail.toLowerCase(java.util.Locale.ROOT).contains("already") ? Kind.ALREADY_DONE : Kind.FINAL;
            throw new OutreachApiException(kind, answer.status(), errorId, "Outreach refused " + method + " " + pathOf(url) + " (HTTP "
                    + answer.status() + (errorId == null ? "" : " " + errorId) + "): " + detail);
        }
    }

    private void waitForTheHour() {
        Instant until = exhaustedUntil;
        Instant now = clock.instant();
        if (!until.isAfter(now)) {
            return;
        }
        if (until.isAfter(now.plus(settings.maxRateLimitWait()))) {
            throw new OutreachApiException(Kind.RETRY, 429, "rateLimitExceeded", "Outreach's hourly requests are used up until " + until);
        }
        pause(Duration.between(now, until));
    }

    private void noteRateLimit(Answer answer) {
        String remaining = answer.header("X-RateLimit-Remaining");
        String reset = answer.header("X-RateLimit-Reset");
        if ("0".equals(remaining) && reset != null && reset.matches("\\d+")) {
            exhaustedUntil = Instant.ofEpochSecond(Long.parseLong(reset));
        }
    }

    private Instant retryAt(Answer answer) {
        String retryAfter = answer.header("Retry-After");
        if (retryAfter != null && retryAfter.matches("\\d+")) {
            return clock.instant().plusSeconds(Long.parseLong(retryAfter));
        }
        String reset = answer.header("X-RateLimit-Reset");
        if (reset != null && reset.matches("\\d+")) {
            return Instant.ofEpochSecond(Long.parseLong(reset));
        }
        return clock.instant().plus(settings.retryBackoff());
    }

    private synchronized String accessToken() {
        if (settings.accessToken() != null && !settings.accessToken().isBlank()) {
            return settings.accessToken();
        }
        if (token != null && clock.instant().isBefore(token.expiresAt())) {
            return token.value();
        }
        var form = new LinkedHashMap<String, String>();
        form.put("client_id", nonNull(settings.clientId()));
        form.put("client_secret", nonNull(settings.clientSecret()));
        if (settings.refreshToken() != null && !settings.refreshToken().isBlank()) {
            form.put("grant_type", "refresh_token");
            form.put("refresh_token", settings.refreshToken());
            if (settings.redirectUri() != null) {
                form.put("redirect_uri", settings.redirectUri());
            }
        } else {
            form.put("grant_type", "client_credentials");
        }
        Answer answer = send("POST", settings.tokenUrl(), queryString(form).substring(1), "application/x-www-form-urlencoded", null);
        JsonNode body = parse(answer, settings.tokenUrl());
        if (answer.status() != 200 || !body.path("access_token").isTextual()) {
            throw new OutreachApiException(answer.status() >= 500 ? Kind.RETRY : Kind.FINAL, answer.status(), body.path("error").asText(null),
                    "Outreach refused a token (HTTP " + answer.status() + ") " + body.path("error").asText("") + " "
                            + body.path("error_description").asText(""));
        }
        // a minute early: a token must not expire between this check and Outreach reading it
        long ttl = Math.max(0, body.path("expires_in").asLong(3600) - 60);
        token = new AccessToken(body.path("access_token").asText(), clock.instant().plusSeconds(ttl));
        return token.value();
    }

    private synchronized void forget(String refused) {
        if (token != null && token.value().equals(refused)) {
            token = null;
        }
    }

    private Answer send(String method, String url, String body, String contentType, String accessToken) {
        Exchange exchange = camel.request(endpoint, e -> {
            var in = e.getIn();
            in.setHeader(Exchange.HTTP_METHOD, method);
            in.setHeader(Exchange.HTTP_URI, url);
            in.setHeader("Accept", url.equals(settings.tokenUrl()) ? "application/json" : MEDIA_TYPE);
            if (accessToken != null) {
                in.setHeader("Authorization", "Bearer " + accessToken);
            }
            if (body != null) {
                in.setHeader(Exchange.CONTENT_TYPE, contentType);
            }
            in.setBody(body);
        });
        if (exchange.getException() != null) {
            log.info("Outreach call {} {} failed: {}", method, pathOf(url), exchange.getException().getMessage());
            return new Answer(599, null, Map.of());
        }
        Integer status = exchange.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE, Integer.class);
        return new Answer(status == null ? 0 : status, exchange.getMessage().getBody(String.class), exchange.getMessage().getHeaders());
    }

    private JsonNode parse(Answer answer, String url) {
        if (answer.body() == null || answer.body().isBlank()) {
            return json.createObjectNode();
        }
        try {
            return json.readTree(answer.body());
        } catch (Exception notJson) {
            if (answer.status() >= 200 && answer.status() < 300) {
                throw new OutreachApiException(Kind.RETRY, answer.status(), null, "Outreach answered " + pathOf(url) + " with a body that is not JSON");
            }
            return json.createObjectNode();
        }
    }

    /** A {@code links.next} of the same API: Outreach's links are absolute; one elsewhere would take the token with it. */
    private String sameOrigin(String next) {
        if (!next.startsWith(baseUrl + "/")) {
            throw new OutreachApiException(Kind.FINAL, 0, null, "Outreach's next page link is not under " + baseUrl + ": " + pathOf(next));
        }
        return next;
    }

    private void pause(Duration duration) {
        try {
            sleeper.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new OutreachApiException(Kind.RETRY, 0, null, "interrupted while waiting to call Outreach");
        }
    }

    private static String pathOf(String url) {
        int query = url.indexOf('?');
        return query < 0 ? url : url.substring(0, query);
    }

    private static String nonNull(String value) {
        return value == null ? "" : value;
    }

    static String queryString(Map<String, String> query) {
        if (query.isEmpty()) {
            return "";
        }
        return "?" + query.entrySet().stream()
                .map(p -> URLEncoder.encode(p.getKey(), StandardCharsets.UTF_8) + "=" + URLEncoder.encode(p.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }
}

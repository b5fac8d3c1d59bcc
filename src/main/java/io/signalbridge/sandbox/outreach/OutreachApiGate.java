package io.signalbridge.sandbox.outreach;

import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.signalbridge.sandbox.SandboxProperties;
import io.signalbridge.sandbox.SandboxTokenStore;
import io.signalbridge.sandbox.SandboxTokenStore.Org;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * What Outreach checks before any API v2 request ({@code /sandbox/outreach/api/v2/*}), in its order: the bearer
 * token (401), the hourly rate limit per user (429 {@code rateLimitExceeded} with {@code Retry-After}; every answer
 * carries {@code X-RateLimit-Limit}, {@code X-RateLimit-Remaining} and {@code X-RateLimit-Reset}, epoch seconds of
 * the next clock hour), and the JSON:API media type of a request body (415 {@code unsupportedMediaType}).
 */
public class OutreachApiGate extends OncePerRequestFilter {

    /** The request's user, for the controllers: the token's user name. */
    static final String USER_ATTRIBUTE = OutreachApiGate.class.getName() + ".user";

    private final SandboxTokenStore tokens;
    private final OutreachStore store;
    private final SandboxProperties.Outreach settings;
    private final ObjectMapper json;
    private final Clock clock;

    public OutreachApiGate(SandboxTokenStore tokens, OutreachStore store, SandboxProperties.Outreach settings, ObjectMapper json, Clock clock) {
        this.tokens = tokens;
        this.store = store;
        this.settings = settings;
        this.json = json;
        this.clock = clock;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String user = user(bearer(request));
        if (user == null) {
            OutreachErrors.write(response, json, 401, "unauthorized", "Unauthorized", "The access token is missing, invalid or expired.");
            return;
        }
        Instant now = clock.instant();
        Instant hour = now.truncatedTo(ChronoUnit.HOURS);
        Instant reset = hour.plus(1, ChronoUnit.HOURS);
        long calls = store.countCall(user, hour);
        response.setHeader("X-RateLimit-Limit", Long.toString(settings.hourlyRateLimit()));
        response.setHeader("X-RateLimit-Remaining", Long.toString(Math.max(0, settings.hourlyRateLimit() - calls)));
        response.setHeader("X-RateLimit-Reset", Long.toString(reset.getEpochSecond()));
        if (calls > settings.hourlyRateLimit()) {
            response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(Math.max(1, reset.getEpochSecond() - now.getEpochSecond())));
            OutreachErrors.write(response, json, 429, "rateLimitExceeded", "Rate Limit Exceeded", String.format(
                    "You have exceeded your permitted rate limit of %,d; please try again at %s.", settings.hourlyRateLimit(), reset));
            return;
        }
        String method = request.getMethod();
        if (("POST".equals(method) || "PATCH".equals(method)) && !isJsonApi(request.getContentType())) {
            OutreachErrors.write(response, json, 415, "unsupportedMediaType", "Unsupported Media Type",
                    "Expected Content-Type header to be 'application/vnd.api+json'.");
            return;
        }
        request.setAttribute(USER_ATTRIBUTE, user);
        chain.doFilter(request, response);
    }

    private String user(String token) {
        if (token == null) {
            return null;
        }
        if (token.equals(settings.fixedToken())) {
            return "sandbox";
        }
        return tokens.find(Org.OUTREACH, token).filter(t -> !t.expiredAt(clock.instant())).map(t -> t.username()).orElse(null);
    }

    private static boolean isJsonApi(String contentType) {
        return contentType != null && contentType.toLowerCase(java.util.Locale.ROOT).startsWith(OutreachErrors.MEDIA_TYPE);
    }

    private static String bearer(HttpServletRequest request) {
        String header = request.getHeader(HttpHeaders.AUTHORIZATION);
        if (header != null && header.regionMatches(true, 0, "Bearer ", 0, 7) && !header.substring(7).isBlank()) {
            return header.substring(7).trim();
        }
        return null;
    }
}

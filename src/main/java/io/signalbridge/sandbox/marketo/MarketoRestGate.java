package io.signalbridge.sandbox.marketo;

import java.io.IOException;
import java.time.Clock;
import java.time.ZoneId;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.signalbridge.sandbox.SandboxApiUsage;
import io.signalbridge.sandbox.SandboxProperties;
import io.signalbridge.sandbox.SandboxTokenStore;
import io.signalbridge.sandbox.SandboxTokenStore.Org;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * What a real instance checks before any REST call ({@code /sandbox/marketo/rest/*}), in its order and with its
 * response-level errors: the access token (600 / 601 / 602), the concurrency limit (615), the rate limit (606)
 * and the daily quota (607). It also honours {@code _method=GET} on a POST, which Marketo accepts for long
 * query strings, by presenting such a request to the controllers as a GET.
 */
public class MarketoRestGate extends OncePerRequestFilter {

    /** Marketo's daily quota resets at midnight US Central. */
    public static final ZoneId QUOTA_ZONE = ZoneId.of("America/Chicago");

    private final SandboxTokenStore tokens;
    private final SandboxApiUsage usage;
    private final SandboxProperties.Marketo settings;
    private final MarketoCallLimits limits;
    private final MarketoResponses responses;
    private final ObjectMapper json;
    private final Clock clock;

    public MarketoRestGate(SandboxTokenStore tokens, SandboxApiUsage usage, SandboxProperties.Marketo settings,
                           MarketoCallLimits limits, MarketoResponses responses, ObjectMapper json, Clock clock) {
        this.tokens = tokens;
        this.usage = usage;
        this.settings = settings;
        this.limits = limits;
        this.responses = responses;
        this.json = json;
        this.clock = clock;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String token = accessToken(request);
        if (token == null) {
            reject(response, "600", "Access token not specified");
            return;
        }
        var issued = tokens.find(Org.MARKETO, token);
        if (issued.isEmpty()) {
            reject(response, "601", "Access token invalid");
            return;
        }
        if (issued.get().expiredAt(clock.instant())) {
            reject(response, "602", "Access token expired");
            return;
        }
        if (!limits.enter()) {
            reject(response, "615", "Concurrent access limit reached");
            return;
        }
        try {
            if (!limits.tryCall(clock.instant())) {
                reject(response, "606", limits.rateLimitMessage());
                return;
            }
            if (usage.recordCall(Org.MARKETO, QUOTA_ZONE) > settings.dailyApiLimit()) {
                reject(response, "607", "Daily quota reached");
                return;
            }
            chain.doFilter(asGetWhenAsked(request), response);
        } finally {
            limits.exit();
        }
    }

    private static String accessToken(HttpServletRequest request) {
        String header = request.getHeader(HttpHeaders.AUTHORIZATION);
        if (header != null && header.regionMatches(true, 0, "Bearer ", 0, 7) && !header.substring(7).isBlank()) {
            return header.substring(7).trim();
        }
        String parameter = request.getParameter("access_token");
        return parameter == null || parameter.isBlank() ? null : parameter.trim();
    }

    private static HttpServletRequest asGetWhenAsked(HttpServletRequest request) {
        if (!"POST".equals(request.getMethod()) || !"GET".equalsIgnoreCase(request.getParameter("_method"))) {
            return request;
        }
        return new HttpServletRequestWrapper(request) {
            @Override
            public String getMethod() {
                return "GET";
            }
        };
    }

    private void reject(HttpServletResponse response, String code, String message) throws IOException {
        response.setStatus(HttpServletResponse.SC_OK);
        response.setContentType(MediaType.APPLICATION_JSON_VALUE);
        response.setCharacterEncoding("UTF-8");
        json.writeValue(response.getOutputStream(), responses.error(code, message));
    }
}

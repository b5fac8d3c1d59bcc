package io.signalbridge.sandbox.salesforce;

import java.io.IOException;
import java.time.Clock;
import java.time.ZoneOffset;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import io.signalbridge.sandbox.SandboxApiUsage;
import io.signalbridge.sandbox.SandboxProperties;
import io.signalbridge.sandbox.SandboxTokenStore;
import io.signalbridge.sandbox.SandboxTokenStore.Org;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.servlet.HandlerInterceptor;

/**
 * In front of every REST resource of the sandbox org, as Salesforce does: the session must be valid
 * ({@code Authorization: Bearer} or the older {@code OAuth} scheme), each call counts against the daily
 * allocation, and every answer carries {@code Sforce-Limit-Info: api-usage=used/max}.
 */
public class SalesforceApiInterceptor implements HandlerInterceptor {

    static final String LIMIT_INFO_HEADER = "Sforce-Limit-Info";

    private final SandboxTokenStore tokens;
    private final SandboxApiUsage usage;
    private final SandboxProperties.Salesforce settings;
    private final Clock clock;

    public SalesforceApiInterceptor(SandboxTokenStore tokens, SandboxApiUsage usage, SandboxProperties properties, Clock clock) {
        this.tokens = tokens;
        this.usage = usage;
        this.settings = properties.salesforce();
        this.clock = clock;
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) throws IOException {
        var token = tokens.find(Org.SALESFORCE, bearerToken(request.getHeader("Authorization")));
        if (token.isEmpty() || token.get().expiredAt(clock.instant())) {
            writeError(response, HttpStatus.UNAUTHORIZED, "INVALID_SESSION_ID", "Session expired or invalid");
            return false;
        }
        long used = usage.recordCall(Org.SALESFORCE, ZoneOffset.UTC);
        response.setHeader(LIMIT_INFO_HEADER, "api-usage=" + used + "/" + settings.dailyApiLimit());
        if (used > settings.dailyApiLimit()) {
            writeError(response, HttpStatus.FORBIDDEN, "REQUEST_LIMIT_EXCEEDED", "TotalRequests Limit exceeded.");
            return false;
        }
        return true;
    }

    public static String bearerToken(String authorization) {
        if (authorization == null) {
            return null;
        }
        for (String scheme : new String[] {"Bearer ", "OAuth "}) {
            if (authorization.regionMatches(true, 0, scheme, 0, scheme.length())) {
                return authorization.substring(scheme.length()).trim();
            }
        }
        return null;
    }

    private static void writeError(HttpServletResponse response, HttpStatus status, String code, String message) throws IOException {
        response.setStatus(status.value());
        response.setContentType(MediaType.APPLICATION_JSON_VALUE);
        response.setCharacterEncoding("UTF-8");
        response.getWriter().write("[{\"message\":\"" + message + "\",\"errorCode\":\"" + code + "\"}]");
    }
}

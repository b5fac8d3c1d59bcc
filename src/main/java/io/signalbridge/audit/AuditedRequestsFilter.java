package io.signalbridge.audit;

import java.io.IOException;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiFunction;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Every state-changing request of the API ({@code POST}, {@code PUT}, {@code PATCH}, {@code DELETE} under
 * {@code /api/}) into the audit log, whoever made it and however it ended: run now, replay, discard, mapping save
 * and rollback, segment publish and unpublish, role changes, token creation and revocation. It sits in the security
 * filter chain after sign-in and before the access rules, so a request the rules refuse is recorded too (outcome
 * {@code refused}). The action is the endpoint's method and path pattern ({@code POST /api/syncs/{job}/run}), the
 * target the path asked for, the detail what the endpoint does; request bodies are never recorded (they may hold
 * secrets).
 */
public class AuditedRequestsFilter extends OncePerRequestFilter {

    /** An endpoint as the access rules name it: its path pattern and what it does. */
    public record Endpoint(String pattern, String what) {
    }

    private static final Logger log = LoggerFactory.getLogger(AuditedRequestsFilter.class);
    private static final Set<String> STATE_CHANGING = Set.of("POST", "PUT", "PATCH", "DELETE");

    private final AuditLog audit;
    private final BiFunction<String, String, Optional<Endpoint>> endpoints;

    public AuditedRequestsFilter(AuditLog audit, BiFunction<String, String, Optional<Endpoint>> endpoints) {
        this.audit = audit;
        this.endpoints = endpoints;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !STATE_CHANGING.contains(request.getMethod()) || !path(request).startsWith("/api/");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String actor = actor();
        try {
            chain.doFilter(request, response);
        } catch (AccessDeniedException | AuthenticationException refused) {
            record(request, actor, "refused", "403");
            throw refused;
        } catch (IOException | ServletException | RuntimeException failed) {
            record(request, actor, "failed", failed.getClass().getSimpleName());
            throw failed;
        }
        int status = response.getStatus();
        record(request, actor, outcome(status), Integer.toString(status));
    }

    private void record(HttpServletRequest request, String actor, String outcome, String status) {
        String path = path(request);
        Optional<Endpoint> endpoint = endpoints.apply(request.getMethod(), path);
        String action = request.getMethod() + " " + endpoint.map(Endpoint::pattern).orElse(path);
        String detail = endpoint.map(Endpoint::what).orElse("no such endpoint") + " (HTTP " + status + ")";
        try {
            audit.record(actor, action, path, outcome, detail);
        } catch (RuntimeException e) {
            // the request's own outcome stands; a lost audit entry is logged where ops see it
            log.error("Could not record {} by {} in the audit log: {}", action, actor, e.getMessage());
        }
    }

    static String outcome(int status) {
        if (status == 401 || status == 403) {
            return "refused";
        }
        if (status >= 500) {
            return "failed";
        }
        return status >= 400 ? "rejected" : "done";
    }

    private static String actor() {
        var authentication = SecurityContextHolder.getContext().getAuthentication();
        if (authentication == null || authentication instanceof AnonymousAuthenticationToken || !authentication.isAuthenticated()) {
            return "anonymous";
        }
        return authentication.getName();
    }

    private static String path(HttpServletRequest request) {
        return request.getRequestURI().substring(request.getContextPath().length());
    }
}

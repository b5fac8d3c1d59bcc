package io.signalbridge.security.scim;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * A user deactivated by SCIM is refused on every request of the service, whatever the credentials: the console's
 * session is invalidated, a bearer JWT or Basic login answered 401 (their API tokens are revoked at deactivation). The
 * check reads the database on each authenticated request, so it holds on every node and after a restart, which an
 * in-memory {@code SessionRegistry} would not.
 */
public final class DeactivatedUserFilter extends OncePerRequestFilter {

    private final ScimDirectory directory;

    public DeactivatedUserFilter(ScimDirectory directory) {
        this.directory = directory;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (authentication != null && authentication.isAuthenticated() && !(authentication instanceof AnonymousAuthenticationToken)
                && directory.deactivated(authentication.getName())) {
            var session = request.getSession(false);
            if (session != null) {
                session.invalidate();
            }
            SecurityContextHolder.clearContext();
            response.addHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
            response.sendError(HttpStatus.UNAUTHORIZED.value(), "the user is deactivated");
            return;
        }
        chain.doFilter(request, response);
    }
}

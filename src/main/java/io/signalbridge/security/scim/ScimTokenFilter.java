package io.signalbridge.security.scim;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * {@code /scim/v2/**}: {@code Authorization: Bearer <signalbridge.security.scim.token>} or 401 in the SCIM error schema.
 * The token is compared by its SHA-256 in constant time ({@link MessageDigest#isEqual}); it is never logged. Without a
 * configured token every request is refused.
 */
public final class ScimTokenFilter extends OncePerRequestFilter {

    public static final String AUTHORITY = "SCIM_PROVISIONING";
    private final byte[] expected;

    public ScimTokenFilter(ScimProperties properties) {
        this.expected = properties.configured() ? sha256(properties.token()) : null;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String header = request.getHeader(HttpHeaders.AUTHORIZATION);
        String token = header != null && header.regionMatches(true, 0, "Bearer ", 0, 7) ? header.substring(7).strip() : null;
        if (expected == null || token == null || token.isEmpty() || !MessageDigest.isEqual(expected, sha256(token))) {
            response.addHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"scim\"");
            ScimErrors.write(response, 401, null, expected == null ? "SCIM provisioning is off (no signalbridge.security.scim.token)"
                    : "a valid SCIM bearer token is required");
            return;
        }
        var context = SecurityContextHolder.createEmptyContext();
        context.setAuthentication(UsernamePasswordAuthenticationToken.authenticated(ScimDirectory.ACTOR, null,
                List.of(new SimpleGrantedAuthority(AUTHORITY))));
        SecurityContextHolder.setContext(context);
        try {
            chain.doFilter(request, response);
        } finally {
            SecurityContextHolder.clearContext();
        }
    }

    private static byte[] sha256(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException impossible) {
            throw new IllegalStateException(impossible);
        }
    }
}

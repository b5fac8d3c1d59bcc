package io.signalbridge.security;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * No state change from another site, whatever credentials the browser holds (a cached Basic login, later a
 * session cookie). A state-changing request (anything but GET, HEAD, OPTIONS, TRACE) is refused with 403 when
 * <ul>
 *   <li>its {@code Sec-Fetch-Site} is {@code cross-site} or {@code same-site} (the browser says another page sent it;
 *       {@code same-origin} and {@code none}, typed by the user, pass), or</li>
 *   <li>its {@code Origin} is not the service's own (scheme, host and port of the request, as the servlet container
 *       sees them, so behind a proxy set {@code server.forward-headers-strategy}) nor one of
 *       {@code signalbridge.security.trusted-origins}; {@code Origin: null} (a data: URL, a sandboxed frame) is foreign, or</li>
 *   <li>when {@code requireNonFormRequest}: it has neither a JSON content type nor an {@code X-Requested-With}
 *       header. A cross-site HTML form can send neither, and a cross-site {@code fetch} can send neither without a
 *       CORS preflight, which this service never grants.</li>
 * </ul>
 * Scripts (curl, other services) send no Origin and no Sec-Fetch-Site; they add {@code X-Requested-With} to a
 * body-less POST, or send JSON.
 */
public final class CrossSiteRequestFilter extends OncePerRequestFilter {

    public static final String REQUESTED_WITH = "X-Requested-With";
    static final String FETCH_SITE = "Sec-Fetch-Site";
    private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS", "TRACE");
    private static final Set<String> FOREIGN_SITES = Set.of("cross-site", "same-site");

    private final Set<String> trustedOrigins;
    private final boolean requireNonFormRequest;
    private final Set<String> formPaths;

    /**
     * @param trustedOrigins        origins besides the service's own that may change state ({@code https://ops.example.com})
     * @param requireNonFormRequest whether a JSON body or {@code X-Requested-With} is required (the service's API: yes;
     *                              the simulated org APIs, which take form posts and CSV as the real ones do: no)
     */
    public CrossSiteRequestFilter(Set<String> trustedOrigins, boolean requireNonFormRequest) {
        this(trustedOrigins, requireNonFormRequest, Set.of());
    }

    /**
     * @param formPaths paths exempt from the JSON-or-header requirement (the console's sign-out, a same-origin form post
     *                  that Spring Security's CSRF token protects); the Origin and Sec-Fetch-Site checks still apply
     */
    public CrossSiteRequestFilter(Set<String> trustedOrigins, boolean requireNonFormRequest, Set<String> formPaths) {
        this.trustedOrigins = trustedOrigins.stream().map(CrossSiteRequestFilter::normalized).collect(Collectors.toUnmodifiableSet());
        this.requireNonFormRequest = requireNonFormRequest;
        this.formPaths = Set.copyOf(formPaths);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String refusal = SAFE_METHODS.contains(request.getMethod().toUpperCase(Locale.ROOT)) ? null : refusal(request);
        if (refusal == null) {
            chain.doFilter(request, response);
            return;
        }
        response.setStatus(HttpStatus.FORBIDDEN.value());
        response.setContentType(MediaType.APPLICATION_JSON_VALUE);
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        response.getWriter().write("{\"status\":403,\"error\":\"" + refusal + "\"}");
    }

    /** Why the request is refused, or null. */
    String refusal(HttpServletRequest request) {
        String site = request.getHeader(FETCH_SITE);
        if (site != null && FOREIGN_SITES.contains(site.trim().toLowerCase(Locale.ROOT))) {
            return "cross-site request refused (Sec-Fetch-Site: " + site.trim().toLowerCase(Locale.ROOT) + ")";
        }
        String origin = request.getHeader(HttpHeaders.ORIGIN);
        if (origin != null && !ownOrigin(request).equals(normalized(origin)) && !trustedOrigins.contains(normalized(origin))) {
            return "cross-site request refused (foreign Origin)";
        }
        if (requireNonFormRequest && !formPaths.contains(request.getRequestURI().substring(request.getContextPath().length()))
                && !isJson(request.getContentType()) && isBlank(request.getHeader(REQUESTED_WITH))) {
            return "a state-changing request needs a JSON body or the X-Requested-With header";
        }
        return null;
    }

    private static String ownOrigin(HttpServletRequest request) {
        return origin(request.getScheme(), request.getServerName(), request.getServerPort());
    }

    /** scheme://host[:port], lower case, the scheme's default port left out; "null" and anything unparsable stay foreign. */
    static String normalized(String origin) {
        try {
            URI uri = URI.create(origin.trim());
            if (uri.getScheme() == null || uri.getHost() == null) {
                return "foreign:" + origin;
            }
            return origin(uri.getScheme(), uri.getHost(), uri.getPort());
        } catch (IllegalArgumentException unparsable) {
            return "foreign:" + origin;
        }
    }

    private static String origin(String scheme, String host, int port) {
        String lowerScheme = scheme.toLowerCase(Locale.ROOT);
        String bareHost = host.toLowerCase(Locale.ROOT);
        if (bareHost.startsWith("[") && bareHost.endsWith("]")) {
            bareHost = bareHost.substring(1, bareHost.length() - 1);
        }
        boolean defaultPort = port < 0 || ("http".equals(lowerScheme) && port == 80) || ("https".equals(lowerScheme) && port == 443);
        return lowerScheme + "://" + (bareHost.contains(":") ? "[" + bareHost + "]" : bareHost) + (defaultPort ? "" : ":" + port);
    }

    private static boolean isJson(String contentType) {
        if (contentType == null) {
            return false;
        }
        try {
            MediaType type = MediaType.parseMediaType(contentType);
            return "application".equals(type.getType()) && ("json".equals(type.getSubtype()) || type.getSubtype().endsWith("+json"));
        } catch (InvalidMediaTypeException notAType) {
            return false;
        }
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }
}

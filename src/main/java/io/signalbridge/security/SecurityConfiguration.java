package io.signalbridge.security;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import com.nimbusds.jwt.JWTParser;

import io.signalbridge.security.scim.DeactivatedUserFilter;
import io.signalbridge.security.scim.ScimDirectory;
import io.signalbridge.security.scim.ScimProperties;
import io.signalbridge.security.scim.ScimTokenFilter;
import io.signalbridge.security.signin.DiscoveredClientRegistrations;
import io.signalbridge.security.signin.GroupRoleOidcUserService;
import io.signalbridge.security.tokens.ApiTokenAuthenticationProvider;
import io.signalbridge.security.tokens.ApiTokens;

import io.signalbridge.audit.AuditLog;
import io.signalbridge.audit.AuditedRequestsFilter;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.AuthenticationManagerResolver;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AuthorizeHttpRequestsConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.oauth2.client.oidc.web.logout.OidcClientInitiatedLogoutSuccessHandler;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.oauth2.client.web.DefaultOAuth2AuthorizationRequestResolver;
import org.springframework.security.oauth2.client.web.OAuth2AuthorizationRequestCustomizers;
import org.springframework.security.oauth2.client.web.OAuth2AuthorizationRequestRedirectFilter;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.jwt.SupplierJwtDecoder;
import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationProvider;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.security.oauth2.server.resource.web.DefaultBearerTokenResolver;
import org.springframework.security.oauth2.server.resource.authentication.BearerTokenAuthenticationToken;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.channel.ChannelProcessingFilter;
import org.springframework.security.web.access.intercept.AuthorizationFilter;
import org.springframework.security.web.authentication.DelegatingAuthenticationEntryPoint;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.authentication.logout.SimpleUrlLogoutSuccessHandler;
import org.springframework.security.web.csrf.CookieCsrfTokenRepository;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.security.web.csrf.CsrfTokenRequestAttributeHandler;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;

/**
 * The filter chains: the sandbox identity provider's (sandbox profile only, first: {@code SandboxIdentityProvider}), the
 * simulated org APIs ({@code /sandbox/**}) and the service itself. Every chain refuses cross-site state changes
 * ({@link CrossSiteRequestFilter}, first in each, in every profile); who may call what is {@link AccessMatrix},
 * applied here rule by rule, and a request no rule matches is refused.
 *
 * <p>The service takes four credentials: the console's session after an OpenID Connect sign-in (authorization code
 * with PKCE; {@code signalbridge.security.oidc}), whose state changes also need Spring Security's CSRF token; a bearer
 * JWT of the same issuer; a personal API token ({@code Bearer sbt_...}); and HTTP Basic, only where
 * {@code signalbridge.security.users} lists users (the sandbox profile).
 */
@Configuration
public class SecurityConfiguration {

    static final String SIGN_OUT = "/logout";
    static final String CSRF_COOKIE = "XSRF-TOKEN";
    static final String CSRF_HEADER = "X-XSRF-TOKEN";

    /**
     * The sandbox orgs answer to their own OAuth tokens, as the real APIs do; Spring Security stays out of their way
     * so that their error bodies are the real APIs' own. The product calls them server to server (no Origin, no
     * Sec-Fetch-Site); a browser on another site may not write to them. Form posts (the OAuth token request) and CSV
     * bodies (Bulk API) stay allowed: the real APIs take them.
     */
    @Bean
    @Order(1)
    SecurityFilterChain sandboxOrgs(HttpSecurity http, SecurityProperties properties) throws Exception {
        return http.securityMatcher(PathPatternRequestMatcher.withDefaults().matcher(AccessMatrix.SANDBOX_ORGS))
                .addFilterBefore(new CrossSiteRequestFilter(new LinkedHashSet<>(properties.trustedOrigins()), false),
                        ChannelProcessingFilter.class)
                .authorizeHttpRequests(auth -> auth.anyRequest().permitAll())
                .csrf(csrf -> csrf.disable())
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .build();
    }

    /**
     * SCIM 2.0 provisioning ({@code /scim/v2/**}): its own bearer token ({@link ScimTokenFilter}), nothing else; no
     * session, no CSRF token (the token is no ambient credential a browser would send), the cross-site checks still on.
     */
    @Bean
    @Order(1)
    SecurityFilterChain scimProvisioning(HttpSecurity http, SecurityProperties properties, ScimProperties scim) throws Exception {
        return http.securityMatcher(PathPatternRequestMatcher.withDefaults().matcher(AccessMatrix.SCIM))
                .addFilterBefore(new CrossSiteRequestFilter(new LinkedHashSet<>(properties.trustedOrigins()), false),
                        ChannelProcessingFilter.class)
                .addFilterBefore(new ScimTokenFilter(scim), AuthorizationFilter.class)
                .authorizeHttpRequests(auth -> auth.anyRequest().hasAuthority(ScimTokenFilter.AUTHORITY))
                .csrf(csrf -> csrf.disable())
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .requestCache(cache -> cache.disable())
                .build();
    }

    /**
     * The account view Salesforce frames ({@code /embed/**}): pages and scripts without data, open, framed only by
     * the configured Salesforce origins (Content-Security-Policy frame-ancestors; no X-Frame-Options DENY here). Their
     * data comes from the API with the view's bearer token, never from a cookie of this site.
     */
    @Bean
    @Order(1)
    SecurityFilterChain embeddedAccountView(HttpSecurity http, io.signalbridge.embed.EmbedProperties embed) throws Exception {
        return http.securityMatcher(PathPatternRequestMatcher.withDefaults().matcher(AccessMatrix.EMBED))
                .authorizeHttpRequests(auth -> auth.requestMatchers(request -> "GET".equals(request.getMethod())).permitAll()
                        .anyRequest().denyAll())
                .csrf(csrf -> csrf.disable())
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .headers(headers -> headers.frameOptions(frame -> frame.disable())
                        .contentSecurityPolicy(csp -> csp.policyDirectives(embed.contentSecurityPolicy())))
                .build();
    }

    @Bean
    @Order(2)
    SecurityFilterChain serviceApi(HttpSecurity http, SecurityProperties properties, OidcProperties oidc,
            ClientRegistrationRepository registrations, AssignedRoles roles, ApiTokens apiTokens, AuditLog audit,
            ScimDirectory provisioned, io.signalbridge.security.seats.SignIns signIns) throws Exception {
        boolean basic = !properties.users().isEmpty();
        http.addFilterBefore(new CrossSiteRequestFilter(new LinkedHashSet<>(properties.trustedOrigins()), true, Set.of(SIGN_OUT)),
                        ChannelProcessingFilter.class)
                // a user deactivated by SCIM: session ended, JWT and Basic refused, whatever signed them in
                .addFilterBefore(new DeactivatedUserFilter(provisioned), AuthorizationFilter.class)
                // after sign-in, before the access rules: refused state changes are audited too
                .addFilterBefore(new AuditedRequestsFilter(audit, (method, path) -> AccessMatrix.ruleFor(HttpMethod.valueOf(method), path)
                        .map(rule -> new AuditedRequestsFilter.Endpoint(rule.path(), rule.what()))), AuthorizationFilter.class)
                .authorizeHttpRequests(SecurityConfiguration::applyAccessMatrix)
                // The console's session cookie is sent by the browser on its own: its state changes need the CSRF token
                // (cookie XSRF-TOKEN, echoed by console.js as X-XSRF-TOKEN). A request with an Authorization header
                // (a script's bearer token or, in the sandbox, Basic) brings its credentials itself.
                .csrf(csrf -> csrf.csrfTokenRepository(csrfCookie())
                        .csrfTokenRequestHandler(new CsrfCookieRequestHandler())
                        .ignoringRequestMatchers(request -> request.getHeader(HttpHeaders.AUTHORIZATION) != null))
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.IF_REQUIRED))
                .oauth2ResourceServer(resource -> resource.authenticationManagerResolver(bearer(oidc, roles, apiTokens)))
                .exceptionHandling(e -> e.authenticationEntryPoint(entryPoint(oidc, basic)))
                .logout(logout -> logout.logoutUrl(SIGN_OUT).logoutSuccessHandler(oidc.configured()
                        ? providerSignOut(registrations, oidc) : new SimpleUrlLogoutSuccessHandler()));
        if (basic) {
            http.httpBasic(b -> b.realmName("signalbridge"));
        }
        if (oidc.configured()) {
            var authorizationRequests = new DefaultOAuth2AuthorizationRequestResolver(registrations,
                    OAuth2AuthorizationRequestRedirectFilter.DEFAULT_AUTHORIZATION_REQUEST_BASE_URI);
            authorizationRequests.setAuthorizationRequestCustomizer(OAuth2AuthorizationRequestCustomizers.withPkce());
            http.oauth2Login(login -> login.clientRegistrationRepository(registrations)
                    .loginPage(oidc.signInPath())
                    .authorizationEndpoint(authorization -> authorization.authorizationRequestResolver(authorizationRequests))
                    .userInfoEndpoint(user -> user.oidcUserService(new GroupRoleOidcUserService(roles, oidc.userNameClaim(),
                            provisioned::deactivated, name -> signIns.record(name, io.signalbridge.security.seats.SignIns.Via.CONSOLE))))
                    // no redirect back to the sign-in: a provider that refuses would send the browser round in circles
                    .failureHandler((request, response, failure) -> plainText(response, HttpStatus.UNAUTHORIZED,
                            "Sign-in failed: " + failure.getMessage() + "\nTry again: " + request.getContextPath() + "/\n")));
        }
        return http.build();
    }

    /** RP-initiated logout: the provider's end-session endpoint (from its discovery), back to the console after. */
    private static OidcClientInitiatedLogoutSuccessHandler providerSignOut(ClientRegistrationRepository registrations, OidcProperties oidc) {
        var handler = new OidcClientInitiatedLogoutSuccessHandler(registrations);
        handler.setPostLogoutRedirectUri(oidc.postLogoutRedirectUri());
        return handler;
    }

    /**
     * Without credentials: a page of the console goes to the provider's sign-in; the API, the actuator, the API
     * description and script calls get 401 with the challenges the service accepts.
     */
    private static AuthenticationEntryPoint entryPoint(OidcProperties oidc, boolean basic) {
        AuthenticationEntryPoint unauthorized = (request, response, failure) -> {
            response.addHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
            if (basic) {
                response.addHeader(HttpHeaders.WWW_AUTHENTICATE, "Basic realm=\"signalbridge\"");
            }
            response.sendError(HttpStatus.UNAUTHORIZED.value(), HttpStatus.UNAUTHORIZED.getReasonPhrase());
        };
        if (!oidc.configured()) {
            return unauthorized;
        }
        RequestMatcher page = request -> {
            String path = request.getRequestURI().substring(request.getContextPath().length());
            return request.getHeader(CrossSiteRequestFilter.REQUESTED_WITH) == null && request.getHeader(HttpHeaders.AUTHORIZATION) == null
                    && !path.startsWith("/api/") && !path.startsWith("/actuator") && !path.startsWith("/v3/api-docs");
        };
        var entryPoints = new LinkedHashMap<RequestMatcher, AuthenticationEntryPoint>();
        entryPoints.put(page, new LoginUrlAuthenticationEntryPoint(oidc.signInPath()));
        var delegating = new DelegatingAuthenticationEntryPoint(entryPoints);
        delegating.setDefaultEntryPoint(unauthorized);
        return delegating;
    }

    /** {@code Bearer sbt_...}: a personal API token; any other bearer token: a JWT of the configured issuer. */
    private static AuthenticationManagerResolver<HttpServletRequest> bearer(OidcProperties oidc, AssignedRoles roles, ApiTokens apiTokens) {
        AuthenticationManager tokens = new ProviderManager(new ApiTokenAuthenticationProvider(apiTokens));
        AuthenticationManager issuers = oidc.configured() ? new ProviderManager(jwtProvider(oidc, roles)) : null;
        AuthenticationManager jwts = authentication -> {
            if (issuers == null) {
                throw new InvalidBearerTokenException("this service takes no JWTs (no signalbridge.security.oidc.issuer-uri); use an API token");
            }
            // what is not a JWT at all is refused here (401), before the issuer's keys are fetched
            try {
                JWTParser.parse(((BearerTokenAuthenticationToken) authentication).getToken());
            } catch (ParseException notAJwt) {
                throw new InvalidBearerTokenException("the bearer token is neither an API token (sbt_...) nor a JWT");
            }
            return issuers.authenticate(authentication);
        };
        var resolver = new DefaultBearerTokenResolver();
        return request -> {
            String token = resolver.resolve(request);
            return token != null && token.startsWith(ApiTokens.PREFIX) ? tokens : jwts;
        };
    }

    /** JWTs of the issuer, its keys read on first use; roles as at sign-in (assigned, or from the groups claim). */
    private static JwtAuthenticationProvider jwtProvider(OidcProperties oidc, AssignedRoles roles) {
        var decoder = new SupplierJwtDecoder(() -> {
            NimbusJwtDecoder nimbus = NimbusJwtDecoder.withIssuerLocation(oidc.issuerUri()).build();
            OAuth2TokenValidator<Jwt> validator = JwtValidators.createDefaultWithIssuer(oidc.issuerUri());
            if (!oidc.bearerAudiences().isEmpty()) {
                List<String> audiences = oidc.bearerAudiences();
                validator = new DelegatingOAuth2TokenValidator<>(validator, new JwtClaimValidator<List<String>>(JwtClaimNames.AUD,
                        aud -> aud != null && aud.stream().anyMatch(audiences::contains)));
            }
            nimbus.setJwtValidator(validator);
            return nimbus;
        });
        var provider = new JwtAuthenticationProvider(decoder);
        provider.setJwtAuthenticationConverter(jwt -> {
            String name = jwt.hasClaim(oidc.userNameClaim()) ? jwt.getClaimAsString(oidc.userNameClaim()) : jwt.getSubject();
            return new JwtAuthenticationToken(jwt, roles.authorities(name, jwt.getClaims()), name);
        });
        return provider;
    }

    private static CookieCsrfTokenRepository csrfCookie() {
        var repository = CookieCsrfTokenRepository.withHttpOnlyFalse();
        repository.setCookieName(CSRF_COOKIE);
        repository.setHeaderName(CSRF_HEADER);
        repository.setCookieCustomizer(cookie -> cookie.sameSite("Lax"));
        return repository;
    }

    /**
     * The token as the cookie holds it (console.js reads the cookie and sends it back, as header or, for the sign-out
     * form, as the {@code _csrf} field), and the cookie written on every request without an Authorization header so
     * that the console has it before its first state change.
     */
    static final class CsrfCookieRequestHandler extends CsrfTokenRequestAttributeHandler {
        @Override
        public void handle(HttpServletRequest request, HttpServletResponse response, Supplier<CsrfToken> csrfToken) {
            super.handle(request, response, csrfToken);
            if (request.getHeader(HttpHeaders.AUTHORIZATION) == null) {
                csrfToken.get();
            }
        }
    }

    private static void applyAccessMatrix(
            AuthorizeHttpRequestsConfigurer<HttpSecurity>.AuthorizationManagerRequestMatcherRegistry auth) {
        var matchers = PathPatternRequestMatcher.withDefaults();
        for (AccessMatrix.Rule rule : AccessMatrix.rules()) {
            var requests = auth.requestMatchers(matchers.matcher(rule.method(), rule.path()));
            switch (rule.access()) {
                case PUBLIC, SANDBOX_ORG, SANDBOX_IDP, SIGN_IN -> requests.permitAll();
                case SCIM -> requests.denyAll(); // the SCIM chain answers these, before this one

                case ROLES -> requests.hasAnyRole(rule.roles().stream().map(Role::name).toArray(String[]::new));
            }
        }
        auth.anyRequest().denyAll();
    }

    private static void plainText(HttpServletResponse response, HttpStatus status, String text) throws IOException {
        response.setStatus(status.value());
        response.setContentType("text/plain;charset=UTF-8");
        response.getOutputStream().write(text.getBytes(StandardCharsets.UTF_8));
    }

    @Bean
    ClientRegistrationRepository clientRegistrations(OidcProperties oidc, Clock clock) {
        return new DiscoveredClientRegistrations(oidc, clock);
    }

    @Bean
    PasswordEncoder passwordEncoder() {
        return PasswordEncoderFactories.createDelegatingPasswordEncoder();
    }

    @Bean
    UserDetailsService userDetailsService(SecurityProperties properties) {
        var users = properties.users().stream()
                .map(user -> (UserDetails) User.withUsername(user.name())
                        .password(user.password())
                        .roles(user.roles().stream().map(Role::name).toArray(String[]::new))
                        .build())
                .toList();
        return new InMemoryUserDetailsManager(users);
    }
}

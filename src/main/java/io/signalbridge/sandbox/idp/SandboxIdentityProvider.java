package io.signalbridge.sandbox.idp;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.UUID;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;

import io.signalbridge.security.CrossSiteRequestFilter;
import io.signalbridge.security.OidcProperties;
import io.signalbridge.security.SecurityProperties;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.MediaType;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.oidc.endpoint.OidcParameterNames;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.config.annotation.web.configuration.OAuth2AuthorizationServerConfiguration;
import org.springframework.security.oauth2.server.authorization.config.annotation.web.configurers.OAuth2AuthorizationServerConfigurer;
import org.springframework.security.oauth2.server.authorization.settings.AuthorizationServerSettings;
import org.springframework.security.oauth2.server.authorization.token.JwtEncodingContext;
import org.springframework.security.oauth2.server.authorization.token.DelegatingOAuth2TokenGenerator;
import org.springframework.security.oauth2.server.authorization.token.JwtGenerator;
import org.springframework.security.oauth2.server.authorization.token.OAuth2RefreshTokenGenerator;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenCustomizer;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenGenerator;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.channel.ChannelProcessingFilter;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.security.web.csrf.CsrfFilter;
import org.springframework.security.web.savedrequest.HttpSessionRequestCache;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.MediaTypeRequestMatcher;

/**
 * The sandbox identity provider: Spring Authorization Server in this process, an OpenID provider with issuer
 * {@code {service}/sandbox/okta} (discovery at {@code /sandbox/okta/.well-known/openid-configuration}), so that the
 * demo signs in through exactly the code path of production (authorization code with PKCE, ID token with a
 * {@code groups} claim, RP-initiated logout). Its filter chain comes before every other.
 *
 * <p>The provider and the console share one servlet session (one host, one cookie): the provider keeps its sign-in
 * under session keys of its own, so that signing in to the provider never signs anyone in to the console; only the
 * OpenID Connect code flow does.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(prefix = "signalbridge.sandbox.identity-provider", name = "enabled", havingValue = "true")
public class SandboxIdentityProvider {

    public static final String PATH = "/sandbox/okta";
    static final String SIGN_IN = PATH + "/login";
    private static final String SESSION_PREFIX = SandboxIdentityProvider.class.getName() + ".";

    @Bean
    @Order(0)
    SecurityFilterChain sandboxIdentityProviderChain(HttpSecurity http, SandboxIdentityProviderProperties properties, OidcProperties oidc,
            SecurityProperties security) throws Exception {
        JWKSource<SecurityContext> keys = signingKeys();
        var contexts = new HttpSessionSecurityContextRepository();
        contexts.setSpringSecurityContextKey(SESSION_PREFIX + "SECURITY_CONTEXT");
        var requests = new HttpSessionRequestCache();
        requests.setSessionAttrName(SESSION_PREFIX + "SAVED_REQUEST");
        var users = new InMemoryUserDetailsManager(properties.users().stream()
                .map(user -> (UserDetails) User.withUsername(user.name()).password(user.password()).roles("SANDBOX_IDP_USER").build()).toList());

        http.securityMatcher(PathPatternRequestMatcher.withDefaults().matcher(PATH + "/**"))
                .addFilterBefore(new CrossSiteRequestFilter(new LinkedHashSet<>(security.trustedOrigins()), false), ChannelProcessingFilter.class)
                .with(OAuth2AuthorizationServerConfigurer.authorizationServer(), server -> server
                        .registeredClientRepository(clients(properties, oidc))
                        .authorizationServerSettings(AuthorizationServerSettings.builder().multipleIssuersAllowed(true).build())
                        .tokenGenerator(tokens(keys, groupsClaim(properties, oidc)))
                        .oidc(Customizer.withDefaults()))
                .authorizeHttpRequests(auth -> auth.anyRequest().authenticated())
                .formLogin(form -> form.loginPage(SIGN_IN).failureUrl(SIGN_IN + "?error").permitAll())
                .addFilterAfter(new SandboxSignInPage(SIGN_IN, properties), CsrfFilter.class)
                .securityContext(context -> context.securityContextRepository(contexts))
                .requestCache(cache -> cache.requestCache(requests))
                .userDetailsService(users)
                // the user info endpoint takes the provider's own access tokens
                .oauth2ResourceServer(resource -> resource.jwt(jwt -> jwt.decoder(OAuth2AuthorizationServerConfiguration.jwtDecoder(keys))))
                .exceptionHandling(exceptions -> exceptions.defaultAuthenticationEntryPointFor(new LoginUrlAuthenticationEntryPoint(SIGN_IN),
                        new MediaTypeRequestMatcher(MediaType.TEXT_HTML)));
        http.setSharedObject(JWKSource.class, keys);
        return http.build();
    }

    private static RegisteredClientRepository clients(SandboxIdentityProviderProperties properties, OidcProperties oidc) {
        return new SandboxClients(properties, oidc.registrationId());
    }

    private static OAuth2TokenGenerator<?> tokens(JWKSource<SecurityContext> keys, OAuth2TokenCustomizer<JwtEncodingContext> claims) {
        var jwts = new JwtGenerator(new NimbusJwtEncoder(keys));
        jwts.setJwtCustomizer(claims);
        return new DelegatingOAuth2TokenGenerator(jwts, new OAuth2RefreshTokenGenerator());
    }

    /** Okta's claims: the user's groups and login name in the ID token and in the access token of a signed-in user. */
    static OAuth2TokenCustomizer<JwtEncodingContext> groupsClaim(SandboxIdentityProviderProperties properties, OidcProperties oidc) {
        return context -> {
            boolean forUser = !AuthorizationGrantType.CLIENT_CREDENTIALS.equals(context.getAuthorizationGrantType());
            boolean idOrAccessToken = OidcParameterNames.ID_TOKEN.equals(context.getTokenType().getValue())
                    || OAuth2TokenType.ACCESS_TOKEN.equals(context.getTokenType());
            if (!forUser || !idOrAccessToken) {
                return;
            }
            String name = context.getPrincipal().getName();
            List<String> groups = properties.user(name).map(SandboxIdentityProviderProperties.User::groups).orElse(List.of());
            context.getClaims().claim(oidc.groupsClaim(), groups);
            context.getClaims().claim(oidc.userNameClaim(), name);
            context.getClaims().claim("email", name + "@sandbox.local");
        };
    }

    /** A signing key made at start-up: tokens of the sandbox provider do not outlive the process. */
    private static JWKSource<SecurityContext> signingKeys() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            KeyPair pair = generator.generateKeyPair();
            RSAKey key = new RSAKey.Builder((RSAPublicKey) pair.getPublic()).privateKey((RSAPrivateKey) pair.getPrivate())
                    .keyID(UUID.randomUUID().toString()).build();
            return new ImmutableJWKSet<>(new JWKSet(key));
        } catch (NoSuchAlgorithmException impossible) {
            throw new IllegalStateException(impossible);
        }
    }
}

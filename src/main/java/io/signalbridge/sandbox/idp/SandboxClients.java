package io.signalbridge.sandbox.idp;

import java.net.URI;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.core.oidc.OidcScopes;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.context.AuthorizationServerContextHolder;
import org.springframework.security.oauth2.server.authorization.settings.ClientSettings;

/**
 * The console as the sandbox provider's one client. The provider is served by the service it signs in to, so the
 * console's sign-in and sign-out redirect URIs are on the provider's own origin, whatever port the service listens
 * on (the issuer is taken from each request); on a loopback host both {@code localhost} and {@code 127.0.0.1}
 * are registered.
 */
final class SandboxClients implements RegisteredClientRepository {

    private static final Set<String> LOOPBACK = Set.of("localhost", "127.0.0.1");

    private final SandboxIdentityProviderProperties properties;
    private final String registrationId;

    SandboxClients(SandboxIdentityProviderProperties properties, String registrationId) {
        this.properties = properties;
        this.registrationId = registrationId;
    }

    /** Nothing kept: the client is configured (the provider calls this to re-encode a {noop} secret after a sign-in). */
    @Override
    public void save(RegisteredClient registeredClient) {
    }

    @Override
    public RegisteredClient findById(String id) {
        return properties.clientId().equals(id) ? console() : null;
    }

    @Override
    public RegisteredClient findByClientId(String clientId) {
        return properties.clientId().equals(clientId) ? console() : null;
    }

    private RegisteredClient console() {
        var context = AuthorizationServerContextHolder.getContext();
        List<String> origins = origins(context == null ? null : context.getIssuer());
        return RegisteredClient.withId(properties.clientId())
                .clientId(properties.clientId())
                .clientSecret(properties.clientSecret())
                .clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_BASIC)
                .clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_POST)
                .authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
                .authorizationGrantType(AuthorizationGrantType.REFRESH_TOKEN)
                // scripts of the demo: a bearer JWT for the client itself (no user, so no groups: VIEWER)
                .authorizationGrantType(AuthorizationGrantType.CLIENT_CREDENTIALS)
                .redirectUris(uris -> origins.forEach(origin -> uris.add(origin + "/login/oauth2/code/" + registrationId)))
                .postLogoutRedirectUris(uris -> origins.forEach(origin -> uris.add(origin + "/")))
                .scope(OidcScopes.OPENID)
                .scope(OidcScopes.PROFILE)
                .scope(OidcScopes.EMAIL)
                .clientSettings(ClientSettings.builder().requireProofKey(true).requireAuthorizationConsent(false).build())
                .build();
    }

    /** The origins of the service that serves this issuer. */
    static List<String> origins(String issuer) {
        if (issuer == null) {
            return List.of();
        }
        URI uri = URI.create(issuer);
        String port = uri.getPort() < 0 ? "" : ":" + uri.getPort();
        var origins = new LinkedHashSet<String>();
        origins.add(uri.getScheme() + "://" + uri.getHost() + port);
        if (LOOPBACK.contains(uri.getHost())) {
            LOOPBACK.forEach(host -> origins.add(uri.getScheme() + "://" + host + port));
        }
        return List.copyOf(origins);
    }
}

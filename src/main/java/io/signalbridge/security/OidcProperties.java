package io.signalbridge.security;

import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Console sign-in by OpenID Connect (authorization code with PKCE) and the bearer JWTs of the same issuer.
 * Without an issuer there is no console sign-in and no JWT is accepted (only personal API tokens, and HTTP Basic
 * where {@code signalbridge.security.users} are configured, the sandbox profile).
 *
 * @param registrationId       the client registration's id; the provider's sign-in redirect URI is
 *                             {@code {baseUrl}/login/oauth2/code/{registrationId}}
 * @param issuerUri            the provider's issuer ({@code https://yourcompany.okta.com}); its discovery document is read
 *                             on the first sign-in, not at start-up
 * @param clientId             the application's client id
 * @param clientSecret         the application's client secret (from the environment only)
 * @param scopes               the scopes asked for
 * @param userNameClaim        the claim naming the user ({@code sub} when a token lacks it)
 * @param groupsClaim          the claim listing the user's groups (ID token, user info, bearer JWT)
 * @param groupRoles           which group gives which role; a user in none of them is {@link Role#VIEWER}
 * @param postLogoutRedirectUri where the provider sends the browser after sign-out ({@code {baseUrl}} is the service's)
 * @param bearerAudiences      the audiences a bearer JWT must name one of (empty: not checked)
 * @param discoveryRetry       how long after a failed discovery the next sign-in tries again
 */
@ConfigurationProperties("signalbridge.security.oidc")
public record OidcProperties(
        @DefaultValue("okta") String registrationId,
        String issuerUri,
        String clientId,
        String clientSecret,
        @DefaultValue({"openid", "profile", "email"}) List<String> scopes,
        @DefaultValue("preferred_username") String userNameClaim,
        @DefaultValue("groups") String groupsClaim,
        @DefaultValue List<GroupRole> groupRoles,
        @DefaultValue("{baseUrl}/") String postLogoutRedirectUri,
        @DefaultValue List<String> bearerAudiences,
        @DefaultValue("10s") Duration discoveryRetry) {

    /** One line of the group → role map. */
    public record GroupRole(String group, Role role) {
    }

    public boolean configured() {
        return issuerUri != null && !issuerUri.isBlank();
    }

    /** The path that starts a sign-in at the provider. */
    public String signInPath() {
        return "/oauth2/authorization/" + registrationId;
    }

    @Override
    public String toString() {
        return "OidcProperties[registrationId=" + registrationId + ", issuerUri=" + issuerUri + ", clientId=" + clientId
                + ", clientSecret=" + (clientSecret == null || clientSecret.isEmpty() ? "(none)" : "(set)") + "]";
    }
}

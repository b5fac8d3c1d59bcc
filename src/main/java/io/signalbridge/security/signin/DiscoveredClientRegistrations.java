package io.signalbridge.security.signin;

import java.time.Clock;
import java.time.Instant;

import io.signalbridge.security.OidcProperties;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.oauth2.client.registration.ClientRegistrations;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.core.oidc.IdTokenClaimNames;

/**
 * The one client registration, built from the provider's discovery document on first use rather than at start-up:
 * the sandbox provider is served by this same process (not listening yet while the context starts), and a provider
 * that is briefly unreachable must not stop the service. A failed discovery is tried again after
 * {@code discovery-retry}. PKCE is added to every authorization request by {@link SignInConfiguration}.
 */
public final class DiscoveredClientRegistrations implements ClientRegistrationRepository {

    private static final Logger log = LoggerFactory.getLogger(DiscoveredClientRegistrations.class);

    private final OidcProperties properties;
    private final Clock clock;
    private volatile ClientRegistration registration;
    private volatile Instant nextAttempt = Instant.MIN;

    public DiscoveredClientRegistrations(OidcProperties properties, Clock clock) {
        this.properties = properties;
        this.clock = clock;
    }

    @Override
    public ClientRegistration findByRegistrationId(String registrationId) {
        if (!properties.configured() || !properties.registrationId().equals(registrationId)) {
            return null;
        }
        ClientRegistration known = registration;
        return known != null ? known : discover();
    }

    private synchronized ClientRegistration discover() {
        if (registration != null) {
            return registration;
        }
        Instant now = clock.instant();
        if (now.isBefore(nextAttempt)) {
            throw new IllegalStateException("the identity provider " + properties.issuerUri() + " did not answer discovery; trying again shortly");
        }
        try {
            registration = ClientRegistrations.fromIssuerLocation(properties.issuerUri())
                    .registrationId(properties.registrationId())
                    .clientId(properties.clientId())
                    .clientSecret(properties.clientSecret())
                    .clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_BASIC)
                    .authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
                    .redirectUri("{baseUrl}/login/oauth2/code/{registrationId}")
                    .scope(properties.scopes())
                    .userNameAttributeName(IdTokenClaimNames.SUB)
                    .build();
            log.info("Sign-in by OpenID Connect: provider {} discovered, client {}", properties.issuerUri(), properties.clientId());
            return registration;
        } catch (RuntimeException unreachable) {
            nextAttempt = now.plus(properties.discoveryRetry());
            log.warn("Sign-in by OpenID Connect: discovery of {} failed: {}", properties.issuerUri(), unreachable.getMessage());
            throw new IllegalStateException("the identity provider " + properties.issuerUri() + " did not answer discovery", unreachable);
        }
    }
}

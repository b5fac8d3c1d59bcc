package io.signalbridge.security.scim;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * SCIM 2.0 provisioning ({@code /scim/v2/**}).
 *
 * @param token the bearer token the identity provider sends (env {@code SCIM_TOKEN}); without one, every SCIM request
 *              is answered 401. Compared by SHA-256 in constant time, never logged.
 */
@ConfigurationProperties("signalbridge.security.scim")
public record ScimProperties(String token) {

    public boolean configured() {
        return token != null && !token.isBlank();
    }

    @Override
    public String toString() {
        return "ScimProperties[token=" + (configured() ? "(set)" : "(none)") + "]";
    }
}

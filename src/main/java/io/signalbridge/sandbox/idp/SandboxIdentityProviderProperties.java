package io.signalbridge.sandbox.idp;

import java.util.List;
import java.util.Optional;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The sandbox identity provider at {@code /sandbox/okta} (the {@code sandbox} profile turns it on): one client, the
 * console, and demo users each in Okta-style groups.
 *
 * @param enabled      whether the provider is served
 * @param clientId     the console's client id
 * @param clientSecret its secret, in Spring Security's encoded form ({@code {noop}sandbox})
 * @param users        the users who may sign in, with their groups (sent in the {@code groups} claim)
 */
@ConfigurationProperties("signalbridge.sandbox.identity-provider")
public record SandboxIdentityProviderProperties(@DefaultValue("false") boolean enabled, @DefaultValue("signalbridge-console") String clientId,
        String clientSecret, @DefaultValue List<User> users) {

    public record User(String name, String password, @DefaultValue List<String> groups) {
    }

    public Optional<User> user(String name) {
        return users.stream().filter(user -> user.name().equals(name)).findFirst();
    }

    @Override
    public String toString() {
        return "SandboxIdentityProviderProperties[enabled=" + enabled + ", clientId=" + clientId + ", users=" + users.stream().map(User::name).toList() + "]";
    }
}

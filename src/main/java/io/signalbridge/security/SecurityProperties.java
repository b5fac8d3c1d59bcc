package io.signalbridge.security;

import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Users of the service (HTTP Basic) and the cross-site rule.
 *
 * @param users          name, password in Spring Security's encoded form ({@code {bcrypt}...}, {@code {noop}...}) and
 *                       roles (see {@link Role}; an unknown role fails the start)
 * @param trustedOrigins origins besides the service's own from which a browser may change state, e.g. the public
 *                       {@code https://} address when a proxy does not forward the scheme and host
 */
@ConfigurationProperties("signalbridge.security")
public record SecurityProperties(@DefaultValue List<User> users, @DefaultValue List<String> trustedOrigins) {

    public record User(String name, String password, @DefaultValue("VIEWER") List<Role> roles) {
    }
}

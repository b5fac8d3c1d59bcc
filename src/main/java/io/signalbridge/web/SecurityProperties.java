package io.signalbridge.web;

import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Users of the service's own API. Passwords are in Spring Security's encoded form
 * ({@code {bcrypt}...}, {@code {noop}...}); roles are ADMIN, OPERATIONS, MARKETING, VIEWER.
 */
@ConfigurationProperties("signalbridge.security")
public record SecurityProperties(@DefaultValue List<User> users) {

    public record User(String name, String password, @DefaultValue List<String> roles) {
    }
}

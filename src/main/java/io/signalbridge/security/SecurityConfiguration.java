package io.signalbridge.security;

import java.util.LinkedHashSet;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AuthorizeHttpRequestsConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.channel.ChannelProcessingFilter;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;

/**
 * Two filter chains: the simulated org APIs ({@code /sandbox/**}) and the service itself. Both refuse cross-site
 * state changes ({@link CrossSiteRequestFilter}, first in each chain, in every profile); who may call what is
 * {@link AccessMatrix}, applied here rule by rule, and a request no rule matches is refused.
 */
@Configuration
public class SecurityConfiguration {

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

    @Bean
    @Order(2)
    SecurityFilterChain serviceApi(HttpSecurity http, SecurityProperties properties) throws Exception {
        return http
                .addFilterBefore(new CrossSiteRequestFilter(new LinkedHashSet<>(properties.trustedOrigins()), true),
                        ChannelProcessingFilter.class)
                .authorizeHttpRequests(SecurityConfiguration::applyAccessMatrix)
                .httpBasic(Customizer.withDefaults())
                // Stateless: Basic on every call, no session cookie. Cross-site requests are the CrossSiteRequestFilter's.
                .csrf(csrf -> csrf.disable())
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .build();
    }

    private static void applyAccessMatrix(
            AuthorizeHttpRequestsConfigurer<HttpSecurity>.AuthorizationManagerRequestMatcherRegistry auth) {
        var matchers = PathPatternRequestMatcher.withDefaults();
        for (AccessMatrix.Rule rule : AccessMatrix.rules()) {
            var requests = auth.requestMatchers(matchers.matcher(rule.method(), rule.path()));
            switch (rule.access()) {
                case PUBLIC, SANDBOX_ORG -> requests.permitAll();
                case ROLES -> requests.hasAnyRole(rule.roles().stream().map(Role::name).toArray(String[]::new));
            }
        }
        auth.anyRequest().denyAll();
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

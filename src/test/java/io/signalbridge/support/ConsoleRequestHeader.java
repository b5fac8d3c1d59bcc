package io.signalbridge.support;

import java.util.Set;

import io.signalbridge.security.CrossSiteRequestFilter;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.web.client.RestTemplateRequestCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.http.HttpMethod;
import org.springframework.http.client.ClientHttpRequest;

/**
 * Tests call the API as the console does: every state-changing request of the context's {@code TestRestTemplate} (which is built
 * from the context's {@code RestTemplateBuilder}, so {@code withBasicAuth} keeps it) carries
 * {@code X-Requested-With}, without which the service refuses a body-less or non-JSON POST, PUT, PATCH or DELETE
 * ({@link CrossSiteRequestFilter}). Registered for every test context by
 * {@code src/test/resources/META-INF/spring/org.springframework.boot.autoconfigure.AutoConfiguration.imports};
 * tests of the refusal itself use a plain HTTP client.
 */
@AutoConfiguration
public class ConsoleRequestHeader {

    public static final String VALUE = "XMLHttpRequest";
    /**
     * Not on reads: they need no header, and Spring Security answers a 401 to a request carrying
     * {@code X-Requested-With: XMLHttpRequest} without the {@code WWW-Authenticate} challenge a browser shows its login for.
     */
    private static final Set<HttpMethod> SAFE = Set.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.OPTIONS);

    @Bean
    RestTemplateRequestCustomizer<ClientHttpRequest> consoleRequestHeader() {
        return request -> {
            if (!SAFE.contains(request.getMethod()) && !request.getHeaders().containsKey(CrossSiteRequestFilter.REQUESTED_WITH)) {
                request.getHeaders().add(CrossSiteRequestFilter.REQUESTED_WITH, VALUE);
            }
        };
    }
}

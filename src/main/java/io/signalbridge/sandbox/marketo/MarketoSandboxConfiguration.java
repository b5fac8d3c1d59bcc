package io.signalbridge.sandbox.marketo;

import java.time.Clock;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.signalbridge.sandbox.ConditionalOnSandbox;
import io.signalbridge.sandbox.SandboxApiUsage;
import io.signalbridge.sandbox.SandboxProperties;
import io.signalbridge.sandbox.SandboxTokenStore;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Wires the sandbox Marketo instance's REST protocol: envelopes, limits and the gate in front of {@code /rest}. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnSandbox
public class MarketoSandboxConfiguration {

    static final String BASE_PATH = "/sandbox/marketo";

    @Bean
    MarketoResponses sandboxMarketoResponses(ObjectMapper json, Clock clock) {
        return new MarketoResponses(json, clock);
    }

    @Bean
    MarketoJsonViews sandboxMarketoJsonViews(ObjectMapper json) {
        return new MarketoJsonViews(json);
    }

    @Bean
    MarketoLeadSync sandboxMarketoLeadSync(MarketoStore store, MarketoResponses responses, ObjectMapper json, Clock clock) {
        return new MarketoLeadSync(store, responses, json, clock);
    }

    @Bean
    MarketoCallLimits sandboxMarketoCallLimits(SandboxProperties properties) {
        var marketo = properties.marketo();
        return new MarketoCallLimits(marketo.rateLimitCalls(), marketo.rateLimitWindow(), marketo.concurrentCallLimit());
    }

    @Bean
    FilterRegistrationBean<MarketoRestGate> sandboxMarketoRestGate(SandboxTokenStore tokens, SandboxApiUsage usage,
            SandboxProperties properties, MarketoCallLimits limits, MarketoResponses responses, ObjectMapper json, Clock clock) {
        var registration = new FilterRegistrationBean<>(
                new MarketoRestGate(tokens, usage, properties.marketo(), limits, responses, json, clock));
        registration.addUrlPatterns(BASE_PATH + "/rest/*");
        registration.setName("sandboxMarketoRestGate");
        return registration;
    }
}

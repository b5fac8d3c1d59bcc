package io.signalbridge.sandbox.outreach;

import java.time.Clock;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.signalbridge.sandbox.ConditionalOnSandbox;
import io.signalbridge.sandbox.SandboxProperties;
import io.signalbridge.sandbox.SandboxTokenStore;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The gate in front of the sandbox Outreach org's API v2. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnSandbox
public class OutreachSandboxConfiguration {

    @Bean
    FilterRegistrationBean<OutreachApiGate> sandboxOutreachApiGate(SandboxTokenStore tokens, OutreachStore store, SandboxProperties properties,
                                                                   ObjectMapper json, Clock clock) {
        var registration = new FilterRegistrationBean<>(new OutreachApiGate(tokens, store, properties.outreach(), json, clock));
        registration.addUrlPatterns(OutreachApiController.BASE_PATH + "/*");
        registration.setName("sandboxOutreachApiGate");
        return registration;
    }
}

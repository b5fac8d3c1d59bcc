package io.signalbridge.sandbox;

import java.time.Clock;

import io.signalbridge.sandbox.salesforce.SalesforceApiInterceptor;

import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

@Configuration(proxyBeanMethods = false)
@ConditionalOnSandbox
public class SandboxWebConfiguration implements WebMvcConfigurer {

    private final SandboxTokenStore tokens;
    private final SandboxApiUsage usage;
    private final SandboxProperties properties;
    private final Clock clock;

    public SandboxWebConfiguration(SandboxTokenStore tokens, SandboxApiUsage usage, SandboxProperties properties, Clock clock) {
        this.tokens = tokens;
        this.usage = usage;
        this.properties = properties;
        this.clock = clock;
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(new SalesforceApiInterceptor(tokens, usage, properties, clock))
                .addPathPatterns("/sandbox/salesforce/services/data/v*/**", "/sandbox/salesforce/services/data/v*");
    }
}

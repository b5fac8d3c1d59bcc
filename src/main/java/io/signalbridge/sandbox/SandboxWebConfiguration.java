package io.signalbridge.sandbox;

import java.time.Clock;

import io.signalbridge.sandbox.salesforce.SalesforceApiInterceptor;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.web.filter.UrlHandlerFilter;
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

    /** Salesforce answers {@code /limits/} as {@code /limits}, and camel-salesforce sends the former. */
    @Bean
    FilterRegistrationBean<UrlHandlerFilter> sandboxTrailingSlashFilter() {
        var filter = UrlHandlerFilter.trailingSlashHandler("/sandbox/**").wrapRequest().build();
        var registration = new FilterRegistrationBean<>(filter);
        registration.addUrlPatterns("/sandbox/*");
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
        return registration;
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(new SalesforceApiInterceptor(tokens, usage, properties, clock))
                .addPathPatterns("/sandbox/salesforce/services/data/v*/**", "/sandbox/salesforce/services/data/v*");
    }
}

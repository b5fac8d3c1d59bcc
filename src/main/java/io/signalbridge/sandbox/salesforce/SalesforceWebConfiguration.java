package io.signalbridge.sandbox.salesforce;

import io.signalbridge.sandbox.ConditionalOnSandbox;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.web.filter.UrlHandlerFilter;

@Configuration(proxyBeanMethods = false)
@ConditionalOnSandbox
class SalesforceWebConfiguration {

    /**
     * camel-salesforce asks for {@code query/?q=} and {@code sobjects/Account/describe/}; Salesforce treats a
     * trailing slash as absent, Spring MVC does not.
     */
    @Bean
    FilterRegistrationBean<UrlHandlerFilter> sandboxSalesforceTrailingSlash() {
        var filter = UrlHandlerFilter.trailingSlashHandler(SalesforceSandboxPaths.INSTANCE + "/**").wrapRequest().build();
        var registration = new FilterRegistrationBean<>(filter);
        registration.addUrlPatterns(SalesforceSandboxPaths.INSTANCE + "/*");
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
        return registration;
    }
}

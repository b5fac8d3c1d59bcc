package io.signalbridge.slack;

import org.apache.camel.component.http.HttpComponent;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The camel-http component the Slack webhooks are called through: one of its own, so that its timeouts
 * ({@code signalbridge.slack.connect-timeout}, {@code response-timeout}) are Slack's and nobody else's.
 */
@Configuration(proxyBeanMethods = false)
public class SlackConfiguration {

    public static final String HTTP_COMPONENT = "slack-http";

    @Bean(HTTP_COMPONENT)
    HttpComponent slackHttp(SlackProperties settings) {
        var http = new HttpComponent();
        http.setConnectTimeout(settings.connectTimeout().toMillis());
        http.setConnectionRequestTimeout(settings.connectTimeout().toMillis());
        http.setResponseTimeout(settings.responseTimeout().toMillis());
        http.setSoTimeout(settings.responseTimeout().toMillis());
        // Apache HttpClient would send again by itself on a 429 or 503, after its Retry-After, holding the thread
        http.setAutomaticRetriesDisabled(true);
        http.setRedirectHandlingDisabled(true);
        return http;
    }
}

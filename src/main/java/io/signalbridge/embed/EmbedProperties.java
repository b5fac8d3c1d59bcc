package io.signalbridge.embed;

import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * signalbridge.embed: the account view Salesforce shows in an iframe ({@code /embed/account/<Account id>}).
 *
 * @param frameAncestors the origins allowed to frame it (Content-Security-Policy frame-ancestors): the org's Lightning
 *                       and Visualforce domains; nobody else can
 * @param tokenLifetime  how long the view's sign-in lasts (a personal API token of the user, listed and revocable
 *                       on the console's API tokens page)
 */
@ConfigurationProperties("signalbridge.embed")
public record EmbedProperties(
        @DefaultValue({"https://*.lightning.force.com", "https://*.my.salesforce.com", "https://*.visualforce.com"}) List<String> frameAncestors,
        @DefaultValue("8h") Duration tokenLifetime) {

    /** The policy of the view's pages: its own scripts only, framed by the configured origins only. */
    public String contentSecurityPolicy() {
        return "default-src 'self'; frame-ancestors " + String.join(" ", frameAncestors) + "; object-src 'none'; base-uri 'none'";
    }
}

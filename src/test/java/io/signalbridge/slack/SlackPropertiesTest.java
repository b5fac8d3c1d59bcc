package io.signalbridge.slack;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

class SlackPropertiesTest {

    @Test
    void aWebhookFromTheEnvironmentNamesItsTeamAndIsNeverPrinted() {
        var environment = new StandardEnvironment();
        environment.getPropertySources().replace(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, new SystemEnvironmentPropertySource(
                StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, Map.of(
                "SIGNALBRIDGE_SLACK_WEBHOOKS_SALES_EAST", "https://hooks.slack.com/services/T000/B000/secretSalesEast",
                "SIGNALBRIDGE_SLACK_WEBHOOKS_MARKETING", "https://hooks.slack.com/services/T000/B001/secretMarketing",
                "SIGNALBRIDGE_SLACK_WEBHOOKS_EMPTY", " ")));
        var settings = Binder.get(environment).bindOrCreate("signalbridge.slack", SlackProperties.class);

        assertThat(settings.webhooks()).containsOnlyKeys("sales-east", "marketing");
        assertThat(settings.pace()).hasSeconds(1);
        assertThat(settings.digestThreshold()).isEqualTo(10);
        assertThat(settings.toString()).contains("sales-east").doesNotContain("secret", "hooks.slack.com");
    }
}

package io.signalbridge.outreach;

import java.time.Clock;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.signalbridge.failures.ExternalSystemGuard;
import io.signalbridge.marketo.Sleeper;

import org.apache.camel.ProducerTemplate;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The Outreach client, when {@code signalbridge.outreach.enabled} (the sandbox profile points it at the sandbox org). */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "signalbridge.outreach.enabled", havingValue = "true")
public class OutreachConfiguration {

    @Bean
    OutreachClient outreachClient(OutreachProperties settings, ProducerTemplate camel, ObjectMapper json, ExternalSystemGuard guard, Clock clock) {
        return new OutreachClient(settings, camel, json, guard, clock, Sleeper.THREAD);
    }

    @Bean
    OutreachProspects outreachProspects(OutreachClient client) {
        return new OutreachProspects(client);
    }
}

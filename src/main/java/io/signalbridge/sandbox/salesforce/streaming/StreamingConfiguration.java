package io.signalbridge.sandbox.salesforce.streaming;

import java.time.Clock;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.signalbridge.sandbox.ConditionalOnSandbox;
import io.signalbridge.sandbox.SandboxProperties;
import io.signalbridge.sandbox.salesforce.SalesforceOAuthController;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;

/** The sandbox org's Streaming API: the change event log, the CometD clients, the publisher the writes call. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnSandbox
public class StreamingConfiguration {

    @Bean
    ChangeEventLog sandboxChangeEventLog(JdbcTemplate jdbc, PlatformTransactionManager transactions) {
        return new ChangeEventLog(jdbc, transactions);
    }

    @Bean
    CometdClients sandboxCometdClients(JdbcTemplate jdbc) {
        return new CometdClients(jdbc);
    }

    @Bean
    StreamingFaults sandboxStreamingFaults(CometdClients clients, ChangeEventLog log) {
        return new StreamingFaults(clients, log);
    }

    @Bean
    ChangeEvents sandboxChangeEvents(ChangeEventLog log, ObjectMapper json, Clock clock, SandboxProperties properties) {
        return new ChangeEvents(log, json, clock, SalesforceOAuthController.USER_ID, properties.salesforce().streaming().retention());
    }
}

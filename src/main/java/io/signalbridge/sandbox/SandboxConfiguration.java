package io.signalbridge.sandbox;

import java.time.Clock;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.signalbridge.sandbox.marketo.MarketoStore;
import io.signalbridge.sandbox.salesforce.SalesforceRecordStore;
import io.signalbridge.sandbox.salesforce.SalesforceSchema;

import org.springframework.boot.autoconfigure.flyway.FlywayMigrationStrategy;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;

/** Wires the simulated orgs. Everything under this package is present only while the sandbox is on. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnSandbox
public class SandboxConfiguration {

    /** Product migrations, then the sandbox-only ones (db/sandbox): see {@link SandboxMigrations}. */
    @Bean
    FlywayMigrationStrategy sandboxMigrationStrategy() {
        return SandboxMigrations.strategy();
    }

    @Bean
    SalesforceSchema sandboxSalesforceSchema() {
        return SalesforceSchema.loadDefault();
    }

    @Bean
    SalesforceRecordStore sandboxSalesforceRecordStore(JdbcTemplate jdbc, PlatformTransactionManager transactions, ObjectMapper json) {
        return new SalesforceRecordStore(jdbc, transactions, json);
    }

    @Bean
    MarketoStore sandboxMarketoStore(JdbcTemplate jdbc, ObjectMapper json) {
        return new MarketoStore(jdbc, json);
    }

    @Bean
    SandboxTokenStore sandboxTokenStore(JdbcTemplate jdbc, Clock clock) {
        return new SandboxTokenStore(jdbc, clock);
    }

    @Bean
    SandboxApiUsage sandboxApiUsage(JdbcTemplate jdbc, Clock clock) {
        return new SandboxApiUsage(jdbc, clock);
    }
}

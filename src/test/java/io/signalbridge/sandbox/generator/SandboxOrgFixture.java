package io.signalbridge.sandbox.generator;

import java.time.Instant;
import java.util.UUID;

import javax.sql.DataSource;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.signalbridge.sandbox.marketo.MarketoStore;
import io.signalbridge.sandbox.salesforce.SalesforceRecordStore;
import io.signalbridge.sandbox.salesforce.SalesforceSchema;

import org.flywaydb.core.Flyway;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/** A fresh, migrated sandbox database (H2 in PostgreSQL mode unless a URL is given) with its stores and a generator. */
record SandboxOrgFixture(DataSource dataSource, JdbcTemplate jdbc, SalesforceRecordStore salesforce, MarketoStore marketo,
                         DemoOrgGenerator generator) {

    static final Instant NOW = Instant.parse("2025-06-15T12:34:56Z");
    static final SalesforceSchema SCHEMA = SalesforceSchema.loadDefault();

    static SandboxOrgFixture inMemory() {
        return at("jdbc:h2:mem:generator-" + UUID.randomUUID()
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1");
    }

    static SandboxOrgFixture at(String url) {
        var dataSource = new DriverManagerDataSource(url, "sa", "");
        Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").load().migrate();
        var jdbc = new JdbcTemplate(dataSource);
        var transactions = new DataSourceTransactionManager(dataSource);
        var json = new ObjectMapper();
        var salesforce = new SalesforceRecordStore(jdbc, transactions, json);
        var marketo = new MarketoStore(jdbc, json);
        return new SandboxOrgFixture(dataSource, jdbc, salesforce, marketo, new DemoOrgGenerator(SCHEMA, salesforce, marketo, transactions));
    }

    static GeneratorSettings settings(long seed, int accounts) {
        return new GeneratorSettings(seed, accounts, 18, NOW, 2_000);
    }
}

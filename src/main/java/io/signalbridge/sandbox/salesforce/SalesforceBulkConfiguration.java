package io.signalbridge.sandbox.salesforce;

import java.time.Clock;

import io.signalbridge.sandbox.ConditionalOnSandbox;
import io.signalbridge.sandbox.salesforce.bulk.BulkJobProcessor;
import io.signalbridge.sandbox.salesforce.bulk.BulkJobStore;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

/** Bulk API 2.0 of the sandbox org. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnSandbox
class SalesforceBulkConfiguration {

    @Bean
    BulkJobStore sandboxBulkJobStore(JdbcTemplate jdbc) {
        return new BulkJobStore(jdbc);
    }

    @Bean
    BulkJobProcessor sandboxBulkJobProcessor(BulkJobStore jobs, SalesforceDml dml, SalesforceSchema schema,
                                             SalesforceRecordStore store, Clock clock) {
        return new BulkJobProcessor(jobs, new SalesforceBulkOperations(dml, schema, store, clock), schema, clock);
    }
}

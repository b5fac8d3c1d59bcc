package io.signalbridge.sandbox.generator;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;

import io.signalbridge.sandbox.marketo.MarketoStore;
import io.signalbridge.sandbox.salesforce.SalesforceRecordStore;
import io.signalbridge.support.PostgresTestSupport;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ActiveProfiles;

@SpringBootTest
@ActiveProfiles("test")
class DemoOrgOnPostgresTest extends PostgresTestSupport {

    @Autowired
    DemoOrgGenerator generator;
    @Autowired
    SalesforceRecordStore salesforce;
    @Autowired
    MarketoStore marketo;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    Clock clock;

    @Test
    void generatesASmallOrgIntoPostgres() {
        GenerationSummary summary = generator.generate(GeneratorSettings.of(42, 12, 18, clock));

        assertThat(jdbc.queryForObject("select count(*) from sandbox_sf_record where object_name = 'Account'", Long.class))
                .isEqualTo(12);
        assertThat(salesforce.count("Contact")).isEqualTo(summary.count("Contact")).isPositive();
        assertThat(marketo.countActivities()).isEqualTo(summary.count(GenerationSummary.MARKETO_ACTIVITY)).isPositive();
        assertThat(salesforce.find(salesforce.newId("001"))).isEmpty();
    }
}

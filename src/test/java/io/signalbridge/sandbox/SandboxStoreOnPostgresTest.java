package io.signalbridge.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.signalbridge.sandbox.salesforce.SalesforceIds;
import io.signalbridge.sandbox.salesforce.SalesforceRecord;
import io.signalbridge.sandbox.salesforce.SalesforceRecordStore;
import io.signalbridge.support.PostgresTestSupport;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ActiveProfiles;

@SpringBootTest
@ActiveProfiles("test")
class SandboxStoreOnPostgresTest extends PostgresTestSupport {

    @Autowired
    SalesforceRecordStore records;
    @Autowired
    ObjectMapper json;
    @Autowired
    JdbcTemplate jdbc;

    @Test
    void migrationsRanOnPostgres() {
        String product = jdbc.execute((java.sql.Connection c) -> c.getMetaData().getDatabaseProductName());
        assertThat(product).isEqualTo("PostgreSQL");
        assertThat(jdbc.queryForObject("select current_schema()", String.class)).isEqualTo(SCHEMA);
        assertThat(jdbc.queryForObject("select count(*) from flyway_schema_history where success", Integer.class)).isPositive();
        assertThat(jdbc.queryForObject("select count(*) from flyway_sandbox_history where success", Integer.class))
                .as("the sandbox-only migrations (db/sandbox) ran too, in their own history").isPositive();
    }

    @Test
    void recordsRoundTripAndStreamInModstampOrder() {
        var base = Instant.parse("2025-01-01T00:00:00Z");
        var batch = new ArrayList<SalesforceRecord>();
        for (int i = 0; i < 2500; i++) {
            var fields = json.createObjectNode().put("Name", "Acme " + i);
            batch.add(new SalesforceRecord(SalesforceIds.of("001", 900_000 + i), "PgTestAccount", base.plusSeconds(2500 - i), false, fields));
        }
        records.insertAll(batch);

        List<SalesforceRecord> streamed = new ArrayList<>();
        records.forEach("PgTestAccount", false, base.plusSeconds(1001), streamed::add);

        assertThat(streamed).hasSize(1500);
        assertThat(streamed).isSortedAccordingTo((a, b) -> a.systemModstamp().compareTo(b.systemModstamp()));
        assertThat(streamed.get(0).fields().get("Name").asText()).isEqualTo("Acme 1499");
        assertThat(records.find(batch.get(7).id()).orElseThrow().fields().get("Name").asText()).isEqualTo("Acme 7");
    }
}

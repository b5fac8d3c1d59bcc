package io.signalbridge.salesforce;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.signalbridge.failures.ExternalSystemGuard;
import io.signalbridge.mapping.TargetSchemaUnavailableException;

import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ActiveProfiles;

import io.signalbridge.support.DefinedPortTestSupport;

/**
 * The YAML route in routes/ is loaded at start-up and records the sandbox org's API usage through camel-salesforce;
 * it and the describe go through Salesforce's circuit breaker: counted by it, and while it is open the route takes
 * no snapshot (and keeps no failure) and the describe cache serves what it read before.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT)
@ActiveProfiles("test")
class SalesforceApiUsageRouteTest extends DefinedPortTestSupport {

    @Autowired
    CamelContext camelContext;
    @Autowired
    ProducerTemplate camel;
    @Autowired
    SalesforceApiUsageRecorder recorder;
    @Autowired
    ExternalSystemGuard guard;
    @Autowired
    ObjectMapper json;
    @Autowired
    JdbcTemplate jdbc;

    @Test
    void routesFromTheRoutesFolderAreLoadedAndScheduled() {
        assertThat(camelContext.getRoute("salesforce-api-usage-schedule")).isNotNull();
        assertThat(camelContext.getRoute("salesforce-api-usage").getEndpoint().getEndpointUri()).isEqualTo("direct://salesforce-api-usage");
    }

    @Test
    void theLimitsAndDescribeCallsCountAgainstSalesforcesBreakerAndAnOpenBreakerServesTheDescribeReadBefore() {
        var breaker = guard.circuitBreaker(SalesforceQueries.SYSTEM);
        breaker.reset();
        // a ttl of zero: every look-up reads the org again, unless the breaker is open
        var describe = new SalesforceDescribeCache(camel, guard, json, Clock.systemUTC(), Duration.ZERO);
        try {
            camel.sendBody("direct:salesforce-api-usage", null);
            assertThat(describe.field("Account", "Name")).isPresent();
            assertThat(breaker.getMetrics().getNumberOfSuccessfulCalls()).as("limits + describe").isEqualTo(2);
            long snapshots = snapshots();
            long failures = jdbc.queryForObject("select count(*) from failed_exchange", Long.class);

            breaker.transitionToOpenState();
            camel.sendBody("direct:salesforce-api-usage", null);
            var served = describe.field("Account", "Name");
            var neverRead = new SalesforceDescribeCache(camel, guard, json, Clock.systemUTC(), Duration.ZERO);

            assertThat(snapshots()).as("no snapshot while paused").isEqualTo(snapshots);
            assertThat(jdbc.queryForObject("select count(*) from failed_exchange", Long.class)).as("no failure kept").isEqualTo(failures);
            assertThat(served).as("the describe read before").isPresent();
            assertThatThrownBy(() -> neverRead.field("Account", "Name")).isInstanceOf(TargetSchemaUnavailableException.class)
                    .hasMessageContaining("Salesforce describe of Account unavailable: calls to salesforce are paused: its circuit breaker is open");
            assertThat(breaker.getMetrics().getNumberOfNotPermittedCalls()).as("limits + 2 describes refused").isEqualTo(3);
        } finally {
            breaker.reset();
        }
    }

    private long snapshots() {
        return jdbc.queryForObject("select count(*) from salesforce_api_usage", Long.class);
    }

    @Test
    void aRunRecordsTheDailyAllocationAndCountsItsOwnCall() {
        camel.sendBody("direct:salesforce-api-usage", null);
        var first = recorder.latest().orElseThrow();
        camel.sendBody("direct:salesforce-api-usage", null);
        var second = recorder.latest().orElseThrow();

        assertThat(first.dailyMax()).isEqualTo(100_000);
        assertThat(second.used()).isGreaterThan(first.used());
    }
}

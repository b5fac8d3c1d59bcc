package io.signalbridge.salesforce;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;

import io.signalbridge.support.DefinedPortTestSupport;

/** The YAML route in routes/ is loaded at start-up and records the sandbox org's API usage through camel-salesforce. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT)
@ActiveProfiles("test")
class SalesforceApiUsageRouteTest extends DefinedPortTestSupport {

    @Autowired
    CamelContext camelContext;
    @Autowired
    ProducerTemplate camel;
    @Autowired
    SalesforceApiUsageRecorder recorder;

    @Test
    void routesFromTheRoutesFolderAreLoadedAndScheduled() {
        assertThat(camelContext.getRoute("salesforce-api-usage-schedule")).isNotNull();
        assertThat(camelContext.getRoute("salesforce-api-usage").getEndpoint().getEndpointUri()).isEqualTo("direct://salesforce-api-usage");
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

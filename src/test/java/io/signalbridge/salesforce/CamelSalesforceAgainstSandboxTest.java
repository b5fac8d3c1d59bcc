package io.signalbridge.salesforce;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;

import io.signalbridge.support.DefinedPortTestSupport;

/** camel-salesforce, configured as the application ships it, logs in to the sandbox org and calls it. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT)
@ActiveProfiles("test")
class CamelSalesforceAgainstSandboxTest extends DefinedPortTestSupport {

    @Autowired
    ProducerTemplate camel;

    @Test
    void readsTheOrgsLimitsThroughTheComponent() {
        String limits = camel.requestBody("salesforce:limits", null, String.class);

        assertThat(limits).contains("\"DailyApiRequests\"").contains("\"Max\":100000");
    }
}

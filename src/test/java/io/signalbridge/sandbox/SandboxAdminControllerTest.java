package io.signalbridge.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;

import io.signalbridge.sandbox.salesforce.SalesforceRecordStore;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.test.context.ActiveProfiles;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles({"sandbox", "test"})
class SandboxAdminControllerTest {

    @Autowired
    TestRestTemplate http;
    @Autowired
    SalesforceRecordStore org;

    @Test
    void anAdminRegeneratesTheOrgsAndOthersMayNot() {
        var refused = http.withBasicAuth("ops", "sandbox").postForEntity("/api/sandbox/reset?accounts=5", null, String.class);
        var reset = http.withBasicAuth("admin", "sandbox").postForEntity("/api/sandbox/reset?seed=7&accounts=5", null, JsonNode.class);

        assertThat(refused.getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
        assertThat(reset.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(reset.getBody().path("records").path("Account").asLong()).isEqualTo(5);
        assertThat(org.count("Account")).isEqualTo(5);
    }
}

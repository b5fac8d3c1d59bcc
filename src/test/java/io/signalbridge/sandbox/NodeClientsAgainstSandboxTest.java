package io.signalbridge.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

import io.signalbridge.support.FreePorts;
import io.signalbridge.support.NodeScripts;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The sandbox orgs must speak the real protocols: independent npm clients, unchanged (jsforce and
 * node-marketo-rest, versions pinned in src/test/node/package-lock.json), log in, page, describe, update,
 * subscribe to change events, read limits and activities against a freshly generated demo org. The scripts print what they saw.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT)
@ActiveProfiles("test")
class NodeClientsAgainstSandboxTest {

    /** A port of its own: the context of DefinedPortTestSupport's subclasses may still hold theirs. */
    static final int PORT = FreePorts.find();

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("server.port", () -> PORT);
        registry.add("signalbridge.sandbox.seed-on-start", () -> true);
        // enough Tasks for jsforce to page past 2,000 rows, enough activities for several Marketo pages
        registry.add("signalbridge.sandbox.generator.accounts", () -> 200);
    }

    @BeforeAll
    static void installClients() throws Exception {
        NodeScripts.install();
    }

    @Test
    void jsforceWorksUnchanged() throws Exception {
        JsonNode findings = NodeScripts.run(List.of("node", "salesforce-check.mjs", "http://localhost:" + PORT), 300);

        assertThat(findings.path("tasksFetched").asInt()).isGreaterThan(2000);
        assertThat(findings.path("updated").asInt()).isEqualTo(3);
        assertThat(findings.path("apiCallsUsed").asInt()).isPositive();
    }

    /** jsforce's streaming client (Faye, Bayeux long polling) subscribes to Change Data Capture as on a real org. */
    @Test
    void jsforceStreamingReceivesChangeEvents() throws Exception {
        JsonNode findings = NodeScripts.run(List.of("node", "cdc-check.mjs", "http://localhost:" + PORT), 120);

        System.out.println("jsforce streaming findings: " + findings);
        assertThat(findings.path("changeType").asText()).isEqualTo("UPDATE");
        assertThat(findings.path("changedFields").toString()).contains("accountBuyingStage6sense__c");
        assertThat(findings.path("replayId").asLong()).isPositive();
        assertThat(findings.path("staleReplayError").asText()).contains("you provided was invalid");
        assertThat(findings.path("latencyMs").asLong()).isLessThan(5_000);
    }

    @Test
    void nodeMarketoRestWorksUnchanged() throws Exception {
        JsonNode findings = NodeScripts.run(List.of("node", "marketo-check.mjs", "http://localhost:" + PORT), 300);

        assertThat(findings.path("activities").asInt()).isGreaterThan(300);
        assertThat(findings.path("activityPages").asInt()).isGreaterThan(1);
        assertThat(findings.path("leadId").asLong()).isPositive();
    }
}

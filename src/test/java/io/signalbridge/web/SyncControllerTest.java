package io.signalbridge.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.test.context.ActiveProfiles;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles({"sandbox", "test"})
class SyncControllerTest {

    @Autowired
    TestRestTemplate http;

    @Test
    void listsTheJobsWithTheirSchedulesAndNextFireTimes() {
        var response = http.withBasicAuth("viewer", "sandbox").getForEntity("/api/syncs", JsonNode.class);

        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.OK);
        var jobs = new java.util.HashMap<String, JsonNode>();
        response.getBody().forEach(job -> jobs.put(job.path("job").asText(), job));
        assertThat(jobs).containsOnlyKeys("salesforce-accounts", "salesforce-activities", "marketo-activities");
        JsonNode activities = jobs.get("salesforce-activities");
        assertThat(activities.path("cron").asText()).isEqualTo("0 0/15 * * * ?");
        assertThat(activities.path("nextFire").asText()).as("read from the Quartz trigger").isNotBlank();
        assertThat(activities.path("objects").toString()).contains("Task", "Event", "CampaignMember");
        JsonNode marketo = jobs.get("marketo-activities");
        assertThat(marketo.path("source").asText()).isEqualTo("marketo");
        assertThat(marketo.path("nextFire").asText()).isNotBlank();
        assertThat(marketo.path("objects").toString()).contains("Fill Out Form", "Open Email", "Click Email", "Send Email");
    }

    @Test
    void onlyOperationsAndAdminsMayStartARun() {
        assertThat(http.withBasicAuth("viewer", "sandbox").postForEntity("/api/syncs/salesforce-accounts/run", null, String.class)
                .getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
        assertThat(http.withBasicAuth("ops", "sandbox").postForEntity("/api/syncs/no-such-job/run", null, String.class)
                .getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
        var started = http.withBasicAuth("ops", "sandbox").postForEntity("/api/syncs/salesforce-accounts/run", null, JsonNode.class);
        assertThat(started.getStatusCode()).isIn(HttpStatus.ACCEPTED, HttpStatus.CONFLICT);
    }

    @Test
    void runHistoryIsReadableByViewers() {
        var response = http.withBasicAuth("viewer", "sandbox").getForEntity("/api/syncs/runs?limit=5", JsonNode.class);

        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(response.getBody().isArray()).isTrue();
    }
}

package io.signalbridge.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ActiveProfiles;

/**
 * Every state change through the API by a signed-in user lands in the audit log with who, what and the outcome,
 * refused ones included, never a secret; reads, and requests refused before sign-in, are not recorded; the log is listed and filtered for ADMIN and OPERATIONS only.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles({"sandbox", "test"})
class AuditedRequestsTest {

    @Autowired
    TestRestTemplate http;
    @Autowired
    JdbcTemplate jdbc;

    @Test
    void stateChangesAreAuditedWithWhoWhatAndOutcomeAndNoSecret() {
        long before = count();
        var created = http.withBasicAuth("ops", "sandbox").postForEntity("/api/tokens", Map.of("name", "audit me"), JsonNode.class);
        assertThat(created.getStatusCode()).isEqualTo(HttpStatus.CREATED);
        String token = created.getBody().path("token").asText();

        var refused = http.withBasicAuth("viewer", "sandbox").exchange("/api/users/marketing/roles", HttpMethod.PUT,
                json("{\"roles\":[\"ADMIN\"]}"), String.class);
        assertThat(refused.getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
        var anonymous = http.exchange("/api/syncs/salesforce-accounts/run", HttpMethod.POST, json("{}"), String.class);
        assertThat(anonymous.getStatusCode()).as("no credentials, no CSRF token").isIn(HttpStatus.UNAUTHORIZED, HttpStatus.FORBIDDEN);
        http.withBasicAuth("ops", "sandbox").getForEntity("/api/syncs", String.class);

        var entries = jdbc.queryForList("select actor, action, target, outcome, detail from audit_log where id > (select coalesce(max(id), 0)"
                + " from audit_log) - ? order by id", (int) (count() - before));
        assertThat(entries).as("two state changes by signed-in users; the read and the request without credentials not").hasSize(2);
        assertThat(entries.get(0)).containsEntry("actor", "ops").containsEntry("action", "POST /api/tokens")
                .containsEntry("outcome", "done");
        assertThat((String) entries.get(0).get("detail")).contains("personal API token", "(HTTP 201)");
        assertThat(entries.get(1)).containsEntry("actor", "viewer").containsEntry("action", "PUT /api/users/{name}/roles")
                .containsEntry("target", "/api/users/marketing/roles").containsEntry("outcome", "refused");
        assertThat(jdbc.queryForObject("select count(*) from audit_log where detail like ? or target like ?", Long.class,
                "%" + token + "%", "%" + token + "%")).as("the token shown once is not in the log").isZero();
    }

    @Test
    void theLogIsListedAndFilteredForOpsOnly() {
        http.withBasicAuth("marketing", "sandbox").exchange("/api/users/viewer/roles", HttpMethod.DELETE, null, String.class);

        var listed = http.withBasicAuth("admin", "sandbox").getForEntity("/api/audit?actor=marketing&action={action}", JsonNode.class,
                "DELETE /api/users/{name}/roles");
        assertThat(listed.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(listed.getBody()).isNotEmpty();
        listed.getBody().forEach(entry -> {
            assertThat(entry.path("actor").asText()).isEqualTo("marketing");
            assertThat(entry.path("outcome").asText()).isEqualTo("refused");
            assertThat(entry.path("at").asText()).isNotBlank();
        });
        assertThat(http.withBasicAuth("ops", "sandbox").getForEntity("/api/audit?limit=1", JsonNode.class).getBody()).hasSize(1);
        assertThat(http.withBasicAuth("viewer", "sandbox").getForEntity("/api/audit", String.class).getStatusCode())
                .isEqualTo(HttpStatus.FORBIDDEN);
    }

    private long count() {
        return jdbc.queryForObject("select count(*) from audit_log", Long.class);
    }

    private static HttpEntity<String> json(String body) {
        var headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);
        return new HttpEntity<>(body, headers);
    }
}

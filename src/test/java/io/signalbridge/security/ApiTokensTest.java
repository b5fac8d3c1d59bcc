package io.signalbridge.security;

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

/** Personal API tokens: created once with the creator's roles, stored hashed, listed with last use, revocable. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles({"sandbox", "test"})
class ApiTokensTest {

    @Autowired
    TestRestTemplate http;
    @Autowired
    JdbcTemplate jdbc;

    @Test
    void aTokenIsShownOnceCarriesItsCreatorsRolesAndIsListedWithItsLastUse() {
        var created = http.withBasicAuth("ops", "sandbox").postForEntity("/api/tokens", Map.of("name", "nightly export", "expiresInDays", 30),
                JsonNode.class);
        assertThat(created.getStatusCode()).isEqualTo(HttpStatus.CREATED);
        String token = created.getBody().path("token").asText();
        assertThat(token).startsWith("sbt_").hasSize(47);
        assertThat(created.getBody().path("roles")).extracting(JsonNode::asText).containsExactly("OPERATIONS");
        assertThat(jdbc.queryForObject("select count(*) from api_token where token_hash = ? or token_hint = ?", Integer.class, token, token))
                .as("the token itself is not stored").isZero();

        var me = bearer(token, HttpMethod.GET, "/api/me", null);
        assertThat(me.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(me.getBody()).contains("\"name\":\"ops\"", "\"roles\":[\"OPERATIONS\"]");
        assertThat(bearer(token, HttpMethod.POST, "/api/syncs/nosuchjob/run", null).getStatusCode()).as("an OPERATIONS action")
                .isNotIn(HttpStatus.UNAUTHORIZED, HttpStatus.FORBIDDEN);

        var listed = http.withBasicAuth("ops", "sandbox").getForEntity("/api/tokens", String.class);
        assertThat(listed.getBody()).contains("nightly export", "\"lastUsedAt\":\"", "\"active\":true").doesNotContain(token);
        assertThat(http.withBasicAuth("viewer", "sandbox").getForEntity("/api/tokens", String.class).getBody())
                .as("another user's list").doesNotContain("nightly export");

        assertThat(bearer(token, HttpMethod.POST, "/api/tokens", "{\"name\":\"from a token\"}").getStatusCode())
                .as("a token does not make tokens").isEqualTo(HttpStatus.FORBIDDEN);

        long id = created.getBody().path("id").asLong();
        assertThat(http.withBasicAuth("viewer", "sandbox").exchange("/api/tokens/" + id, HttpMethod.DELETE, null, String.class).getStatusCode())
                .as("only its owner revokes it").isEqualTo(HttpStatus.NOT_FOUND);
        assertThat(http.withBasicAuth("ops", "sandbox").exchange("/api/tokens/" + id, HttpMethod.DELETE, null, String.class).getStatusCode())
                .isEqualTo(HttpStatus.NO_CONTENT);
        assertThat(bearer(token, HttpMethod.GET, "/api/me", null).getStatusCode()).as("revoked").isEqualTo(HttpStatus.UNAUTHORIZED);
        assertThat(http.withBasicAuth("ops", "sandbox").getForEntity("/api/tokens", String.class).getBody()).contains("\"active\":false");
    }

    @Test
    void anExpiredOrUnknownTokenOpensNothing() {
        var created = http.withBasicAuth("viewer", "sandbox").postForEntity("/api/tokens", Map.of("name", "short-lived"), JsonNode.class);
        String token = created.getBody().path("token").asText();
        jdbc.update("update api_token set expires_at = created_at where id = ?", created.getBody().path("id").asLong());

        assertThat(bearer(token, HttpMethod.GET, "/api/me", null).getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
        assertThat(bearer("sbt_" + "A".repeat(43), HttpMethod.GET, "/api/me", null).getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
    }

    @Test
    void aLifetimeBeyondTheMaximumIsRefused() {
        var refused = http.withBasicAuth("viewer", "sandbox").postForEntity("/api/tokens", Map.of("name", "forever", "expiresInDays", 4000),
                String.class);
        assertThat(refused.getStatusCode()).isEqualTo(HttpStatus.UNPROCESSABLE_ENTITY);
        assertThat(http.withBasicAuth("viewer", "sandbox").postForEntity("/api/tokens", Map.of("name", " "), String.class).getStatusCode())
                .isEqualTo(HttpStatus.UNPROCESSABLE_ENTITY);
    }

    private org.springframework.http.ResponseEntity<String> bearer(String token, HttpMethod method, String path, String json) {
        var headers = new HttpHeaders();
        headers.setBearerAuth(token);
        if (json != null) {
            headers.setContentType(MediaType.APPLICATION_JSON);
        }
        return http.exchange(path, method, new HttpEntity<>(json, headers), String.class);
    }
}

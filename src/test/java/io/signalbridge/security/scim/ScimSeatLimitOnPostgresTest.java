package io.signalbridge.security.scim;

import static io.signalbridge.security.scim.ScimProvisioningTest.assertError;
import static io.signalbridge.security.scim.ScimProvisioningTest.suffix;
import static io.signalbridge.security.scim.ScimProvisioningTest.userJson;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;

import io.signalbridge.support.PostgresTestSupport;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ActiveProfiles;

/** The seat limit on PostgreSQL: of 8 concurrent creates exactly {@code limit} succeed; activating past it is refused. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"signalbridge.security.seats.limit=" + ScimSeatLimitOnPostgresTest.LIMIT, "signalbridge.security.scim.token=pg-scim-token"})
@ActiveProfiles("test")
class ScimSeatLimitOnPostgresTest extends PostgresTestSupport {

    static final int LIMIT = 3;
    static final String PATCH_OP = "urn:ietf:params:scim:api:messages:2.0:PatchOp";

    @Autowired
    TestRestTemplate http;
    @Autowired
    JdbcTemplate jdbc;

    @Test
    void ofEightConcurrentCreatesExactlyTheLimitSucceedAndActivationPastItIsRefused() throws Exception {
        assertThat(jdbc.queryForObject("select version()", String.class)).contains("PostgreSQL");
        jdbc.update("update scim_user set active = false");
        jdbc.update("delete from audit_log where action = 'scim.user.create'");
        String prefix = "seat" + suffix();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        var start = new CountDownLatch(1);
        var answers = new ArrayList<Future<ResponseEntity<JsonNode>>>();
        try {
            for (int i = 0; i < 8; i++) {
                String userName = prefix + "-" + i + "@example.com";
                answers.add(pool.submit(() -> {
                    start.await();
                    return scim(HttpMethod.POST, "/scim/v2/Users", userJson(userName));
                }));
            }
            start.countDown();
            var created = new ArrayList<ResponseEntity<JsonNode>>();
            var refused = new ArrayList<ResponseEntity<JsonNode>>();
            for (var answer : answers) {
                var response = answer.get(60, TimeUnit.SECONDS);
                (response.getStatusCode().value() == 201 ? created : refused).add(response);
            }
            assertThat(created).hasSize(LIMIT);
            assertThat(refused).hasSize(8 - LIMIT).allSatisfy(response -> {
                assertError(response, 400, "invalidValue");
                assertThat(response.getBody().path("detail").asText()).contains("seat limit");
            });
            assertThat(jdbc.queryForObject("select count(*) from scim_user where active = true", Integer.class)).isEqualTo(LIMIT);
            assertThat(jdbc.queryForObject("select count(*) from audit_log where actor = 'scim' and action = 'scim.user.create'"
                    + " and outcome = 'refused'", Integer.class)).isEqualTo(8 - LIMIT);

            // a seat freed by a deactivation is taken by a new user; the deactivated one cannot come back past the limit
            String first = created.get(0).getBody().path("id").asText();
            assertThat(patchActive(first, false).getStatusCode().value()).isEqualTo(200);
            assertThat(scim(HttpMethod.POST, "/scim/v2/Users", userJson(prefix + "-late@example.com")).getStatusCode().value()).isEqualTo(201);
            var reactivation = patchActive(first, true);
            assertError(reactivation, 400, "invalidValue");
            assertThat(reactivation.getBody().path("detail").asText()).contains("seat limit", "signalbridge.security.seats.limit");

            // an inactive user takes no seat
            var inactive = scim(HttpMethod.POST, "/scim/v2/Users", userJson(prefix + "-inactive@example.com").replace("\"active\":true", "\"active\":false"));
            assertThat(inactive.getStatusCode().value()).isEqualTo(201);
            assertThat(inactive.getBody().path("active").asBoolean()).isFalse();
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void concurrentReactivationsTakeOnlyTheFreeSeats() throws Exception {
        jdbc.update("update scim_user set active = false");
        String prefix = "back" + suffix();
        var ids = new ArrayList<String>();
        for (int i = 0; i < 8; i++) {
            var created = scim(HttpMethod.POST, "/scim/v2/Users", userJson(prefix + "-" + i + "@example.com").replace("\"active\":true", "\"active\":false"));
            assertThat(created.getStatusCode().value()).isEqualTo(201);
            ids.add(created.getBody().path("id").asText());
        }
        ExecutorService pool = Executors.newFixedThreadPool(8);
        var start = new CountDownLatch(1);
        try {
            List<Future<ResponseEntity<JsonNode>>> answers = new ArrayList<>();
            for (String id : ids) {
                answers.add(pool.submit(() -> {
                    start.await();
                    return patchActive(id, true);
                }));
            }
            start.countDown();
            int ok = 0;
            for (var answer : answers) {
                var response = answer.get(60, TimeUnit.SECONDS);
                if (response.getStatusCode().value() == 200) {
                    ok++;
                } else {
                    assertError(response, 400, "invalidValue");
                }
            }
            assertThat(ok).isEqualTo(LIMIT);
            assertThat(jdbc.queryForObject("select count(*) from scim_user where active = true", Integer.class)).isEqualTo(LIMIT);
        } finally {
            pool.shutdownNow();
        }
    }

    private ResponseEntity<JsonNode> patchActive(String id, boolean active) {
        return scim(HttpMethod.PATCH, "/scim/v2/Users/" + id, """
                {"schemas":["%s"],"Operations":[{"op":"replace","value":{"active":%s}}]}""".formatted(PATCH_OP, active));
    }

    private ResponseEntity<JsonNode> scim(HttpMethod method, String path, String body) {
        var headers = new HttpHeaders();
        headers.setBearerAuth("pg-scim-token");
        headers.setContentType(MediaType.parseMediaType("application/scim+json"));
        return http.exchange(path, method, new HttpEntity<>(body, headers), JsonNode.class);
    }
}

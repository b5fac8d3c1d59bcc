package io.signalbridge;

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
class ApplicationSecurityTest {

    @Autowired
    TestRestTemplate http;

    @Test
    void healthIsOpenToAnyone() {
        var response = http.getForEntity("/actuator/health", String.class);

        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(response.getBody()).contains("\"status\":\"UP\"");
    }

    @Test
    void serviceApiNeedsBasicCredentials() {
        assertThat(http.getForEntity("/api/anything", String.class).getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
        assertThat(http.withBasicAuth("viewer", "wrong").getForEntity("/api/anything", String.class).getStatusCode())
                .isEqualTo(HttpStatus.UNAUTHORIZED);
    }

    @Test
    void theSandboxProfileHasOneDemoUserPerRole() {
        var roles = java.util.Map.of("admin", "ADMIN", "ops", "OPERATIONS", "marketing", "MARKETING", "viewer", "VIEWER",
                "insights", "INSIGHTS", "sales", "SALES");
        roles.forEach((user, role) -> {
            var me = http.withBasicAuth(user, "sandbox").getForEntity("/api/me", JsonNode.class);
            assertThat(me.getStatusCode()).as(user).isEqualTo(HttpStatus.OK);
            assertThat(me.getBody().path("roles")).extracting(JsonNode::asText).as(user).containsExactly(role);
        });
    }

    @Test
    void aPathNoRuleOfTheAccessMatrixAdmitsIsRefusedEvenToAnAdmin() {
        assertThat(http.withBasicAuth("admin", "sandbox").getForEntity("/api/anything", String.class).getStatusCode())
                .isEqualTo(HttpStatus.FORBIDDEN);
    }
}

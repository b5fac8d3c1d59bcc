package io.signalbridge;

import static org.assertj.core.api.Assertions.assertThat;

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
    void demoUsersOfTheSandboxProfileCanAuthenticate() {
        for (String user : new String[] {"admin", "ops", "viewer"}) {
            var response = http.withBasicAuth(user, "sandbox").getForEntity("/api/anything", String.class);
            assertThat(response.getStatusCode()).as(user).isEqualTo(HttpStatus.NOT_FOUND);
        }
    }
}

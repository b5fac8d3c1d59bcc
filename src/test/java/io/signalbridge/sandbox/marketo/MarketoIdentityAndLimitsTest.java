package io.signalbridge.sandbox.marketo;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.LocalDate;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.util.LinkedMultiValueMap;

class MarketoIdentityAndLimitsTest extends MarketoSandboxTestSupport {

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void identityIssuesABearerTokenAndHandsItOutAgainWithTheRemainingLifetime() {
        var first = http.getForEntity(BASE + "/identity/oauth/token?grant_type=client_credentials&client_id=sandbox&client_secret=sandbox",
                JsonNode.class).getBody();
        assertThat(first.get("access_token").asText()).isEqualTo(token).matches("[0-9a-f-]{36}:ab");
        assertThat(first.get("token_type").asText()).isEqualTo("bearer");
        assertThat(first.get("scope").asText()).isEqualTo("integration@sandbox.local");
        assertThat(first.get("expires_in").asLong()).isEqualTo(3599);

        clock.advance(Duration.ofSeconds(10));
        var form = new LinkedMultiValueMap<String, String>();
        form.add("grant_type", "client_credentials");
        form.add("client_id", "sandbox");
        form.add("client_secret", "sandbox");
        var headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_FORM_URLENCODED);
        var again = http.postForEntity(BASE + "/identity/oauth/token", new HttpEntity<>(form, headers), JsonNode.class).getBody();

        assertThat(again.get("access_token").asText()).isEqualTo(token);
        assertThat(again.get("expires_in").asLong()).isEqualTo(3589);
    }

    @Test
    void wrongClientCredentialsAreRefusedWith401() {
        var response = http.getForEntity(BASE + "/identity/oauth/token?grant_type=client_credentials&client_id=sandbox&client_secret=nope",
                JsonNode.class);

        assertThat(response.getStatusCode().value()).isEqualTo(401);
        assertThat(response.getBody().get("error").asText()).isEqualTo("unauthorized");
        assertThat(response.getBody().get("error_description").asText()).isEqualTo("Bad client credentials");
    }

    @Test
    void restCallsNeedAValidUnexpiredToken() {
        assertSuccess(get(uri("/v1/activities/types.json")));

        token = null;
        assertError(get(uri("/v1/activities/types.json")), "600", "Access token not specified");
        token = "0d3b5a3e-0000-0000-0000-000000000000:ab";
        assertError(get(uri("/v1/activities/types.json")), "601", "Access token invalid");

        token = accessToken();
        assertSuccess(get(uri("/v1/activities/types.json", "access_token", token)));
        clock.advance(Duration.ofHours(1));
        assertError(get(uri("/v1/activities/types.json")), "602", "Access token expired");

        String renewed = accessToken();
        assertThat(renewed).isNotEqualTo(token);
        token = renewed;
        assertSuccess(get(uri("/v1/activities/types.json")));
    }

    @Test
    void moreThan100CallsIn20SecondsHitTheRateLimitUntilTheWindowMoves() {
        for (int i = 0; i < 100; i++) {
            assertSuccess(get(uri("/v1/lists.json")));
        }
        assertError(get(uri("/v1/lists.json")), "606", "Max rate limit '100' exceeded with in '20' secs");

        clock.advance(Duration.ofSeconds(21));
        assertSuccess(get(uri("/v1/lists.json")));
    }

    @Test
    void theDailyQuotaEndsCallsUntilMidnightUsCentral() {
        LocalDate chicagoToday = LocalDate.now(clock.withZone(MarketoRestGate.QUOTA_ZONE));
        jdbc.update("insert into sandbox_api_usage (org, usage_day, calls) values ('MARKETO', ?, 50000)", chicagoToday);

        assertError(get(uri("/v1/lists.json")), "607", "Daily quota reached");

        clock.advance(Duration.ofDays(1));
        token = accessToken();
        assertSuccess(get(uri("/v1/lists.json")));
    }

    @Test
    void unknownRestPathsAnswerMarketo610With404() {
        var response = http.exchange(uri("/v1/nothing/here.json"), HttpMethod.GET, new HttpEntity<>(headers(MediaType.APPLICATION_JSON)),
                JsonNode.class);

        assertThat(response.getStatusCode().value()).isEqualTo(404);
        assertError(response.getBody(), "610", "Requested resource not found");
    }

    @Test
    void atMostTenCallsRunConcurrently() {
        var limits = new MarketoCallLimits(100, Duration.ofSeconds(20), 10);
        for (int i = 0; i < 10; i++) {
            assertThat(limits.enter()).isTrue();
        }
        assertThat(limits.enter()).isFalse();
        limits.exit();
        assertThat(limits.enter()).isTrue();
    }
}

package io.signalbridge.sandbox.salesforce;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import io.signalbridge.sandbox.SandboxTokenStore;
import io.signalbridge.sandbox.SandboxTokenStore.Org;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.util.LinkedMultiValueMap;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
class SalesforceOAuthAndLimitsTest {

    @Autowired
    TestRestTemplate http;
    @Autowired
    SandboxTokenStore tokens;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    Clock clock;

    @Test
    void passwordFlowIssuesATokenWhoseInstanceUrlPointsBackAtTheSandbox() {
        var response = token(Map.of("grant_type", "password", "client_id", "sandbox", "client_secret", "sandbox",
                "username", "integration@sandbox.local", "password", "sandbox"));

        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.OK);
        JsonNode body = response.getBody();
        assertThat(body.path("instance_url").asText()).isEqualTo(http.getRootUri() + "/sandbox/salesforce");
        assertThat(body.path("token_type").asText()).isEqualTo("Bearer");
        assertThat(body.path("access_token").asText()).startsWith("00D");
        assertThat(body.path("signature").asText()).isNotBlank();
        assertThat(body.has("refresh_token")).as("the password flow issues no refresh token").isFalse();
    }

    @Test
    void wrongCredentialsGetSalesforcesOwnErrors() {
        var badPassword = token(Map.of("grant_type", "password", "client_id", "sandbox", "client_secret", "sandbox",
                "username", "integration@sandbox.local", "password", "nope"));
        var badClient = token(Map.of("grant_type", "password", "client_id", "other", "client_secret", "sandbox",
                "username", "integration@sandbox.local", "password", "sandbox"));
        var badSecret = token(Map.of("grant_type", "client_credentials", "client_id", "sandbox", "client_secret", "x"));
        var badGrant = token(Map.of("grant_type", "authorization_code", "client_id", "sandbox"));

        assertThat(badPassword.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(badPassword.getBody().path("error").asText()).isEqualTo("invalid_grant");
        assertThat(badPassword.getBody().path("error_description").asText()).isEqualTo("authentication failure");
        assertThat(badClient.getBody().path("error").asText()).isEqualTo("invalid_client_id");
        assertThat(badSecret.getBody().path("error").asText()).isEqualTo("invalid_client");
        assertThat(badGrant.getBody().path("error").asText()).isEqualTo("unsupported_grant_type");
    }

    @Test
    void refreshTokenAndClientCredentialsFlowsIssueTokens() {
        var refreshed = token(Map.of("grant_type", "refresh_token", "client_id", "sandbox", "client_secret", "sandbox",
                "refresh_token", "sandbox-refresh-token"));
        var expiredRefresh = token(Map.of("grant_type", "refresh_token", "client_id", "sandbox", "refresh_token", "stale"));
        var clientCredentials = token(Map.of("grant_type", "client_credentials", "client_id", "sandbox", "client_secret", "sandbox"));

        assertThat(refreshed.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(expiredRefresh.getBody().path("error_description").asText()).isEqualTo("expired access/refresh token");
        assertThat(clientCredentials.getBody().path("access_token").asText()).isNotBlank();
    }

    @Test
    void jwtBearerFlowChecksIssuerSubjectAndExpiry() {
        long future = clock.instant().plusSeconds(300).getEpochSecond();
        long past = clock.instant().minusSeconds(300).getEpochSecond();

        var ok = token(Map.of("grant_type", "urn:ietf:params:oauth:grant-type:jwt-bearer",
                "assertion", jwt("sandbox", "integration@sandbox.local", future)));
        var wrongUser = token(Map.of("grant_type", "urn:ietf:params:oauth:grant-type:jwt-bearer",
                "assertion", jwt("sandbox", "someone@else", future)));
        var expired = token(Map.of("grant_type", "urn:ietf:params:oauth:grant-type:jwt-bearer",
                "assertion", jwt("sandbox", "integration@sandbox.local", past)));

        assertThat(ok.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(ok.getBody().path("access_token").asText()).isNotBlank();
        assertThat(wrongUser.getBody().path("error").asText()).isEqualTo("invalid_grant");
        assertThat(expired.getBody().path("error").asText()).isEqualTo("invalid_grant");
    }

    @Test
    void restCallsNeedAValidSessionAndCountAgainstTheDailyLimit() {
        String token = token(Map.of("grant_type", "client_credentials", "client_id", "sandbox", "client_secret", "sandbox"))
                .getBody().path("access_token").asText();

        var first = get("/sandbox/salesforce/services/data/v62.0/limits", token);
        var second = get("/sandbox/salesforce/services/data/v62.0/limits", token);

        assertThat(first.getStatusCode()).isEqualTo(HttpStatus.OK);
        long firstUsed = used(first);
        assertThat(used(second)).isEqualTo(firstUsed + 1);
        assertThat(second.getHeaders().getFirst("Sforce-Limit-Info")).endsWith("/100000");
        assertThat(second.getBody().path("DailyApiRequests").path("Max").asLong()).isEqualTo(100_000);
        assertThat(second.getBody().path("DailyApiRequests").path("Remaining").asLong()).isEqualTo(100_000 - used(second));

        var noToken = get("/sandbox/salesforce/services/data/v62.0/limits", null);
        assertThat(noToken.getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
        assertThat(noToken.getBody().get(0).path("errorCode").asText()).isEqualTo("INVALID_SESSION_ID");
        assertThat(noToken.getBody().get(0).path("message").asText()).isEqualTo("Session expired or invalid");
    }

    @Test
    void anExpiredSessionIsRefused() {
        var expired = tokens.issue(Org.SALESFORCE, "sandbox", "integration@sandbox.local", Duration.ofSeconds(-1), "00D!");

        var response = get("/sandbox/salesforce/services/data/v62.0/limits", expired.value());

        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
        assertThat(response.getBody().get(0).path("errorCode").asText()).isEqualTo("INVALID_SESSION_ID");
    }

    @Test
    void pastTheDailyAllocationCallsFailWithRequestLimitExceeded() {
        String token = tokens.issue(Org.SALESFORCE, "sandbox", "integration@sandbox.local", Duration.ofHours(1), "00D!").value();
        get("/sandbox/salesforce/services/data/v62.0/limits", token);
        LocalDate today = LocalDate.now(clock.withZone(ZoneOffset.UTC));
        jdbc.update("update sandbox_api_usage set calls = 100000 where org = 'SALESFORCE' and usage_day = ?", today);
        try {
            var refused = get("/sandbox/salesforce/services/data/v62.0/limits", token);

            assertThat(refused.getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
            assertThat(refused.getBody().get(0).path("errorCode").asText()).isEqualTo("REQUEST_LIMIT_EXCEEDED");
            assertThat(refused.getBody().get(0).path("message").asText()).isEqualTo("TotalRequests Limit exceeded.");
        } finally {
            jdbc.update("delete from sandbox_api_usage where org = 'SALESFORCE'");
        }
    }

    @Test
    void versionsAreListedWithoutASession() {
        var response = http.getForEntity("/sandbox/salesforce/services/data", JsonNode.class);

        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(response.getBody().findValuesAsText("version")).contains("62.0");
    }

    private ResponseEntity<JsonNode> token(Map<String, String> form) {
        var body = new LinkedMultiValueMap<String, String>();
        form.forEach(body::add);
        var headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_FORM_URLENCODED);
        return http.postForEntity("/sandbox/salesforce/services/oauth2/token", new HttpEntity<>(body, headers), JsonNode.class);
    }

    private ResponseEntity<JsonNode> get(String path, String token) {
        var headers = new HttpHeaders();
        if (token != null) {
            headers.setBearerAuth(token);
        }
        return http.exchange(path, HttpMethod.GET, new HttpEntity<>(headers), JsonNode.class);
    }

    private static long used(ResponseEntity<?> response) {
        String info = response.getHeaders().getFirst("Sforce-Limit-Info");
        return Long.parseLong(info.substring("api-usage=".length(), info.indexOf('/')));
    }

    private static String jwt(String issuer, String subject, long expiresAt) {
        var encoder = Base64.getUrlEncoder().withoutPadding();
        String header = encoder.encodeToString("{\"alg\":\"RS256\"}".getBytes(StandardCharsets.UTF_8));
        String claims = encoder.encodeToString(("{\"iss\":\"" + issuer + "\",\"sub\":\"" + subject
                + "\",\"aud\":\"https://login.salesforce.com\",\"exp\":" + expiresAt + "}").getBytes(StandardCharsets.UTF_8));
        return header + "." + claims + "." + encoder.encodeToString("unsigned".getBytes(StandardCharsets.UTF_8));
    }
}

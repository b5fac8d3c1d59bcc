package io.signalbridge.failures;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

class SecretRedactionTest {

    @Test
    void headersNamingASecretAreDroppedWhateverTheirCase() {
        Map<String, Object> headers = new LinkedHashMap<>();
        headers.put("Authorization", "Bearer abc");
        headers.put("access_token", "abc");
        headers.put("X-Refresh-TOKEN", "abc");
        headers.put("password", "abc");
        headers.put("clientSecret", "abc");
        headers.put("JSESSIONID", "abc");
        headers.put("sessionId", "abc");
        headers.put("X-Signature", "abc");
        headers.put("CamelHttpUri", "http://x");
        headers.put("job", "salesforce-accounts");
        headers.put("batch", 3);

        assertThat(SecretRedaction.headers(headers)).containsOnlyKeys("job", "batch").containsEntry("batch", "3");
    }

    @Test
    void secretsInsideMessagesAreMasked() {
        String masked = SecretRedaction.mask("login failed: password=hunter2&client_secret=abc123, "
                + "header Authorization: Bearer eyJhbGciOi.x.y; {\"access_token\":\"tok-1\"} session 00D5g000004ABCD!AQ4AQOpaqueToken.x "
                + "url https://x/y?sessionId=s-9 keep 001A000000xyz");

        assertThat(masked).doesNotContain("hunter2", "abc123", "eyJhbGciOi", "tok-1", "AQ4AQOpaqueToken", "s-9")
                .contains("login failed", "keep 001A000000xyz", SecretRedaction.MASK);
    }

    @Test
    void aMessageWithoutSecretsIsUnchanged() {
        String message = "Salesforce query failed: INVALID_FIELD: No such column 'Foo' on entity 'Account'";
        assertThat(SecretRedaction.mask(message)).isEqualTo(message);
        assertThat(SecretRedaction.mask(null)).isNull();
    }
}

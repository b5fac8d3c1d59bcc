package io.signalbridge.sandbox.outreach;

import java.security.MessageDigest;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import io.signalbridge.sandbox.ConditionalOnSandbox;
import io.signalbridge.sandbox.SandboxProperties;
import io.signalbridge.sandbox.SandboxTokenStore;
import io.signalbridge.sandbox.SandboxTokenStore.Org;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Outreach's token endpoint, {@code POST /sandbox/outreach/oauth/token} (form body): {@code refresh_token} as a
 * real Outreach app uses it, and {@code client_credentials} for scripts; a two-hour bearer token and the refresh
 * token. Errors as OAuth2 says: 401 {@code invalid_client}, 400 {@code invalid_grant} / {@code unsupported_grant_type}.
 */
@RestController
@ConditionalOnSandbox
@RequestMapping("/sandbox/outreach/oauth")
public class OutreachOAuthController {

    private final SandboxTokenStore tokens;
    private final SandboxProperties.Outreach settings;

    public OutreachOAuthController(SandboxTokenStore tokens, SandboxProperties properties) {
        this.tokens = tokens;
        this.settings = properties.outreach();
    }

    @PostMapping(path = "/token", consumes = MediaType.APPLICATION_FORM_URLENCODED_VALUE, produces = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<Map<String, Object>> token(@RequestParam Map<String, String> form) {
        if (!same(form.get("client_id"), settings.clientId()) || !same(form.get("client_secret"), settings.clientSecret())) {
            return ResponseEntity.status(401).body(Map.of("error", "invalid_client",
                    "error_description", "Client authentication failed due to unknown client, no client authentication included, or unsupported authentication method."));
        }
        String grant = form.getOrDefault("grant_type", "");
        if (grant.equals("refresh_token")) {
            if (!same(form.get("refresh_token"), settings.refreshToken())) {
                return ResponseEntity.badRequest().body(Map.of("error", "invalid_grant", "error_description",
                        "The provided authorization grant is invalid, expired, revoked, does not match the redirection URI used in the authorization request, or was issued to another client."));
            }
        } else if (!grant.equals("client_credentials")) {
            return ResponseEntity.badRequest().body(Map.of("error", "unsupported_grant_type",
                    "error_description", "The authorization grant type is not supported by the authorization server."));
        }
        var token = tokens.issue(Org.OUTREACH, settings.clientId(), "sandbox", settings.tokenTtl(), "or-");
        return ResponseEntity.ok(Map.of("access_token", token.value(), "token_type", "bearer", "expires_in", settings.tokenTtl().toSeconds(),
                "refresh_token", settings.refreshToken(), "scope", "prospects.all sequences.all sequenceStates.all mailboxes.read accounts.all",
                "created_at", token.issuedAt().getEpochSecond()));
    }

    private static boolean same(String given, String expected) {
        return given != null && MessageDigest.isEqual(given.getBytes(StandardCharsets.UTF_8), expected.getBytes(StandardCharsets.UTF_8));
    }
}

package io.signalbridge.sandbox.marketo;

import java.time.Clock;
import java.time.Duration;
import java.util.UUID;

import io.signalbridge.sandbox.ConditionalOnSandbox;
import io.signalbridge.sandbox.SandboxProperties;
import io.signalbridge.sandbox.SandboxTokenStore;
import io.signalbridge.sandbox.SandboxTokenStore.Org;
import io.signalbridge.sandbox.SandboxTokenStore.Token;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The identity service of the sandbox Marketo instance: {@code GET|POST /identity/oauth/token} with the
 * client-credentials grant. As the real one, it hands out the client's current token while it is valid, with
 * {@code expires_in} counting down, and a new one once it has expired. The current token is the newest valid one in
 * the token store, so every node on the database hands out the same.
 */
@RestController
@ConditionalOnSandbox
@RequestMapping(MarketoSandboxConfiguration.BASE_PATH + "/identity")
public class MarketoIdentityController {

    static final String SCOPE = "integration@sandbox.local";

    private final SandboxTokenStore tokens;
    private final SandboxProperties.Marketo settings;
    private final Clock clock;

    public MarketoIdentityController(SandboxTokenStore tokens, SandboxProperties properties, Clock clock) {
        this.tokens = tokens;
        this.settings = properties.marketo();
        this.clock = clock;
    }

    public record TokenResponse(String access_token, String token_type, long expires_in, String scope) {
    }

    public record IdentityError(String error, String error_description) {
    }

    @RequestMapping(path = "/oauth/token", method = {RequestMethod.GET, RequestMethod.POST})
    public ResponseEntity<?> token(@RequestParam(name = "grant_type", required = false) String grantType,
                                   @RequestParam(name = "client_id", required = false) String clientId,
                                   @RequestParam(name = "client_secret", required = false) String clientSecret) {
        if (grantType == null || grantType.isBlank()) {
            return ResponseEntity.badRequest().body(new IdentityError("invalid_request", "Missing grant type"));
        }
        if (!"client_credentials".equals(grantType)) {
            return ResponseEntity.badRequest().body(new IdentityError("unsupported_grant_type", "Unsupported grant type: " + grantType));
        }
        if (!settings.clientId().equals(clientId) || !settings.clientSecret().equals(clientSecret)) {
            return ResponseEntity.status(HttpStatus.UNAUTHORIZED).body(new IdentityError("unauthorized", "Bad client credentials"));
        }
        Token token = currentToken(clientId);
        long remaining = Math.max(0, Duration.between(clock.instant(), token.expiresAt()).toSeconds() - 1);
        return ResponseEntity.ok()
                .header("Cache-Control", "no-store")
                .body(new TokenResponse(token.value(), "bearer", remaining, SCOPE));
    }

    private synchronized Token currentToken(String clientId) {
        return tokens.newestValid(Org.MARKETO, clientId, clock.instant())
                .orElseGet(() -> tokens.issueValue(Org.MARKETO, UUID.randomUUID() + ":ab", clientId, SCOPE, settings.tokenTtl()));
    }
}

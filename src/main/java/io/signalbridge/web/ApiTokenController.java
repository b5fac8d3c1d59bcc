package io.signalbridge.web;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.signalbridge.security.GroupRoles;
import io.signalbridge.security.Role;
import io.signalbridge.security.tokens.ApiTokenAuthentication;
import io.signalbridge.security.tokens.ApiTokens;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The caller's own personal API tokens: listed (never the token itself), created (the token shown in this answer
 * only, carrying the caller's roles of now), revoked. A token cannot create tokens: a stolen one must not outlive
 * its expiry.
 */
@RestController
@RequestMapping("/api/tokens")
public class ApiTokenController {


    public record TokenView(long id, String name, String hint, Set<Role> roles, Instant createdAt, Instant expiresAt, Instant lastUsedAt,
            Instant revokedAt, boolean active) {
    }

    public record TokenRequest(String name, Integer expiresInDays) {
    }

    public record CreatedToken(long id, String name, String token, Set<Role> roles, Instant expiresAt) {
    }

    private final ApiTokens tokens;

    public ApiTokenController(ApiTokens tokens) {
        this.tokens = tokens;
    }

    @GetMapping
    public List<TokenView> mine(Authentication who) {
        Instant now = Instant.now();
        return tokens.of(who.getName()).stream().map(token -> new TokenView(token.id(), token.name(), token.hint(), token.roles(),
                token.createdAt(), token.expiresAt(), token.lastUsedAt(), token.revokedAt(), token.usableAt(now))).toList();
    }

    @PostMapping
    public ResponseEntity<?> create(@RequestBody TokenRequest request, Authentication who) {
        if (who instanceof ApiTokenAuthentication) {
            return ResponseEntity.status(HttpStatus.FORBIDDEN).body(Map.of("error", "an API token cannot create API tokens; sign in to the console"));
        }
        var roles = GroupRoles.roles(who.getAuthorities());
        Duration lifetime = request.expiresInDays() == null ? null : Duration.ofDays(request.expiresInDays());
        var created = tokens.create(who.getName(), roles, request.name(), lifetime);
        return ResponseEntity.status(HttpStatus.CREATED).body(new CreatedToken(created.token().id(), created.token().name(), created.secret(),
                created.token().roles(), created.token().expiresAt()));
    }

    @DeleteMapping("/{id}")
    public ResponseEntity<Void> revoke(@PathVariable long id, Authentication who) {
        return tokens.revoke(who.getName(), id) ? ResponseEntity.noContent().build() : ResponseEntity.notFound().build();
    }

    @ExceptionHandler(IllegalArgumentException.class)
    ResponseEntity<Map<String, String>> refused(IllegalArgumentException invalid) {
        return ResponseEntity.unprocessableEntity().body(Map.of("error", invalid.getMessage()));
    }
}

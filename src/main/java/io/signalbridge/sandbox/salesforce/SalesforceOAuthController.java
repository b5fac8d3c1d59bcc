package io.signalbridge.sandbox.salesforce;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.signalbridge.sandbox.ConditionalOnSandbox;
import io.signalbridge.sandbox.SandboxProperties;
import io.signalbridge.sandbox.SandboxTokenStore;
import io.signalbridge.sandbox.SandboxTokenStore.Org;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/**
 * The sandbox org's OAuth 2.0 token endpoint, with the flows camel-salesforce and jsforce use:
 * username-password, refresh token, client credentials and JWT bearer. The {@code instance_url} it returns
 * points back at the sandbox, so clients send their REST calls here.
 */
@RestController
@ConditionalOnSandbox
@RequestMapping("/sandbox/salesforce/services/oauth2")
public class SalesforceOAuthController {

    static final String ORG_ID = SalesforceIds.of("00D", 1).substring(0, 15);
    /** The user of every sandbox session (its identity URL), and so the commitUser of the change events of API writes. */
    public static final String USER_ID = SalesforceIds.of("005", 1);
    private static final String JWT_BEARER = "urn:ietf:params:oauth:grant-type:jwt-bearer";

    private final SandboxProperties.Salesforce settings;
    private final SandboxTokenStore tokens;
    private final ObjectMapper json;
    private final Clock clock;

    public SalesforceOAuthController(SandboxProperties properties, SandboxTokenStore tokens, ObjectMapper json, Clock clock) {
        this.settings = properties.salesforce();
        this.tokens = tokens;
        this.json = json;
        this.clock = clock;
    }

    @PostMapping(path = "/token", consumes = MediaType.APPLICATION_FORM_URLENCODED_VALUE, produces = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<Map<String, Object>> token(@RequestParam MultiValueMap<String, String> form) {
        String grantType = form.getFirst("grant_type");
        if (grantType == null) {
            return error("unsupported_grant_type", "grant type not supported");
        }
        return switch (grantType) {
            case "password" -> passwordGrant(form);
            case "refresh_token" -> refreshTokenGrant(form);
            case "client_credentials" -> clientCredentialsGrant(form);
            case JWT_BEARER -> jwtBearerGrant(form);
            default -> error("unsupported_grant_type", "grant type not supported");
        };
    }

    @PostMapping(path = "/revoke", consumes = MediaType.APPLICATION_FORM_URLENCODED_VALUE)
    public ResponseEntity<Void> revoke(@RequestParam("token") String token) {
        tokens.revoke(token);
        return ResponseEntity.ok().build();
    }

    private ResponseEntity<Map<String, Object>> passwordGrant(MultiValueMap<String, String> form) {
        var clientError = checkClient(form, true);
        if (clientError != null) {
            return clientError;
        }
        if (!settings.username().equals(form.getFirst("username")) || !constantTimeEquals(settings.password(), form.getFirst("password"))) {
            return error("invalid_grant", "authentication failure");
        }
        return issued(form.getFirst("client_id"));
    }

    private ResponseEntity<Map<String, Object>> refreshTokenGrant(MultiValueMap<String, String> form) {
        if (!settings.clientId().equals(form.getFirst("client_id"))) {
            return error("invalid_client_id", "client identifier invalid");
        }
        // A client secret is optional for the refresh flow, but a wrong one is refused.
        String secret = form.getFirst("client_secret");
        if (secret != null && !constantTimeEquals(settings.clientSecret(), secret)) {
            return error("invalid_client", "invalid client credentials");
        }
        if (!constantTimeEquals(settings.refreshToken(), form.getFirst("refresh_token"))) {
            return error("invalid_grant", "expired access/refresh token");
        }
        return issued(form.getFirst("client_id"));
    }

    private ResponseEntity<Map<String, Object>> clientCredentialsGrant(MultiValueMap<String, String> form) {
        var clientError = checkClient(form, true);
        if (clientError != null) {
            return clientError;
        }
        return issued(form.getFirst("client_id"));
    }

    private ResponseEntity<Map<String, Object>> jwtBearerGrant(MultiValueMap<String, String> form) {
        String assertion = form.getFirst("assertion");
        String[] parts = assertion == null ? new String[0] : assertion.split("\\.");
        if (parts.length != 3) {
            return error("invalid_grant", "invalid assertion");
        }
        JsonNode claims;
        try {
            claims = json.readTree(Base64.getUrlDecoder().decode(parts[1]));
        } catch (Exception malformed) {
            return error("invalid_grant", "invalid assertion");
        }
        if (!settings.clientId().equals(claims.path("iss").asText())) {
            return error("invalid_client_id", "client identifier invalid");
        }
        if (!settings.username().equals(claims.path("sub").asText())) {
            return error("invalid_grant", "user hasn't approved this consumer");
        }
        long expiresAt = claims.path("exp").asLong(0);
        if (expiresAt * 1000 <= clock.millis()) {
            return error("invalid_grant", "expired authorization code");
        }
        if (settings.jwtCertificate() != null && !settings.jwtCertificate().isBlank()
                && !signatureValid(parts, settings.jwtCertificate())) {
            return error("invalid_grant", "invalid assertion");
        }
        return issued(settings.clientId());
    }

    private ResponseEntity<Map<String, Object>> checkClient(MultiValueMap<String, String> form, boolean secretRequired) {
        if (!settings.clientId().equals(form.getFirst("client_id"))) {
            return error("invalid_client_id", "client identifier invalid");
        }
        String secret = form.getFirst("client_secret");
        if ((secretRequired || secret != null) && !constantTimeEquals(settings.clientSecret(), secret)) {
            return error("invalid_client", "invalid client credentials");
        }
        return null;
    }

    private ResponseEntity<Map<String, Object>> issued(String clientId) {
        var token = tokens.issue(Org.SALESFORCE, clientId, settings.username(), settings.tokenTtl(), ORG_ID + "!");
        String instanceUrl = ServletUriComponentsBuilder.fromCurrentContextPath().path("/sandbox/salesforce").toUriString();
        String id = instanceUrl + "/id/" + ORG_ID + "/" + USER_ID;
        String issuedAt = Long.toString(token.issuedAt().toEpochMilli());
        var body = new LinkedHashMap<String, Object>();
        body.put("access_token", token.value());
        body.put("instance_url", instanceUrl);
        body.put("id", id);
        body.put("token_type", "Bearer");
        body.put("issued_at", issuedAt);
        body.put("signature", sign(id + issuedAt));
        return ResponseEntity.ok(body);
    }

    /** As Salesforce: Base64 HMAC-SHA256 of id and issued_at, keyed by the client secret. */
    private String sign(String content) {
        try {
            var mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(settings.clientSecret().getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return Base64.getEncoder().encodeToString(mac.doFinal(content.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static boolean signatureValid(String[] parts, String pemCertificate) {
        try {
            var certificate = (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(pemCertificate.getBytes(StandardCharsets.US_ASCII)));
            var verifier = Signature.getInstance("SHA256withRSA");
            verifier.initVerify(certificate.getPublicKey());
            verifier.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
            return verifier.verify(Base64.getUrlDecoder().decode(parts[2]));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }

    private static boolean constantTimeEquals(String expected, String actual) {
        return actual != null && MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8), actual.getBytes(StandardCharsets.UTF_8));
    }

    private static ResponseEntity<Map<String, Object>> error(String code, String description) {
        return ResponseEntity.badRequest().body(Map.of("error", code, "error_description", description));
    }
}

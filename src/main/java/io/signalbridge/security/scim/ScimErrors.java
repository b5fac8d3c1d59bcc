package io.signalbridge.security.scim;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import jakarta.servlet.http.HttpServletResponse;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;

/** Every error of {@link ScimController} in the SCIM error schema (RFC 7644 section 3.12), as {@code application/scim+json}. */
@RestControllerAdvice(assignableTypes = ScimController.class)
public class ScimErrors {

    static final String ERROR_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:Error";
    private static final Logger log = LoggerFactory.getLogger(ScimErrors.class);

    @ExceptionHandler(ScimException.class)
    ResponseEntity<JsonNode> scim(ScimException error) {
        return answer(error.status(), error.scimType(), error.getMessage());
    }

    @ExceptionHandler(HttpMessageNotReadableException.class)
    ResponseEntity<JsonNode> unreadable(HttpMessageNotReadableException error) {
        return answer(400, "invalidSyntax", "the body is no JSON the SCIM API reads");
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ResponseEntity<JsonNode> badParameter(MethodArgumentTypeMismatchException error) {
        return answer(400, "invalidValue", error.getName() + " is a number");
    }

    @ExceptionHandler(HttpMediaTypeNotSupportedException.class)
    ResponseEntity<JsonNode> mediaType(HttpMediaTypeNotSupportedException error) {
        return answer(415, null, "send application/scim+json");
    }

    @ExceptionHandler(HttpRequestMethodNotSupportedException.class)
    ResponseEntity<JsonNode> method(HttpRequestMethodNotSupportedException error) {
        return answer(405, null, error.getMethod() + " is not supported here");
    }

    @ExceptionHandler(RuntimeException.class)
    ResponseEntity<JsonNode> unexpected(RuntimeException error) {
        log.error("SCIM request failed", error);
        return answer(500, null, "internal error");
    }

    static ObjectNode body(int status, String scimType, String detail) {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        node.putArray("schemas").add(ERROR_SCHEMA);
        node.put("status", String.valueOf(status));
        if (scimType != null) {
            node.put("scimType", scimType);
        }
        node.put("detail", detail);
        return node;
    }

    static ResponseEntity<JsonNode> answer(int status, String scimType, String detail) {
        return ResponseEntity.status(status).contentType(ScimController.SCIM_MEDIA_TYPE).body(body(status, scimType, detail));
    }

    /** The same error written straight to the response, for the filter chain (no controller yet). */
    static void write(HttpServletResponse response, int status, String scimType, String detail) throws IOException {
        response.setStatus(status);
        response.setContentType(ScimController.SCIM_JSON);
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        response.getOutputStream().write(body(status, scimType, detail).toString().getBytes(StandardCharsets.UTF_8));
    }
}

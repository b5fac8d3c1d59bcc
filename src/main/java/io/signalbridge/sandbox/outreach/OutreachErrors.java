package io.signalbridge.sandbox.outreach;

import java.io.IOException;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

/**
 * Outreach API v2's errors, JSON:API style: {@code {"errors":[{"id":"validationError","title":"Validation Error",
 * "detail":"…","source":{"pointer":"/data/…"}}]}} with the HTTP status. The ids are Outreach's; the detail texts
 * follow its wording where it is public and are plain English otherwise.
 */
public final class OutreachErrors {

    public static final String MEDIA_TYPE = "application/vnd.api+json";

    /** A request the sandbox refuses, caught by {@link OutreachApiController}'s handler. */
    public static final class OutreachApiError extends RuntimeException {
        final HttpStatus status;
        final String id;
        final String title;
        final String pointer;

        public OutreachApiError(HttpStatus status, String id, String title, String detail, String pointer) {
            super(detail);
            this.status = status;
            this.id = id;
            this.title = title;
            this.pointer = pointer;
        }
    }

    private OutreachErrors() {
    }

    public static OutreachApiError validation(String detail, String pointer) {
        return new OutreachApiError(HttpStatus.UNPROCESSABLE_ENTITY, "validationError", "Validation Error", detail, pointer);
    }

    public static OutreachApiError notFound(String type, Object id) {
        return new OutreachApiError(HttpStatus.NOT_FOUND, "resourceNotFound", "Resource Not Found",
                "Could not find '" + type + "' with ID '" + id + "'.", null);
    }

    public static OutreachApiError badRequest(String detail) {
        return new OutreachApiError(HttpStatus.BAD_REQUEST, "badRequest", "Bad Request", detail, null);
    }

    static ObjectNode body(ObjectMapper json, String id, String title, String detail, String pointer) {
        ObjectNode error = json.createObjectNode().put("id", id).put("title", title).put("detail", detail);
        if (pointer != null) {
            error.putObject("source").put("pointer", pointer);
        }
        ObjectNode body = json.createObjectNode();
        body.putArray("errors").add(error);
        return body;
    }

    static ResponseEntity<ObjectNode> response(ObjectMapper json, OutreachApiError error) {
        return ResponseEntity.status(error.status).header("Content-Type", MEDIA_TYPE)
                .body(body(json, error.id, error.title, error.getMessage(), error.pointer));
    }

    static void write(HttpServletResponse response, ObjectMapper json, int status, String id, String title, String detail) throws IOException {
        response.setStatus(status);
        response.setContentType(MEDIA_TYPE);
        response.setCharacterEncoding("UTF-8");
        json.writeValue(response.getOutputStream(), body(json, id, title, detail, null));
    }
}

package io.signalbridge.sandbox.salesforce;

import java.util.List;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.springframework.http.HttpStatus;

/** Reads request bodies as Salesforce does, answering unreadable JSON with JSON_PARSER_ERROR. */
final class SalesforceRequestBodies {

    private SalesforceRequestBodies() {
    }

    static JsonNode parse(ObjectMapper json, String body) {
        if (body == null || body.isBlank()) {
            throw parserError("No content to map due to end-of-input");
        }
        try {
            return json.readTree(body);
        } catch (JsonProcessingException e) {
            throw parserError(e.getOriginalMessage());
        }
    }

    static SalesforceApiException parserError(String message) {
        return new SalesforceApiException(HttpStatus.BAD_REQUEST, "JSON_PARSER_ERROR", message, List.of());
    }
}

package io.signalbridge.sandbox.salesforce;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** Renders {@link SalesforceApiException} as Salesforce's error body. */
@RestControllerAdvice(basePackages = "io.signalbridge.sandbox.salesforce")
public class SalesforceErrorAdvice {

    @ExceptionHandler(SalesforceApiException.class)
    ResponseEntity<ArrayNode> salesforceError(SalesforceApiException e) {
        var body = JsonNodeFactory.instance.arrayNode();
        var error = body.addObject();
        error.put("message", e.getMessage());
        error.put("errorCode", e.errorCode());
        var fields = error.putArray("fields");
        e.fields().forEach(fields::add);
        return ResponseEntity.status(e.status()).contentType(MediaType.APPLICATION_JSON).body(body);
    }
}

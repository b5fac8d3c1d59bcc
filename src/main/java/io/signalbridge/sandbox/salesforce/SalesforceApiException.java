package io.signalbridge.sandbox.salesforce;

import java.util.List;

import org.springframework.http.HttpStatus;

/** An error the sandbox org answers with, rendered as Salesforce's {@code [{"message","errorCode","fields"}]}. */
public class SalesforceApiException extends RuntimeException {

    private final HttpStatus status;
    private final String errorCode;
    private final List<String> fields;

    public SalesforceApiException(HttpStatus status, String errorCode, String message, List<String> fields) {
        super(message);
        this.status = status;
        this.errorCode = errorCode;
        this.fields = fields == null ? List.of() : List.copyOf(fields);
    }

    public HttpStatus status() {
        return status;
    }

    public String errorCode() {
        return errorCode;
    }

    public List<String> fields() {
        return fields;
    }
}

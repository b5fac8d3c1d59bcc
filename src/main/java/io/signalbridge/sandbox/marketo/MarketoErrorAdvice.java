package io.signalbridge.sandbox.marketo;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.signalbridge.sandbox.ConditionalOnSandbox;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;

/** Turns failures of the sandbox Marketo REST controllers into Marketo's response-level errors (HTTP 200, success:false). */
@RestControllerAdvice(basePackageClasses = MarketoErrorAdvice.class)
@ConditionalOnSandbox
class MarketoErrorAdvice {

    private static final Logger log = LoggerFactory.getLogger(MarketoErrorAdvice.class);

    private final MarketoResponses responses;

    MarketoErrorAdvice(MarketoResponses responses) {
        this.responses = responses;
    }

    @ExceptionHandler(MarketoApiException.class)
    ObjectNode marketo(MarketoApiException e) {
        return responses.error(e.code(), e.getMessage());
    }

    @ExceptionHandler(MissingServletRequestParameterException.class)
    ObjectNode missing(MissingServletRequestParameterException e) {
        return responses.error("701", e.getParameterName() + " cannot be blank");
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ObjectNode mismatch(MethodArgumentTypeMismatchException e) {
        String type = e.getRequiredType() == null ? "value" : e.getRequiredType().getSimpleName().toLowerCase();
        return responses.error("1001", "Invalid value '" + e.getValue() + "'. Required of type '" + type + "'");
    }

    @ExceptionHandler(HttpMessageNotReadableException.class)
    ObjectNode invalidJson(HttpMessageNotReadableException e) {
        return responses.error("609", "Invalid JSON");
    }

    @ExceptionHandler(HttpMediaTypeNotSupportedException.class)
    ObjectNode contentType(HttpMediaTypeNotSupportedException e) {
        return responses.error("612", "Invalid Content Type");
    }

    @ExceptionHandler(HttpRequestMethodNotSupportedException.class)
    ObjectNode method(HttpRequestMethodNotSupportedException e) {
        return responses.error("605", "HTTP Method not supported");
    }

    @ExceptionHandler(RuntimeException.class)
    ObjectNode unexpected(RuntimeException e) {
        log.warn("Sandbox Marketo call failed", e);
        return responses.error("611", "System error");
    }
}

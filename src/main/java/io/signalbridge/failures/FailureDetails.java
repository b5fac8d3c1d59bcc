package io.signalbridge.failures;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Optional;

import org.apache.camel.component.salesforce.api.SalesforceException;
import org.apache.camel.http.base.HttpOperationFailedException;
import org.apache.camel.spi.HttpResponseAware;

/**
 * What an exception says about itself, looked for along its causes: the error code of the system that
 * refused (Salesforce errorCode, an HTTP status, or any exception implementing {@link Coded}) and how long
 * that system asked us to wait (Retry-After).
 */
public final class FailureDetails {

    /** An exception of ours that knows the remote system's error code (e.g. a Marketo code). */
    public interface Coded {
        String errorCode();
    }

    /** An exception of ours that carries the wait a remote system asked for. */
    public interface RetryAfter {
        Optional<Duration> retryAfter();
    }

    private FailureDetails() {
    }

    public static Optional<String> errorCode(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof Coded coded && coded.errorCode() != null) {
                return Optional.of(coded.errorCode());
            }
            if (t instanceof SalesforceException salesforce) {
                var errors = salesforce.getErrors();
                if (errors != null && !errors.isEmpty() && errors.get(0).getErrorCode() != null) {
                    return Optional.of(errors.get(0).getErrorCode());
                }
                if (salesforce.getStatusCode() > 0) {
                    return Optional.of(String.valueOf(salesforce.getStatusCode()));
                }
            }
            if (t instanceof HttpResponseAware http && http.getHttpResponseCode() > 0) {
                return Optional.of(String.valueOf(http.getHttpResponseCode()));
            }
        }
        return Optional.empty();
    }

    public static Optional<Duration> retryAfter(Throwable failure, Instant now) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof RetryAfter carrier && carrier.retryAfter().isPresent()) {
                return carrier.retryAfter();
            }
            if (t instanceof HttpOperationFailedException http) {
                Optional<Duration> asked = retryAfterHeader(http.getResponseHeaders(), now);
                if (asked.isPresent()) {
                    return asked;
                }
            }
        }
        return Optional.empty();
    }

    /** Retry-After is either a number of seconds or an HTTP date (RFC 9110 §10.2.3). */
    static Optional<Duration> retryAfterHeader(Map<String, String> headers, Instant now) {
        if (headers == null) {
            return Optional.empty();
        }
        return headers.entrySet().stream()
                .filter(header -> header.getKey().equalsIgnoreCase("Retry-After") && header.getValue() != null)
                .findFirst()
                .flatMap(header -> parseRetryAfter(header.getValue().trim(), now));
    }

    static Optional<Duration> parseRetryAfter(String value, Instant now) {
        try {
            return Optional.of(Duration.ofSeconds(Math.max(0, Long.parseLong(value))));
        } catch (NumberFormatException notSeconds) {
            try {
                Instant at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
                return Optional.of(at.isAfter(now) ? Duration.between(now, at) : Duration.ZERO);
            } catch (DateTimeParseException notADate) {
                return Optional.empty();
            }
        }
    }
}

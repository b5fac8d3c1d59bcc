package io.signalbridge.failures;

import java.io.IOException;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;

import org.apache.camel.component.salesforce.api.SalesforceException;

/**
 * Which errors count against an external system's circuit breaker (resilience4j
 * {@code record-failure-predicate}): the system's own faults, i.e. no answer (connection refused or reset,
 * timeout), a server error (HTTP 5xx) or an answer that is not what the API promises (malformed JSON).
 * A refusal of our request (bad query, expired session, spent allocation, a record's validation error) says
 * nothing about the system's health and does not open the breaker.
 */
public class SystemFaults implements Predicate<Throwable> {

    /** A call that returned, but with an answer its client calls a system fault (e.g. an HTTP 503 handled in place). */
    public static class FaultyAnswer extends RuntimeException {
        public FaultyAnswer(String system) {
            super(system + " answered with a server error");
        }
    }

    @Override
    public boolean test(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof FaultyAnswer) {
                return true;
            }
            if (t instanceof SalesforceException salesforce && salesforce.getStatusCode() > 0) {
                // the server answered: its fault only with a 5xx
                return salesforce.getStatusCode() >= 500;
            }
            // no answer (reset, refused, timed out) or one that is not JSON (Jackson's errors are IOExceptions)
            if (t instanceof IOException || t instanceof TimeoutException) {
                return true;
            }
        }
        return false;
    }
}

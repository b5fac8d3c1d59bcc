package io.signalbridge.salesforce;

import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.signalbridge.failures.ExternalSystemGuard;

import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.component.salesforce.SalesforceEndpointConfig;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Query pages through camel-salesforce (raw JSON payloads): the first page with queryAll, the next ones by
 * their {@code nextRecordsUrl}. Each call is one API call; the org's usage comes back with every page.
 */
@Component
public class SalesforceQueries {

    /** One page of a query result. */
    public record Page(JsonNode records, boolean done, String nextRecordsUrl, long totalSize, Optional<ApiUsage> usage) {
    }

    /** The circuit breaker, bulkhead and rate limiter of Salesforce calls are named so (resilience4j.*). */
    public static final String SYSTEM = "salesforce";

    private final ProducerTemplate camel;
    private final ObjectMapper json;
    private final ExternalSystemGuard guard;

    public SalesforceQueries(ProducerTemplate camel, ObjectMapper json) {
        this(camel, json, ExternalSystemGuard.unguarded());
    }

    @Autowired
    public SalesforceQueries(ProducerTemplate camel, ObjectMapper json, ExternalSystemGuard guard) {
        this.camel = camel;
        this.json = json;
        this.guard = guard;
    }

    public Page queryAll(String soql) {
        return call("salesforce:queryAll?rawPayload=true", soql);
    }

    public Page next(String nextRecordsUrl) {
        return call("salesforce:queryMore?rawPayload=true", nextRecordsUrl);
    }

    private Page call(String endpoint, String query) {
        return guard.call(SYSTEM, () -> unguardedCall(endpoint, query));
    }

    private Page unguardedCall(String endpoint, String query) {
        Exchange exchange = camel.request(endpoint, e -> e.getIn().setHeader(SalesforceEndpointConfig.SOBJECT_QUERY, query));
        if (exchange.getException() != null) {
            throw new SalesforceCallException("Salesforce query failed: " + exchange.getException().getMessage(), exchange.getException());
        }
        Optional<ApiUsage> usage = ApiUsage.parse(exchange.getMessage().getHeader("Sforce-Limit-Info"));
        JsonNode body;
        try {
            body = json.readTree(exchange.getMessage().getBody(String.class));
        } catch (Exception malformed) {
            throw new SalesforceCallException("Salesforce returned a query response that is not JSON", malformed);
        }
        if (body == null || !body.path("records").isArray()) {
            throw new SalesforceCallException("Salesforce returned a query response without records", null);
        }
        return new Page(body.path("records"), body.path("done").asBoolean(true),
                body.path("nextRecordsUrl").isTextual() ? body.path("nextRecordsUrl").asText() : null,
                body.path("totalSize").asLong(), usage);
    }

    /** A Salesforce call that failed or answered something unusable. */
    public static class SalesforceCallException extends RuntimeException {
        public SalesforceCallException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}

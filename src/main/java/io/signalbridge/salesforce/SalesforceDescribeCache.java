package io.signalbridge.salesforce;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.signalbridge.failures.ExternalSystemGuard;
import io.signalbridge.failures.ExternalSystemGuard.SystemPausedException;
import io.signalbridge.mapping.TargetSchema;
import io.signalbridge.mapping.TargetSchemaUnavailableException;

import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.component.salesforce.SalesforceEndpointConfig;
import org.apache.camel.component.salesforce.api.SalesforceException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Primary;
import org.springframework.stereotype.Component;

/**
 * Salesforce describe per object, read through camel-salesforce and kept for {@code describe-ttl}: every
 * describe is an API call, and mappings are validated far more often than an org's fields change. The call goes
 * through Salesforce's circuit breaker, bulkhead and rate limiter ({@link ExternalSystemGuard}); while the breaker
 * is open or the describe cannot be read, a describe read before is served past its ttl; without one, the
 * {@link TargetSchemaUnavailableException} says why (e.g. that calls to Salesforce are paused). The primary
 * schema: what a component that checks Salesforce fields (segment names) is given.
 */
@Primary
@Component
public class SalesforceDescribeCache implements TargetSchema {

    private record Described(Map<String, TargetField> fields, Instant readAt) {
    }

    private static final Logger log = LoggerFactory.getLogger(SalesforceDescribeCache.class);

    private final ProducerTemplate camel;
    private final ExternalSystemGuard guard;
    private final ObjectMapper json;
    private final Clock clock;
    private final Duration ttl;
    private final Map<String, Optional<Described>> objects = new ConcurrentHashMap<>();

    public SalesforceDescribeCache(ProducerTemplate camel, ExternalSystemGuard guard, ObjectMapper json, Clock clock,
                                   @Value("${signalbridge.salesforce.describe-ttl:24h}") Duration ttl) {
        this.camel = camel;
        this.guard = guard;
        this.json = json;
        this.clock = clock;
        this.ttl = ttl;
    }

    @Override
    public Optional<TargetField> field(String object, String fieldName) {
        return described(object).map(d -> d.fields().get(fieldName.toLowerCase(Locale.ROOT)));
    }

    /** Forgets what was read, so the next check reads the org again (after an admin adds a field). */
    public void evict() {
        objects.clear();
    }

    private Optional<Described> described(String object) {
        Optional<Described> cached = objects.get(object);
        if (cached != null && cached.map(d -> d.readAt().plus(ttl).isAfter(clock.instant())).orElse(true)) {
            return cached;
        }
        Optional<Described> fresh;
        try {
            fresh = guard.call(SalesforceQueries.SYSTEM, () -> read(object));
        } catch (SystemPausedException paused) {
            if (cached != null) {
                log.info("Salesforce describe of {}: {}; the describe read before is used", object, paused.getMessage());
                return cached;
            }
            throw new TargetSchemaUnavailableException("Salesforce describe of " + object + " unavailable: " + paused.getMessage(), paused);
        } catch (TargetSchemaUnavailableException unavailable) {
            if (cached != null) {
                log.warn("{}; the describe read before is used", unavailable.getMessage());
                return cached;
            }
            throw unavailable;
        }
        objects.put(object, fresh);
        return fresh;
    }

    private Optional<Described> read(String object) {
        Exchange exchange = camel.request("salesforce:getDescription?rawPayload=true",
                e -> e.getIn().setHeader(SalesforceEndpointConfig.SOBJECT_NAME, object));
        if (exchange.getException() != null) {
            if (exchange.getException() instanceof SalesforceException sf && sf.getStatusCode() == 404) {
                return Optional.empty();
            }
            throw new TargetSchemaUnavailableException("Salesforce describe of " + object + " unavailable: "
                    + exchange.getException().getMessage(), exchange.getException());
        }
        try {
            var fields = new HashMap<String, TargetField>();
            for (JsonNode field : json.readTree(exchange.getMessage().getBody(String.class)).path("fields")) {
                var picklist = new ArrayList<String>();
                field.path("picklistValues").forEach(v -> {
                    if (v.path("active").asBoolean(true)) {
                        picklist.add(v.path("value").asText());
                    }
                });
                fields.put(field.path("name").asText().toLowerCase(Locale.ROOT), new TargetField(field.path("name").asText(),
                        field.path("type").asText(), field.path("length").asInt(0), field.path("updateable").asBoolean(false), List.copyOf(picklist)));
            }
            return Optional.of(new Described(Map.copyOf(fields), clock.instant()));
        } catch (Exception malformed) {
            throw new TargetSchemaUnavailableException("Salesforce describe of " + object + " is not readable JSON", malformed);
        }
    }
}

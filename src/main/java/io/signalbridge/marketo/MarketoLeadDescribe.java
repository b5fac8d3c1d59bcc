package io.signalbridge.marketo;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.JsonNode;

import io.signalbridge.failures.ExternalSystemGuard.SystemPausedException;
import io.signalbridge.mapping.TargetSchema;
import io.signalbridge.mapping.TargetSchemaUnavailableException;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The lead fields of the Marketo instance ({@code GET /rest/v1/leads/describe.json}), what {@code system: marketo}
 * mappings are checked against: only object {@code Lead} exists. Field names are REST API names, matched exactly
 * (Marketo's are case-sensitive); {@code rest.readOnly} fields are not updateable. Marketo's data types are given in
 * the describe vocabulary the mapping checks use: integer and score as int, float as double, text as textarea,
 * the others (string, boolean, date, datetime, email, phone, url, currency, percent) as they are; reference and
 * other types match no score type. Kept for {@code describe-ttl}: each describe is a call against the daily quota.
 */
@Component
public class MarketoLeadDescribe implements TargetSchema {

    public static final String OBJECT = "Lead";
    private static final Map<String, String> TYPES = Map.of("integer", "int", "score", "int", "float", "double", "text", "textarea");

    private record Described(Map<String, TargetField> fields, Instant readAt) {
    }

    private final MarketoClient client;
    private final Clock clock;
    private final Duration ttl;
    private volatile Described described;

    public MarketoLeadDescribe(MarketoClient client, Clock clock, @Value("${signalbridge.marketo.describe-ttl:24h}") Duration ttl) {
        this.client = client;
        this.clock = clock;
        this.ttl = ttl;
    }

    @Override
    public String system() {
        return MarketoClient.SYSTEM;
    }

    @Override
    public Optional<TargetField> field(String object, String fieldName) {
        if (!OBJECT.equals(object)) {
            return Optional.empty();
        }
        return Optional.ofNullable(fields().get(fieldName));
    }

    /** Forgets what was read, so the next check reads the instance again (after an admin adds a field). */
    public void evict() {
        described = null;
    }

    private Map<String, TargetField> fields() {
        Described current = described;
        if (current != null && current.readAt().plus(ttl).isAfter(clock.instant())) {
            return current.fields();
        }
        JsonNode result;
        try {
            result = client.get("/v1/leads/describe.json", Map.of(), new AtomicInteger()).path("result");
        } catch (MarketoApiException | MarketoQuotaExceededException | SystemPausedException e) {
            throw new TargetSchemaUnavailableException("Marketo lead describe unavailable: " + e.getMessage(), e);
        }
        var fields = new HashMap<String, TargetField>();
        for (JsonNode field : result) {
            String name = field.path("rest").path("name").asText(null);
            if (name == null) {
                continue;
            }
            String type = field.path("dataType").asText("");
            fields.put(name, new TargetField(name, TYPES.getOrDefault(type, type), field.path("length").asInt(0),
                    !field.path("rest").path("readOnly").asBoolean(false), List.of()));
        }
        if (fields.isEmpty()) {
            throw new TargetSchemaUnavailableException("Marketo answered the lead describe without fields", null);
        }
        described = new Described(Map.copyOf(fields), clock.instant());
        return described.fields();
    }
}

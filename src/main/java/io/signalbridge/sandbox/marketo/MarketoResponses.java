package io.signalbridge.sandbox.marketo;

import java.time.Clock;
import java.util.Collection;
import java.util.concurrent.ThreadLocalRandom;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Builds the REST envelopes of the sandbox Marketo instance: {@code requestId}, {@code success}, {@code result}, {@code errors}. */
public class MarketoResponses {

    private final ObjectMapper json;
    private final Clock clock;

    public MarketoResponses(ObjectMapper json, Clock clock) {
        this.json = json;
        this.clock = clock;
    }

    /** A request id shaped like the real ones, e.g. {@code e42b#14272d07d78}: a random node part and the time in hex. */
    public String requestId() {
        return Integer.toHexString(ThreadLocalRandom.current().nextInt(0x100, 0x20000)) + "#" + Long.toHexString(clock.millis());
    }

    public ObjectNode success() {
        ObjectNode body = json.createObjectNode();
        body.put("requestId", requestId());
        body.put("success", true);
        return body;
    }

    /** A successful envelope with the given records as {@code result} (present even when empty). */
    public ObjectNode success(Collection<? extends JsonNode> records) {
        ObjectNode body = success();
        body.putArray("result").addAll(records);
        return body;
    }

    public ObjectNode error(String code, String message) {
        ObjectNode body = json.createObjectNode();
        body.put("requestId", requestId());
        body.put("success", false);
        ArrayNode errors = body.putArray("errors");
        errors.addObject().put("code", code).put("message", message);
        return body;
    }

    public ObjectNode object() {
        return json.createObjectNode();
    }

    /** A record-level outcome, e.g. {@code {"id":7150,"status":"skipped","reasons":[{"code":"1015","message":"Lead not in list"}]}}. */
    public ObjectNode status(Long id, String status) {
        ObjectNode record = json.createObjectNode();
        if (id != null) {
            record.put("id", id);
        }
        record.put("status", status);
        return record;
    }

    public ObjectNode skipped(Long id, String code, String message) {
        ObjectNode record = status(id, "skipped");
        record.putArray("reasons").addObject().put("code", code).put("message", message);
        return record;
    }
}

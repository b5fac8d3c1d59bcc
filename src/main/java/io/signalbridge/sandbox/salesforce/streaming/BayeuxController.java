package io.signalbridge.sandbox.salesforce.streaming;

import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.util.RawValue;

import io.signalbridge.sandbox.ConditionalOnSandbox;
import io.signalbridge.sandbox.SandboxProperties;
import io.signalbridge.sandbox.SandboxTokenStore;
import io.signalbridge.sandbox.SandboxTokenStore.Org;
import io.signalbridge.sandbox.salesforce.SalesforceApiInterceptor;
import io.signalbridge.sandbox.salesforce.streaming.ChangeEventChannels.Channel;
import io.signalbridge.sandbox.salesforce.streaming.CometdClients.Client;
import io.signalbridge.sandbox.salesforce.streaming.CometdClients.Subscription;

import jakarta.servlet.http.HttpServletResponse;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * The sandbox org's Streaming API: Bayeux 1.0 over HTTP long polling at {@code /cometd/<version>} of the instance, as
 * Salesforce serves it to CometD clients (camel-salesforce, jsforce's Faye, EMP Connector). Handshake, connect,
 * subscribe, unsubscribe and disconnect on the {@code /meta/*} channels, with Salesforce's errors and advice; the
 * replay extension ({@code ext.replay: {channel: replayId}}) on the handshake or the subscribe. A connect holds the
 * request (a servlet thread) until events arrive or {@code timeout} passes. All state is in the database: any node
 * answers any request of a client.
 */
@RestController
@ConditionalOnSandbox
public class BayeuxController implements SmartLifecycle {

    static final String PATH = "/sandbox/salesforce/cometd/{version:\\d+\\.\\d+}";
    static final String INVALID_REPLAY = "400::The replayId {%d} you provided was invalid.  Please provide a valid ID, -2 to replay all events,"
            + " or -1 to replay only new events.";

    private static final Logger logger = LoggerFactory.getLogger(BayeuxController.class);

    private final CometdClients clients;
    private final ChangeEventLog log;
    private final SandboxTokenStore tokens;
    private final SandboxProperties.Streaming settings;
    private final ObjectMapper json;
    private final Clock clock;
    private final StreamingFaults faults;
    private volatile boolean running;

    public BayeuxController(CometdClients clients, ChangeEventLog log, SandboxTokenStore tokens, SandboxProperties properties,
            ObjectMapper json, Clock clock, StreamingFaults faults) {
        this.faults = faults;
        this.clients = clients;
        this.log = log;
        this.tokens = tokens;
        this.settings = properties.salesforce().streaming();
        this.json = json;
        this.clock = clock;
    }

    /** CometD's Java client appends the message type to the URL ({@code .../handshake}); Faye posts to the URL itself. */
    @PostMapping(path = {PATH, PATH + "/{type}"}, produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<ArrayNode> bayeux(@RequestBody(required = false) String body,
            @RequestHeader(name = "Authorization", required = false) String authorization, HttpServletResponse response)
            throws InterruptedException, IOException {
        List<JsonNode> messages = parse(body);
        if (messages == null) {
            return ResponseEntity.badRequest().body(json.createArrayNode());
        }
        boolean authenticated = authenticated(authorization);
        ArrayNode replies = json.createArrayNode();
        JsonNode connect = null;
        for (JsonNode message : messages) {
            String channel = message.path("channel").asText("");
            if (channel.equals("/meta/connect")) {
                connect = message;
            } else if (channel.equals("/meta/handshake")) {
                replies.add(authenticated ? handshake(message) : handshakeDenied(message));
            } else if (!authenticated) {
                replies.add(failure(message, "401::Authentication invalid").set("advice", advice("handshake")));
            } else {
                replies.add(switch (channel) {
                    case "/meta/subscribe" -> subscribe(message);
                    case "/meta/unsubscribe" -> unsubscribe(message);
                    case "/meta/disconnect" -> disconnect(message);
                    default -> failure(message, "403::Publish denied");
                });
            }
        }
        if (connect != null) {
            if (!authenticated) {
                replies.add(failure(connect, "401::Authentication invalid").set("advice", advice("handshake")));
            } else if (connect(connect, messages.size() == 1, replies) > 0 && faults.takeCut()) {
                cutOff(replies, response);
                return null;
            }
        }
        return ResponseEntity.ok(replies);
    }

    /**
     * The fault {@link StreamingFaults#cutNextDelivery()}: the sessions end and the connection closes after half of the
     * response (its Content-Length promises all of it), as when the server serving the connect goes down.
     */
    private void cutOff(ArrayNode replies, HttpServletResponse response) throws IOException {
        faults.endSessions();
        byte[] whole = json.writeValueAsBytes(replies);
        response.setContentType(MediaType.APPLICATION_JSON_VALUE);
        response.setContentLength(whole.length);
        response.getOutputStream().write(whole, 0, whole.length / 2);
        response.flushBuffer();
        logger.info("Streaming fault: a connect carrying events was cut off after {} of {} bytes", whole.length / 2, whole.length);
        throw new IOException("connection cut off by the sandbox's streaming fault");
    }

    private ObjectNode handshake(JsonNode message) {
        Instant now = clock.instant();
        clients.expire(now.minus(settings.timeout()).minus(settings.maxInterval()));
        JsonNode replay = message.path("ext").path("replay");
        String clientId = clients.create(now, replay.isObject() ? replay.toString() : null);
        ObjectNode reply = reply(message, clientId);
        reply.put("successful", true);
        reply.put("version", "1.0");
        reply.put("minimumVersion", "1.0");
        reply.putArray("supportedConnectionTypes").add("long-polling");
        reply.set("advice", advice("retry"));
        reply.putObject("ext").put("replay", true).put("payload.format", true);
        return reply;
    }

    /** As Salesforce answers a handshake without a valid session: denied, the reason in ext.sfdc.failureReason. */
    private ObjectNode handshakeDenied(JsonNode message) {
        ObjectNode reply = failure(message, "403::Handshake denied");
        reply.putObject("ext").putObject("sfdc").put("failureReason", "401::Authentication invalid");
        reply.putObject("advice").put("reconnect", "none");
        return reply;
    }

    private ObjectNode subscribe(JsonNode message) {
        Optional<Client> client = client(message);
        if (client.isEmpty()) {
            return unknownClient(message);
        }
        String name = message.path("subscription").asText(null);
        Optional<Channel> channel = ChangeEventChannels.parse(name);
        if (channel.isEmpty()) {
            return withSubscription(failure(message, "400::The channel you requested to subscribe to does not exist {" + name + "}"), name);
        }
        long replayId = replayId(message.path("ext").path("replay"), client.get().replay(), name);
        long position;
        if (replayId == -1) {
            position = log.latestReplayId();
        } else if (replayId == -2) {
            position = 0;
        } else if (log.retained(replayId, clock.instant().minus(settings.retention()))) {
            position = replayId;
        } else {
            return withSubscription(failure(message, INVALID_REPLAY.formatted(replayId)), name);
        }
        clients.subscribe(client.get().clientId(), name, position);
        logger.debug("Client {} subscribed to {} with replay id {} (after {})", client.get().clientId(), name, replayId, position);
        ObjectNode reply = reply(message, client.get().clientId());
        reply.put("successful", true);
        return withSubscription(reply, name);
    }

    /** The replay id asked for: the subscribe's replay extension, else the handshake's, else -1 (new events only). */
    private long replayId(JsonNode subscribeReplay, String handshakeReplay, String channel) {
        JsonNode value = subscribeReplay.path(channel);
        if (value.isMissingNode() && handshakeReplay != null) {
            try {
                value = json.readTree(handshakeReplay).path(channel);
            } catch (JsonProcessingException e) {
                value = subscribeReplay.path(channel);
            }
        }
        if (value.isNumber()) {
            return value.asLong();
        }
        if (value.isTextual()) {
            try {
                return Long.parseLong(value.asText().trim());
            } catch (NumberFormatException e) {
                return Long.MIN_VALUE;
            }
        }
        return -1;
    }

    private ObjectNode unsubscribe(JsonNode message) {
        Optional<Client> client = client(message);
        if (client.isEmpty()) {
            return unknownClient(message);
        }
        String name = message.path("subscription").asText(null);
        clients.unsubscribe(client.get().clientId(), name);
        ObjectNode reply = reply(message, client.get().clientId());
        reply.put("successful", true);
        return withSubscription(reply, name);
    }

    private ObjectNode disconnect(JsonNode message) {
        Optional<Client> client = client(message);
        if (client.isEmpty()) {
            return unknownClient(message);
        }
        clients.remove(client.get().clientId());
        ObjectNode reply = reply(message, client.get().clientId());
        reply.put("successful", true);
        return reply;
    }

    /**
     * The first connect after a handshake answers at once (as CometD servers do); later ones wait for events, up to the
     * timeout (or the client's shorter advice.timeout), unless other messages came in the same request.
     */
    /** Returns the number of events delivered. */
    private int connect(JsonNode message, boolean alone, ArrayNode replies) throws InterruptedException {
        Optional<Client> client = client(message);
        if (client.isEmpty()) {
            replies.add(unknownClient(message));
            return 0;
        }
        String clientId = client.get().clientId();
        Instant now = clock.instant();
        clients.touch(clientId, now);
        long timeout = settings.timeout().toMillis();
        JsonNode asked = message.path("advice").path("timeout");
        if (asked.isNumber()) {
            timeout = Math.min(timeout, asked.asLong());
        }
        boolean wait = alone && client.get().connected() && running;
        long deadline = System.nanoTime() + timeout * 1_000_000;
        int delivered;
        while (true) {
            delivered = deliver(clientId, replies);
            long left = (deadline - System.nanoTime()) / 1_000_000;
            if (delivered > 0 || !wait || left <= 0 || !running) {
                break;
            }
            log.awaitAppend(Math.min(left, settings.pollInterval().toMillis()));
            if (client(message).isEmpty()) {
                // the server ended the session meanwhile: it answers the held connect at once
                replies.add(unknownClient(message));
                return 0;
            }
        }
        clients.touch(clientId, clock.instant());
        ObjectNode reply = reply(message, clientId);
        reply.put("successful", true);
        reply.set("advice", advice("retry"));
        replies.add(reply);
        return delivered;
    }

    /** Adds the retained events after each subscription's position to the replies and moves the positions on. */
    private int deliver(String clientId, ArrayNode replies) {
        Instant cutoff = clock.instant().minus(settings.retention());
        int count = 0;
        for (Subscription subscription : clients.subscriptions(clientId)) {
            Channel channel = ChangeEventChannels.parse(subscription.channel()).orElseThrow();
            var events = log.after(subscription.position(), channel.entityName(), cutoff, settings.maxEventsPerConnect());
            for (var event : events) {
                ObjectNode message = replies.addObject();
                ObjectNode data = message.putObject("data");
                data.put("schema", schemaId(event.entityName()));
                data.putRawValue("payload", new RawValue(event.payload()));
                data.putObject("event").put("replayId", event.replayId());
                message.put("channel", subscription.channel());
            }
            if (!events.isEmpty()) {
                clients.advance(clientId, subscription.channel(), events.get(events.size() - 1).replayId());
                count += events.size();
            }
        }
        return count;
    }

    /** A stable schema id per entity, of the shape Salesforce's have (22 URL-safe characters). */
    static String schemaId(String entityName) {
        var digest = Integer.toHexString(entityName.hashCode()) + Integer.toHexString(("ChangeEvent" + entityName).hashCode());
        return (digest + "AAAAAAAAAAAAAAAAAAAAAA").substring(0, 22);
    }

    private Optional<Client> client(JsonNode message) {
        Instant now = clock.instant();
        return clients.find(message.path("clientId").asText(null), now.minus(settings.timeout()).minus(settings.maxInterval()));
    }

    private boolean authenticated(String authorization) {
        var token = tokens.find(Org.SALESFORCE, SalesforceApiInterceptor.bearerToken(authorization));
        return token.isPresent() && !token.get().expiredAt(clock.instant());
    }

    private ObjectNode unknownClient(JsonNode message) {
        ObjectNode reply = failure(message, "403::Unknown client");
        reply.set("advice", advice("handshake"));
        return reply;
    }

    private ObjectNode failure(JsonNode message, String error) {
        ObjectNode reply = reply(message, message.path("clientId").asText(null));
        reply.put("successful", false);
        reply.put("error", error);
        return reply;
    }

    private ObjectNode reply(JsonNode message, String clientId) {
        ObjectNode reply = json.createObjectNode();
        reply.put("channel", message.path("channel").asText(null));
        if (message.has("id")) {
            reply.set("id", message.get("id"));
        }
        if (clientId != null) {
            reply.put("clientId", clientId);
        }
        return reply;
    }

    private static ObjectNode withSubscription(ObjectNode reply, String subscription) {
        reply.put("subscription", subscription);
        return reply;
    }

    private ObjectNode advice(String reconnect) {
        ObjectNode advice = json.createObjectNode();
        advice.put("reconnect", reconnect);
        advice.put("interval", 0);
        if (reconnect.equals("retry")) {
            advice.put("timeout", settings.timeout().toMillis());
        }
        return advice;
    }

    private List<JsonNode> parse(String body) {
        if (body == null || body.isBlank()) {
            return null;
        }
        try {
            JsonNode root = json.readTree(body);
            var messages = new ArrayList<JsonNode>();
            if (root.isArray()) {
                root.forEach(messages::add);
            } else if (root.isObject()) {
                messages.add(root);
            }
            return messages.isEmpty() || !messages.stream().allMatch(JsonNode::isObject) ? null : messages;
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    /** Running from start-up; stops before the web server's graceful shutdown so that no connect holds it up. */
    @Override
    public void start() {
        running = true;
    }

    @Override
    public void stop() {
        running = false;
        log.wakeAll();
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}

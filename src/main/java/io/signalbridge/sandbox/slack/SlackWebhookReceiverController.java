package io.signalbridge.sandbox.slack;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.signalbridge.sandbox.ConditionalOnSandbox;
import io.signalbridge.sandbox.slack.SlackReceiverStore.ReceivedMessage;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * A Slack incoming webhook per sandbox team, {@code POST /sandbox/slack/webhooks/{team}}, answering as Slack does, in
 * text bodies: 200 {@code ok}; 404 {@code no_service} for a team without a webhook; 400 {@code invalid_payload} for a
 * body that is not a JSON object; 400 {@code no_text} without {@code text} or {@code blocks}; 429 {@code rate_limited}
 * with {@code Retry-After: 1} for a message less than a second after the webhook's previous one. What it accepted is
 * kept and read back with {@code GET /sandbox/slack/webhooks/{team}/messages} (tests and the demo).
 */
@RestController
@ConditionalOnSandbox
@RequestMapping("/sandbox/slack/webhooks")
public class SlackWebhookReceiverController {

    private final SlackReceiverStore store;
    private final SandboxSlackProperties settings;
    private final ObjectMapper json;
    private final Clock clock;

    public SlackWebhookReceiverController(SlackReceiverStore store, SandboxSlackProperties settings, ObjectMapper json, Clock clock) {
        this.store = store;
        this.settings = settings;
        this.json = json;
        this.clock = clock;
    }

    @PostMapping(path = "/{team}", produces = MediaType.TEXT_PLAIN_VALUE)
    public synchronized ResponseEntity<String> post(@PathVariable String team, @RequestBody(required = false) String body) {
        if (!settings.teams().contains(team)) {
            return answer(404, "no_service");
        }
        JsonNode message;
        try {
            message = body == null ? null : json.readTree(body);
        } catch (Exception notJson) {
            message = null;
        }
        if (message == null || !message.isObject()) {
            return answer(400, "invalid_payload");
        }
        boolean hasText = message.path("text").isTextual() && !message.path("text").asText().isBlank();
        boolean hasBlocks = message.path("blocks").isArray() && !message.path("blocks").isEmpty();
        if (!hasText && !hasBlocks) {
            return answer(400, "no_text");
        }
        Instant now = clock.instant();
        var last = store.lastReceived(team);
        if (last.isPresent() && Duration.between(last.get(), now).compareTo(settings.rateLimit()) < 0) {
            return ResponseEntity.status(429).header(HttpHeaders.RETRY_AFTER, Long.toString(Math.max(1, settings.rateLimit().toSeconds())))
                    .contentType(MediaType.TEXT_PLAIN).body("rate_limited");
        }
        store.save(team, hasText ? message.path("text").asText() : null, body, now);
        return answer(200, "ok");
    }

    @GetMapping(path = "/{team}/messages", produces = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<List<ReceivedMessage>> messages(@PathVariable String team) {
        if (!settings.teams().contains(team)) {
            return ResponseEntity.notFound().build();
        }
        return ResponseEntity.ok(store.messages(team));
    }

    private static ResponseEntity<String> answer(int status, String text) {
        return ResponseEntity.status(status).contentType(MediaType.TEXT_PLAIN).body(text);
    }
}

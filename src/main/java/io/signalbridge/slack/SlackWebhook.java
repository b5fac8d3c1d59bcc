package io.signalbridge.slack;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.signalbridge.failures.ExternalSystemGuard;
import io.signalbridge.failures.ExternalSystemGuard.SystemPausedException;
import io.signalbridge.failures.FailedExchangeRecorder;
import io.signalbridge.slack.SlackMessageStore.SlackMessage;
import io.signalbridge.slack.SlackMessageStore.Status;

import org.apache.camel.Exchange;
import org.apache.camel.ExchangePropertyKey;
import org.apache.camel.ProducerTemplate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The step of route {@code slack-send} (routes/slack.yaml): posts one delivery (a message, or a digest of several) to
 * its team's incoming webhook over camel-http, through the {@code slack} circuit breaker, never sooner than the
 * webhook's next allowed post (the pace, or Slack's Retry-After). Slack's answer decides:
 * <ul>
 *   <li>200: the messages are SENT;</li>
 *   <li>429: the webhook waits its Retry-After; a delivery run puts the messages back in the queue, a replay fails the
 *       attempt with the wait (the error policy waits it out);</li>
 *   <li>5xx, no answer, a timeout: the attempt fails, so the error policy retries it and then keeps it in the
 *       failed-exchange store;</li>
 *   <li>another 4xx (404 {@code no_service}, 410 {@code channel_is_archived}, 403 {@code action_prohibited}, ...): no
 *       retry would change it; kept at once in the failed-exchange store, the messages FAILED.</li>
 * </ul>
 * The webhook URL travels in a header of the HTTP call only: never in an endpoint URI, a log line or a stored failure.
 */
@Component("slackWebhook")
public class SlackWebhook {

    public static final String SYSTEM = "slack";
    /** Headers of the slack-send exchange: the team, and the ids of the messages of the delivery ("12" or "12,13,14"). */
    public static final String TEAM = "slackTeam";
    public static final String MESSAGES = "slackMessages";
    /** The camel-http component of Slack (its own timeouts, {@link SlackConfiguration}); the URL is set per call. */
    static final String ENDPOINT = SlackConfiguration.HTTP_COMPONENT + "://slack-webhook?throwExceptionOnFailure=false";
    private static final Pattern SLACK_ERROR = Pattern.compile("[a-z][a-z_]{1,60}");
    private static final int MAX_LINE = 500;
    private static final Logger log = LoggerFactory.getLogger(SlackWebhook.class);

    /** How a delivery went, as the body of the slack-send exchange. */
    public enum Outcome { SENT, RATE_LIMITED, PAUSED, REFUSED }

    private record Answer(int status, String body, String retryAfter) {
    }

    private final SlackProperties settings;
    private final SlackMessageStore store;
    private final ProducerTemplate camel;
    private final ObjectMapper json;
    private final ExternalSystemGuard guard;
    private final FailedExchangeRecorder failures;
    private final MeterRegistry meters;
    private final Clock clock;

    public SlackWebhook(SlackProperties settings, SlackMessageStore store, ProducerTemplate camel, ObjectMapper json, ExternalSystemGuard guard,
                        FailedExchangeRecorder failures, MeterRegistry meters, Clock clock) {
        this.settings = settings;
        this.store = store;
        this.camel = camel;
        this.json = json;
        this.guard = guard;
        this.failures = failures;
        this.meters = meters;
        this.clock = clock;
    }

    /** The ids of a delivery, as the {@value #MESSAGES} header carries them. */
    static String ids(List<Long> ids) {
        return ids.stream().map(String::valueOf).collect(Collectors.joining(","));
    }

    public Outcome send(Exchange exchange) throws InterruptedException {
        String team = exchange.getMessage().getHeader(TEAM, String.class);
        List<Long> ids = Arrays.stream(exchange.getMessage().getHeader(MESSAGES, "", String.class).split(","))
                .map(String::trim).filter(id -> !id.isEmpty()).map(Long::valueOf).toList();
        boolean replay = exchange.getMessage().getHeader(FailedExchangeRecorder.REPLAY_OF) != null;
        List<SlackMessage> messages = store.findAll(ids);
        if (messages.isEmpty() || replay && messages.stream().allMatch(m -> m.status() == Status.SENT)) {
            return Outcome.SENT; // nothing left to send: a replay of a delivery that went out since
        }
        String url = settings.webhooks().get(team);
        if (url == null) {
            return refused(exchange, ids, new SlackWebhookException("no webhook is configured for team " + team
                    + " (signalbridge.slack.webhooks)", 0, "no_webhook_configured", null));
        }
        String body = payload(messages.size() == 1 ? messages.get(0).text() : digest(team, messages));
        waitTurn(team);
        store.countAttempt(ids);
        Answer answer;
        try {
            answer = guard.call(SYSTEM, () -> post(url, body), a -> a.status() >= 500);
        } catch (SystemPausedException paused) {
            if (!replay) {
                return Outcome.PAUSED;
            }
            throw paused;
        }
        Instant answered = clock.instant();
        Counter.builder("signalbridge.slack.webhook.calls").description("Calls of the Slack incoming webhooks, by team and HTTP status")
                .tag("team", team).tag("status", String.valueOf(answer.status())).register(meters).increment();
        if (answer.status() >= 200 && answer.status() < 300) {
            store.setNextPostAt(team, answered.plus(settings.pace()));
            store.markSent(ids);
            return Outcome.SENT;
        }
        String slackError = slackError(answer.body());
        if (answer.status() == 429) {
            Duration wait = retryAfter(answer.retryAfter());
            store.setNextPostAt(team, answered.plus(wait));
            log.info("Slack rate-limited the webhook of team {}: its next message in {}", team, wait);
            if (!replay) {
                return Outcome.RATE_LIMITED;
            }
            throw new SlackWebhookException("Slack rate-limited the webhook of team " + team + " (HTTP 429 " + slackError + ")", 429,
                    slackError, wait);
        }
        store.setNextPostAt(team, answered.plus(settings.pace()));
        var failure = new SlackWebhookException(describe(team, ids, answer, slackError), answer.status(), slackError, null);
        if (failure.isFinal()) {
            return refused(exchange, ids, failure);
        }
        throw failure;
    }

    private Outcome refused(Exchange exchange, List<Long> ids, SlackWebhookException refusal) {
        log.warn("Slack refused {}: kept in the failed-exchange store", refusal.getMessage());
        exchange.setProperty(ExchangePropertyKey.EXCEPTION_CAUGHT, refusal);
        exchange.setProperty(ExchangePropertyKey.FAILURE_ENDPOINT, "slack-webhook:" + exchange.getMessage().getHeader(TEAM, String.class));
        try {
            failures.record(exchange);
        } finally {
            exchange.removeProperty(ExchangePropertyKey.EXCEPTION_CAUGHT.getName());
        }
        store.markFailed(ids, exchange.getProperty(FailedExchangeRecorder.RECORDED_AS, Long.class));
        return Outcome.REFUSED;
    }

    private void waitTurn(String team) throws InterruptedException {
        Duration wait = Duration.between(clock.instant(), store.nextPostAt(team));
        if (wait.compareTo(settings.runBudget()) > 0) {
            // a long Retry-After met by a replay: not waited out in the caller's thread (the error policy waits up to its ceiling)
            throw new SlackWebhookException("the webhook of team " + team + " is rate-limited for " + wait.toSeconds() + " s more", 429,
                    "rate_limited", wait);
        }
        if (!wait.isNegative() && !wait.isZero()) {
            Thread.sleep(wait.toMillis() + 1);
        }
    }

    private Answer post(String url, String body) {
        Exchange answer = camel.request(ENDPOINT, e -> {
            e.getIn().setHeader(Exchange.HTTP_URI, url);
            e.getIn().setHeader(Exchange.HTTP_METHOD, "POST");
            e.getIn().setHeader(Exchange.CONTENT_TYPE, "application/json; charset=utf-8");
            e.getIn().setBody(body);
        });
        if (answer.getException() != null) {
            // only the kind of error: the exception's message may name the URL
            log.info("Slack webhook not reached: {}", answer.getException().getClass().getSimpleName());
            return new Answer(SlackWebhookException.NO_ANSWER, answer.getException().getClass().getSimpleName(), null);
        }
        Integer status = answer.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE, Integer.class);
        return new Answer(status == null ? 0 : status, answer.getMessage().getBody(String.class),
                answer.getMessage().getHeader("Retry-After", String.class));
    }

    private Duration retryAfter(String header) {
        if (header != null && header.trim().matches("\\d{1,6}")) {
            return Duration.ofSeconds(Math.max(1, Long.parseLong(header.trim())));
        }
        return settings.pace();
    }

    private String payload(String text) {
        try {
            return json.writeValueAsString(Map.of("text", text));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** One message listing many: a headline, then each message on a line of its own. */
    static String digest(String team, List<SlackMessage> messages) {
        var text = new StringBuilder(":bell: *" + messages.size() + " alerts for " + team + "* (many at once, so in one message)");
        for (SlackMessage message : messages) {
            String line = message.text().replaceAll("\\s*\\R\\s*", " ").strip();
            text.append("\n• ").append(line.length() > MAX_LINE ? line.substring(0, MAX_LINE - 1) + "…" : line);
        }
        return text.toString();
    }

    private static String slackError(String body) {
        String error = body == null ? "" : body.strip();
        return SLACK_ERROR.matcher(error).matches() ? error : null;
    }

    private static String describe(String team, List<Long> ids, Answer answer, String slackError) {
        String what = (ids.size() == 1 ? "message " + ids.get(0) : "digest of messages " + ids(ids)) + " to team " + team;
        if (answer.status() == SlackWebhookException.NO_ANSWER) {
            return what + ": no answer from Slack (" + answer.body() + ")";
        }
        return what + ": HTTP " + answer.status() + (slackError == null ? "" : " " + slackError);
    }
}

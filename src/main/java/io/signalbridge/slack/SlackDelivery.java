package io.signalbridge.slack;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.signalbridge.cluster.JobLeases;
import io.signalbridge.cluster.JobLeases.JobLease;
import io.signalbridge.failures.ExternalSystemGuard;
import io.signalbridge.failures.FailedExchangeRecorder;
import io.signalbridge.slack.SlackMessageStore.SlackMessage;
import io.signalbridge.slack.SlackWebhook.Outcome;

import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The step of route {@code slack-delivery}: sends what the outbox holds. A team's messages are sent by the one node
 * that holds the team's lease ({@code slack-webhook-<team>}, {@link JobLeases}), so each message goes out once and the
 * pace of a webhook holds across the nodes; the rows are claimed besides (PENDING to SENDING, one conditional update
 * each). The teams take turns: each round sends one delivery to every team whose webhook may be posted to now, and a
 * team waiting out a Retry-After holds up no other. A run stops when nothing is left to send, when the {@code slack}
 * circuit breaker is open, or after {@code signalbridge.slack.run-budget}.
 */
@Component("slackDelivery")
public class SlackDelivery {

    /** The route each delivery goes through (and a replay comes back to). */
    public static final String SEND_URI = "direct:slack-send";
    private static final Logger log = LoggerFactory.getLogger(SlackDelivery.class);

    private final SlackProperties settings;
    private final SlackMessageStore store;
    private final JobLeases leases;
    private final ExternalSystemGuard guard;
    private final ProducerTemplate camel;
    private final Clock clock;

    public SlackDelivery(SlackProperties settings, SlackMessageStore store, JobLeases leases, ExternalSystemGuard guard, ProducerTemplate camel,
                         Clock clock) {
        this.settings = settings;
        this.store = store;
        this.leases = leases;
        this.guard = guard;
        this.camel = camel;
        this.clock = clock;
    }

    static String lease(String team) {
        return "slack-webhook-" + team;
    }

    /** Delivers until nothing is due; returns how many deliveries (messages or digests) were sent. */
    public int deliverDue() throws InterruptedException {
        if (guard.pausedUntil(SlackWebhook.SYSTEM).isPresent()) {
            return 0;
        }
        Instant deadline = clock.instant().plus(settings.runBudget());
        Map<String, JobLease> held = new LinkedHashMap<>();
        int sent = 0;
        try {
            for (String team : store.teamsWithPending()) {
                if (!settings.webhooks().containsKey(team)) {
                    log.warn("Slack messages are waiting for team {}, which has no webhook any more (signalbridge.slack.webhooks)", team);
                    continue;
                }
                leases.tryAcquire(lease(team)).ifPresent(lease -> {
                    held.put(team, lease);
                    int interrupted = store.releaseInterrupted(team);
                    if (interrupted > 0) {
                        log.warn("{} Slack message(s) of team {} were being sent by a node that stopped; they are sent again", interrupted, team);
                    }
                });
            }
            while (!held.isEmpty() && clock.instant().isBefore(deadline)) {
                Instant earliest = null;
                for (var team : List.copyOf(held.keySet())) {
                    Instant next = store.nextPostAt(team);
                    if (next.isAfter(deadline)) {
                        held.remove(team).close(); // a long Retry-After: the run after it sends
                        continue;
                    }
                    if (next.isAfter(clock.instant())) {
                        earliest = earliest == null || next.isBefore(earliest) ? next : earliest;
                        continue;
                    }
                    List<SlackMessage> delivery = store.claimNext(team, settings.digestThreshold(),
                            clock.instant().minus(settings.digestWindow()), settings.digestMaxItems());
                    if (delivery.isEmpty()) {
                        held.remove(team).close();
                        continue;
                    }
                    Outcome outcome = send(team, delivery);
                    if (outcome == Outcome.SENT) {
                        sent++;
                    } else if (outcome == Outcome.PAUSED) {
                        return sent;
                    }
                    earliest = clock.instant();
                }
                if (earliest != null) {
                    Duration wait = Duration.between(clock.instant(), earliest);
                    if (!wait.isNegative()) {
                        Thread.sleep(wait.toMillis() + 1);
                    }
                }
            }
            return sent;
        } finally {
            held.values().forEach(JobLease::close);
        }
    }

    private Outcome send(String team, List<SlackMessage> delivery) {
        List<Long> ids = delivery.stream().map(SlackMessage::id).toList();
        Exchange result = camel.send(SEND_URI, exchange -> {
            exchange.getIn().setHeader(SlackWebhook.TEAM, team);
            exchange.getIn().setHeader(SlackWebhook.MESSAGES, SlackWebhook.ids(ids));
            exchange.getIn().setBody("{\"team\":\"" + team.replace("\"", "") + "\",\"messages\":[" + SlackWebhook.ids(ids) + "]}");
        });
        Long failure = result.getProperty(FailedExchangeRecorder.RECORDED_AS, Long.class);
        if (failure != null) {
            store.markFailed(ids, failure);
            return Outcome.REFUSED;
        }
        if (result.getException() != null) {
            log.warn("A Slack delivery to team {} could not be kept as a failure ({}); it is sent again", team,
                    result.getException().getClass().getSimpleName());
            store.release(ids);
            return Outcome.RATE_LIMITED;
        }
        Outcome outcome = result.getMessage().getBody(Outcome.class);
        if (outcome != Outcome.SENT && outcome != Outcome.REFUSED) {
            store.release(ids);
        }
        return outcome;
    }
}

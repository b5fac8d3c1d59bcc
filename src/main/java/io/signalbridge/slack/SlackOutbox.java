package io.signalbridge.slack;

import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * Where orchestrations and alerts hand a Slack message to a team: it is stored (table slack_message) and delivered by
 * routes/slack.yaml at Slack's pace, as a digest when many wait at once; a failure is kept in the failed-exchange store.
 * Enqueueing is idempotent by team and dedupe key: the same alert for the same account and event (e.g.
 * {@code decision:001xx0000001:2026-12-04}) is sent once, however often it is enqueued and from however many nodes.
 */
@Service
public class SlackOutbox {

    private static final Logger log = LoggerFactory.getLogger(SlackOutbox.class);
    static final int MAX_DEDUPE_KEY = 300;

    private final SlackProperties settings;
    private final SlackMessageStore store;

    public SlackOutbox(SlackProperties settings, SlackMessageStore store) {
        this.settings = settings;
        this.store = store;
    }

    /**
     * Queues {@code text} (Slack mrkdwn) for {@code team}'s channel. Returns true when queued now, false when the team
     * already had a message with this dedupe key (nothing is queued again). Throws {@link IllegalArgumentException} for a
     * team without a webhook ({@link #teams()}), a blank text or a blank or too long dedupe key.
     */
    public boolean enqueue(String team, String dedupeKey, String text) {
        if (team == null || !settings.webhooks().containsKey(team)) {
            throw new IllegalArgumentException("no Slack webhook for team '" + team + "' (signalbridge.slack.webhooks: " + teams() + ")");
        }
        if (dedupeKey == null || dedupeKey.isBlank() || dedupeKey.length() > MAX_DEDUPE_KEY) {
            throw new IllegalArgumentException("a Slack message needs a dedupe key of 1 to " + MAX_DEDUPE_KEY + " characters");
        }
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("a Slack message needs a text");
        }
        boolean queued = store.insert(team, dedupeKey, text);
        if (!queued) {
            log.debug("Slack message {} for team {} was already queued; not again", dedupeKey, team);
        }
        return queued;
    }

    /** The teams that have a webhook, for callers to validate a team name (e.g. in an orchestration file). */
    public Set<String> teams() {
        return settings.webhooks().keySet();
    }
}

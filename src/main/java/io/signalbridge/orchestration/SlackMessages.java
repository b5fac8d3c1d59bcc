package io.signalbridge.orchestration;

/** Where the slack action's messages go: the Slack delivery (paced per webhook, digested, kept for replay). */
public interface SlackMessages {

    /** Queues {@code text} for the team's webhook once per {@code dedupeKey}; false when that key was queued before. */
    boolean send(String team, String dedupeKey, String text);
}

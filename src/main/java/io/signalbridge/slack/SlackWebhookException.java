package io.signalbridge.slack;

import java.time.Duration;
import java.util.Optional;

import io.signalbridge.failures.FailureDetails;

/**
 * A message Slack did not take: its HTTP status and Slack's error (the text body of a webhook's answer, e.g.
 * {@code channel_is_archived}), and the Retry-After of a 429. Never the webhook URL.
 */
public class SlackWebhookException extends RuntimeException implements FailureDetails.Coded, FailureDetails.RetryAfter {

    /** The status of a call that got no answer (connection refused or reset, timeout). */
    static final int NO_ANSWER = 599;

    private final int status;
    private final String slackError;
    private final Duration retryAfter;

    SlackWebhookException(String message, int status, String slackError, Duration retryAfter) {
        super(message);
        this.status = status;
        this.slackError = slackError;
        this.retryAfter = retryAfter;
    }

    public int status() {
        return status;
    }

    /** Slack's error string (no_service, channel_is_archived, action_prohibited, rate_limited, ...), or null. */
    public String slackError() {
        return slackError;
    }

    /** A refusal that sending again will not change: a 4xx other than 429. */
    public boolean isFinal() {
        return status >= 400 && status < 500 && status != 429;
    }

    @Override
    public String errorCode() {
        return slackError != null ? slackError : String.valueOf(status);
    }

    @Override
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }
}

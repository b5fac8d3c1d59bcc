package io.signalbridge.alerts;

/**
 * What other code tells ops about, through Slack (or the log when no webhook is configured). Each kind of
 * alert, per system, is sent at most once per {@code signalbridge.alerts.repeat-after}; the repeats in between
 * are counted and mentioned in the next message.
 */
public interface Alerts {

    /** An external system's API budget is spent (Salesforce allocation share, REQUEST_LIMIT_EXCEEDED, Marketo 607). */
    void apiBudgetReached(String system, String detail);

    /** An external system's circuit breaker opened: its routes are paused until it half-opens. */
    void circuitOpened(String system, String detail);

    /** For code built outside Spring (tests, benchmarks): tells nobody. */
    Alerts NONE = new Alerts() {
        @Override
        public void apiBudgetReached(String system, String detail) {
        }

        @Override
        public void circuitOpened(String system, String detail) {
        }
    };
}

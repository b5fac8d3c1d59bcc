package io.signalbridge.scoring;

/** Why an input was not used (or used only in part); counted per run, never thrown. */
public enum Rejection {
    UNKNOWN_KIND,
    NO_ACCOUNT,
    FUTURE_TIMESTAMP,
    DUPLICATE,
    NO_FIRMOGRAPHICS,
    MISSING_TIME
}

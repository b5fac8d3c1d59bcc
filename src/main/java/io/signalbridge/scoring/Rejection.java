package io.signalbridge.scoring;

/** Why an input was not used (or used only in part); counted per run, never thrown. */
public enum Rejection {
    /** a record of a signal object that no rule of activity-signals.yaml matches */
    UNKNOWN_KIND,
    /** a signal or opportunity whose account is unknown (not named, and not found through its person) */
    NO_ACCOUNT,
    /** a contact or lead without an account (not named, and no account with the lead's website / e-mail domain): not scored */
    PERSON_WITHOUT_ACCOUNT,
    /** a signal dated after the run's instant */
    FUTURE_TIMESTAMP,
    /** a second signal with the same kind, time, account and person */
    DUPLICATE,
    /** an account scored without industry / size / country (profile from the "firmographics=missing" feature) */
    NO_FIRMOGRAPHICS,
    /** a signal or opportunity without a readable time */
    MISSING_TIME
}

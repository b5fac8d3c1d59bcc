package io.signalbridge.marketo.sixqa;

/** What the 6QA behaviour-scoring rule decided for a lead, recorded with its reason and time. */
public enum SixQaDecision {
    /** A timer was queued: the lead is re-checked when the wait ends. */
    QUEUED,
    /** The lead did not pass the initial filters: no timer. */
    FILTERED_OUT,
    /** The lead already has a timer waiting: no second one. */
    ALREADY_QUEUED,
    /** The points were given. */
    AWARDED,
    /** At the end of the wait the lead's status was in the excluded list: no points. */
    EXCLUDED_STATUS,
    /** The lead was given 6QA points within the limit window: no points. */
    WITHIN_LIMIT,
    /** Marketo no longer knows the lead: no points. */
    LEAD_NOT_FOUND,
    /** A Marketo call failed: the timer stays due and is tried again on the next run. */
    FAILED,
    /**
     * An earlier attempt sent the points but could not record it, and Marketo's state cannot tell whether they
     * arrived: they are not sent again (never twice); ops check the lead.
     */
    AWARD_UNCONFIRMED
}

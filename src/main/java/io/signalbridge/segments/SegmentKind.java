package io.signalbridge.segments;

/** How a segment's accounts are defined. */
public enum SegmentKind {
    /** A filter over account attributes and scores ({@link SegmentFilter}). */
    FILTER,
    /** An uploaded CSV of Salesforce Account ids or website domains. */
    LIST,
    /** A SOQL WHERE clause over Account, run on the pull schedule. */
    CRM_QUERY
}

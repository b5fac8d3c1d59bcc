package io.signalbridge.security;

/**
 * The seed's roles (../shared/DOMAIN.md, "Users and roles"). A user holds one or more; what each may call is
 * {@link AccessMatrix}, and nothing else.
 */
public enum Role {
    /** Everything, including the sandbox reset; later: user and role management. */
    ADMIN,
    /** Operation User: integration settings, orchestrations (run, replay, discard, mappings, publish), alerts, reports. */
    OPERATIONS,
    /** Marketing User: campaigns and segments (define, edit, upload lists), alerts, reports; a view of the settings. */
    MARKETING,
    /** View Only, the default of a new user: every page of the console, no action that changes state. */
    VIEWER,
    /** Insights User: insights on segments and accounts. */
    INSIGHTS,
    /** Sales User: insights on segments and accounts. */
    SALES
}

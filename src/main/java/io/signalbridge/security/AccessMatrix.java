package io.signalbridge.security;

import static io.signalbridge.security.Role.ADMIN;
import static io.signalbridge.security.Role.INSIGHTS;
import static io.signalbridge.security.Role.MARKETING;
import static io.signalbridge.security.Role.OPERATIONS;
import static io.signalbridge.security.Role.SALES;
import static io.signalbridge.security.Role.VIEWER;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import org.springframework.http.HttpMethod;
import org.springframework.http.server.PathContainer;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

/**
 * Who may call what: the one place that says it. Each rule is a request method (or any) and a path pattern
 * (Spring's {@link PathPattern} syntax, as the controllers' mappings) with the roles allowed; the first rule
 * that matches a request decides, and a request no rule matches is refused. {@link SecurityConfiguration}
 * applies exactly these rules; {@code docs/security.md} shows them as a table (a test keeps the two equal and
 * fails the build when an endpoint the application registers has no rule of its own).
 */
public final class AccessMatrix {

    /** How a rule admits a request. */
    public enum Access {
        /** no sign-in at all (health probes, the error page). */
        PUBLIC("anyone, no sign-in"),
        /** the simulated orgs answer to their own OAuth tokens, as the real APIs do; Spring Security stays out. */
        SANDBOX_ORG("the sandbox org's own OAuth token"),
        /** Spring Security's own sign-in and sign-out endpoints (the provider's redirects, the CSRF-protected sign-out form). */
        SIGN_IN("sign-in, sign-out (Spring Security)"),
        /** the sandbox identity provider: its own filter chain, sign-in form and OpenID Connect endpoints. */
        SANDBOX_IDP("the sandbox identity provider's own sign-in"),
        /** SCIM 2.0 provisioning: its own filter chain and bearer token ({@code signalbridge.security.scim.token}). */
        SCIM("the SCIM bearer token (identity provider)"),
        /** a signed-in user holding one of the rule's roles. */
        ROLES("signed in, roles ✓");

        private final String text;

        Access(String text) {
            this.text = text;
        }

        public String text() {
            return text;
        }
    }

    /**
     * One line of the matrix.
     *
     * @param method the request method, or null for any
     * @param path   a path pattern
     * @param access how the rule admits
     * @param roles  the roles admitted when {@code access} is {@link Access#ROLES}
     * @param what   what the endpoint is, for the table in docs/security.md
     */
    public record Rule(HttpMethod method, String path, Access access, Set<Role> roles, String what) {

        public Rule {
            roles = roles.isEmpty() ? Set.of() : Collections.unmodifiableSet(EnumSet.copyOf(roles));
        }

        public boolean matches(HttpMethod requestMethod, String requestPath) {
            return (method == null || method.equals(requestMethod)) && pattern().matches(PathContainer.parsePath(requestPath));
        }

        public PathPattern pattern() {
            return PathPatternParser.defaultInstance.parse(path);
        }

        public boolean admits(Role role) {
            return access != Access.ROLES || roles.contains(role);
        }
    }

    /** The pattern of the simulated org APIs (their own filter chain; see {@link SecurityConfiguration}). */
    public static final String SANDBOX_ORGS = "/sandbox/**";
    /** The pattern of the sandbox identity provider (a filter chain of its own, before every other). */
    public static final String SANDBOX_IDENTITY_PROVIDER = "/sandbox/okta/**";

    /** The pattern of SCIM 2.0 provisioning (a filter chain of its own, before the service's). */
    public static final String SCIM = "/scim/v2/**";
    /** The account view Salesforce shows in an iframe: its own filter chain (framing allowed, no cookies used). */
    public static final String EMBED = "/embed/**";

    private static final Set<Role> EVERYONE = EnumSet.allOf(Role.class);
    /** The console's operational pages: every role but the insight-only ones. */
    private static final Set<Role> VIEW = EnumSet.of(ADMIN, OPERATIONS, MARKETING, VIEWER);
    /** Orchestration: run, replay, discard, mapping edits, publish (the seed: ADMIN and OPERATIONS only). */
    private static final Set<Role> OPS = EnumSet.of(ADMIN, OPERATIONS);
    /** Segment definitions are marketing's own work; publishing them to Salesforce and Marketo stays with OPS. */
    private static final Set<Role> SEGMENT_EDIT = EnumSet.of(ADMIN, OPERATIONS, MARKETING);
    /** Adding an account's people to an Outreach sequence by hand: sales development's own work, and OPS. */
    private static final Set<Role> SEQUENCE_ADD = EnumSet.of(ADMIN, OPERATIONS, SALES);

    private static final List<Rule> RULES = List.of(
            open(HttpMethod.GET, "/actuator/health", "health (load balancer)"),
            open(HttpMethod.GET, "/actuator/health/**", "liveness and readiness probes"),
            open(null, "/error", "Spring Boot's error page (keeps the real status of an error)"),
            new Rule(HttpMethod.GET, "/oauth2/authorization/{registrationId}", Access.SIGN_IN, Set.of(), "console sign-in: to the identity provider"),
            new Rule(HttpMethod.GET, "/login/oauth2/code/{registrationId}", Access.SIGN_IN, Set.of(), "console sign-in: back from the identity provider"),
            new Rule(HttpMethod.POST, "/logout", Access.SIGN_IN, Set.of(), "sign out, at the identity provider too (CSRF token)"),
            new Rule(null, SANDBOX_IDENTITY_PROVIDER, Access.SANDBOX_IDP, Set.of(),
                    "sandbox identity provider: OpenID Connect and its sign-in form (sandbox profile only)"),
            new Rule(HttpMethod.POST, "/sandbox/slack/webhooks/{team}", Access.SANDBOX_ORG, Set.of(),
                    "sandbox Slack receiver: a team's incoming webhook, its URL the credential as at Slack (sandbox profile only)"),
            new Rule(HttpMethod.GET, "/sandbox/slack/webhooks/{team}/messages", Access.SANDBOX_ORG, Set.of(),
                    "sandbox Slack receiver: the messages a team's webhook accepted (tests, the demo)"),
            new Rule(null, SANDBOX_ORGS, Access.SANDBOX_ORG, Set.of(), "simulated Salesforce and Marketo APIs"),
            scim(HttpMethod.GET, "/scim/v2/ServiceProviderConfig", "SCIM: what this service provider supports"),
            scim(HttpMethod.GET, "/scim/v2/ResourceTypes", "SCIM: resource types (User, Group)"),
            scim(HttpMethod.GET, "/scim/v2/ResourceTypes/{name}", "SCIM: one resource type"),
            scim(HttpMethod.GET, "/scim/v2/Schemas", "SCIM: schemas of User and Group"),
            scim(HttpMethod.GET, "/scim/v2/Schemas/{id}", "SCIM: one schema"),
            scim(HttpMethod.GET, "/scim/v2/Users", "SCIM: users (filter userName eq, paging)"),
            scim(HttpMethod.POST, "/scim/v2/Users", "SCIM: provision a user (takes a seat when active)"),
            scim(HttpMethod.GET, "/scim/v2/Users/{id}", "SCIM: a user"),
            scim(HttpMethod.PUT, "/scim/v2/Users/{id}", "SCIM: replace a user (active false: tokens revoked, sessions ended)"),
            scim(HttpMethod.PATCH, "/scim/v2/Users/{id}", "SCIM: change a user (PatchOp; active false deactivates)"),
            scim(HttpMethod.DELETE, "/scim/v2/Users/{id}", "SCIM: delete a user (tokens revoked)"),
            scim(HttpMethod.GET, "/scim/v2/Groups", "SCIM: groups (filter displayName eq, paging)"),
            scim(HttpMethod.POST, "/scim/v2/Groups", "SCIM: push a group with its members (roles: the group-role map)"),
            scim(HttpMethod.GET, "/scim/v2/Groups/{id}", "SCIM: a group with its members"),
            scim(HttpMethod.PUT, "/scim/v2/Groups/{id}", "SCIM: replace a group and its members"),
            scim(HttpMethod.PATCH, "/scim/v2/Groups/{id}", "SCIM: add or remove members, rename (PatchOp)"),
            scim(HttpMethod.DELETE, "/scim/v2/Groups/{id}", "SCIM: delete a group"),
            scim(null, SCIM, "SCIM: anything else (Bulk, Me): 404 in the SCIM error schema"),

            open(HttpMethod.GET, "/embed/account/{accountId}", "the account view for Salesforce (iframe): the page only, its data with its token"),
            open(HttpMethod.GET, "/embed/account.js", "the account view's script"),
            open(HttpMethod.GET, "/embed/account.css", "the account view's style sheet"),
            roles(HttpMethod.GET, "/embed-signin", EVERYONE, "the account view's sign-in pop-up (the console's single sign-on)"),
            roles(HttpMethod.GET, "/embed-signin.js", EVERYONE, "the sign-in pop-up's script"),
            roles(HttpMethod.POST, "/api/embed/tokens", EVERYONE, "the account view's token (the user's, for a few hours)"),
            roles(HttpMethod.GET, "/api/accounts/{id}/people", EVERYONE, "an account's people: the persona map"),
            roles(HttpMethod.GET, "/api/outreach/sequences", SEQUENCE_ADD, "Outreach sequences people can be added to"),
            roles(HttpMethod.POST, "/api/accounts/{id}/outreach", SEQUENCE_ADD, "add people of an account to an Outreach sequence"),
            roles(HttpMethod.GET, "/", EVERYONE, "the console"),
            roles(HttpMethod.GET, "/index.html", EVERYONE, "the console"),
            roles(HttpMethod.GET, "/console.js", EVERYONE, "the console's script"),
            roles(HttpMethod.GET, "/console.css", EVERYONE, "the console's style sheet"),
            roles(HttpMethod.GET, "/webjars/**", EVERYONE, "the console's libraries (Chart.js)"),
            roles(HttpMethod.GET, "/actuator", EVERYONE, "actuator links"),
            roles(HttpMethod.GET, "/actuator/info", EVERYONE, "build info"),
            roles(HttpMethod.GET, "/actuator/prometheus", EnumSet.of(ADMIN, OPERATIONS), "run meters for Prometheus"),
            roles(HttpMethod.GET, "/v3/api-docs", EVERYONE, "the REST API described (OpenAPI)"),
            roles(HttpMethod.GET, "/v3/api-docs.yaml", EVERYONE, "the same, as YAML"),
            roles(HttpMethod.GET, "/v3/api-docs/swagger-config", EVERYONE, "Swagger UI's settings"),
            roles(HttpMethod.GET, "/swagger-ui.html", EVERYONE, "Swagger UI"),
            roles(HttpMethod.GET, "/swagger-ui/**", EVERYONE, "Swagger UI's files"),
            roles(HttpMethod.GET, "/api/me", EVERYONE, "who am I, with my roles"),
            roles(HttpMethod.GET, "/api/tokens", EVERYONE, "my personal API tokens (never the tokens themselves)"),
            roles(HttpMethod.POST, "/api/tokens", EVERYONE, "create a personal API token with my roles (shown once; not with a token)"),
            roles(HttpMethod.DELETE, "/api/tokens/{id}", EVERYONE, "revoke one of my API tokens"),

            roles(HttpMethod.GET, "/api/systems", VIEW, "external systems: breaker, bulkhead, quotas"),
            roles(HttpMethod.GET, "/api/systems/salesforce/api-usage", VIEW, "chart: Salesforce API usage"),
            roles(HttpMethod.GET, "/api/freshness", VIEW, "freshness: Salesforce change to write-back, last hour"),
            roles(HttpMethod.GET, "/api/syncs", VIEW, "sync jobs"),
            roles(HttpMethod.GET, "/api/syncs/runs", VIEW, "recent runs"),
            roles(HttpMethod.GET, "/api/syncs/runs/series", VIEW, "chart: runs per job"),
            roles(HttpMethod.POST, "/api/syncs/salesforce-writeback/preview", VIEW, "preview the Salesforce write-back (writes nothing)"),
            roles(HttpMethod.POST, "/api/syncs/marketo-lead-push/preview", VIEW, "preview the Marketo lead push (writes nothing)"),
            roles(HttpMethod.POST, "/api/syncs/salesforce-writeback/run", OPS, "run the Salesforce write-back now"),
            roles(HttpMethod.POST, "/api/syncs/salesforce-writeback-drift/run", OPS, "run the write-back drift reconciliation now"),
            roles(HttpMethod.POST, "/api/syncs/marketo-lead-push/run", OPS, "run the Marketo lead push now"),
            roles(HttpMethod.POST, "/api/syncs/marketo-lead-push-drift/run", OPS, "run the lead push drift reconciliation now"),
            roles(HttpMethod.POST, "/api/syncs/{job}/run", OPS, "run a pull job now"),

            roles(HttpMethod.GET, "/api/seats", EnumSet.of(ADMIN), "seats: provisioned users, roles, last sign-in"),
            roles(HttpMethod.GET, "/api/seats/audits", EnumSet.of(ADMIN), "the seat audit's reports"),
            roles(HttpMethod.POST, "/api/seats/audit", EnumSet.of(ADMIN), "run the seat audit now (dryRun=true: report only)"),

            roles(HttpMethod.GET, "/api/orchestrations", VIEW, "orchestrations"),
            roles(HttpMethod.GET, "/api/orchestrations/actions", VIEW, "actions done by orchestrations"),
            roles(HttpMethod.GET, "/api/orchestrations/{name}", VIEW, "an orchestration's YAML"),
            roles(HttpMethod.GET, "/api/orchestrations/{name}/versions", VIEW, "an orchestration's versions"),
            roles(HttpMethod.POST, "/api/orchestrations/{name}/validate", VIEW, "validate an orchestration draft (saves nothing)"),
            roles(HttpMethod.POST, "/api/orchestrations/{name}/preview", VIEW, "preview an orchestration (sends nothing)"),
            roles(HttpMethod.PUT, "/api/orchestrations/{name}", OPS, "save an orchestration"),
            roles(HttpMethod.POST, "/api/orchestrations/{name}/rollback/{version}", OPS, "roll an orchestration back"),
            roles(HttpMethod.POST, "/api/orchestrations/{name}/run", OPS, "run an orchestration now"),

            roles(HttpMethod.GET, "/api/failures", VIEW, "failed exchanges"),
            roles(HttpMethod.GET, "/api/failures/{id}", VIEW, "one failure: payload, headers, audit trail"),
            roles(HttpMethod.POST, "/api/failures/replay", OPS, "replay all matching failures"),
            roles(HttpMethod.POST, "/api/failures/{id}/replay", OPS, "replay a failure"),
            roles(HttpMethod.POST, "/api/failures/{id}/discard", OPS, "discard a failure"),

            roles(HttpMethod.GET, "/api/mappings", VIEW, "mappings"),
            roles(HttpMethod.GET, "/api/mappings/{name}", VIEW, "a mapping's YAML"),
            roles(HttpMethod.GET, "/api/mappings/{name}/versions", VIEW, "a mapping's versions"),
            roles(HttpMethod.POST, "/api/mappings/{name}/validate", VIEW, "validate a mapping draft (saves nothing)"),
            roles(HttpMethod.PUT, "/api/mappings/{name}", OPS, "save a mapping"),
            roles(HttpMethod.POST, "/api/mappings/{name}/rollback/{version}", OPS, "roll a mapping back"),

            roles(HttpMethod.GET, "/api/accounts/scores", EVERYONE, "accounts ranked by score"),
            roles(HttpMethod.GET, "/api/accounts/stages", EVERYONE, "chart: buying-stage funnel"),
            roles(HttpMethod.GET, "/api/accounts/{id}/score", EVERYONE, "one account's scores and history"),
            roles(HttpMethod.GET, "/api/people/{id}/score", EVERYONE, "one person's scores"),
            roles(HttpMethod.POST, "/api/scoring/run", OPS, "score now"),
            roles(HttpMethod.POST, "/api/scoring/backtest", OPS, "backtest on the signal store"),
            roles(HttpMethod.POST, "/api/scoring/backtest/csv", OPS, "backtest on a CSV export"),

            roles(HttpMethod.GET, "/api/segments", EVERYONE, "segments"),
            roles(HttpMethod.GET, "/api/segments/runs", EVERYONE, "membership runs"),
            roles(HttpMethod.GET, "/api/segments/{id}", EVERYONE, "a segment"),
            roles(HttpMethod.GET, "/api/segments/{id}/members", EVERYONE, "a segment's members"),
            roles(HttpMethod.GET, "/api/segments/{id}/member-events", EVERYONE, "a segment's entries and exits"),
            roles(HttpMethod.POST, "/api/segments", SEGMENT_EDIT, "define a segment"),
            roles(HttpMethod.PUT, "/api/segments/{id}", SEGMENT_EDIT, "edit a segment"),
            roles(HttpMethod.DELETE, "/api/segments/{id}", SEGMENT_EDIT, "delete a segment"),
            roles(HttpMethod.POST, "/api/segments/{id}/list-upload", SEGMENT_EDIT, "upload a segment's account list"),
            roles(HttpMethod.POST, "/api/segments/{id}/publish", OPS, "publish a segment"),
            roles(HttpMethod.POST, "/api/segments/{id}/unpublish", OPS, "unpublish a segment"),

            roles(HttpMethod.GET, "/api/marketo/six-qa-scoring", VIEW, "6QA decisions"),
            roles(HttpMethod.GET, "/api/marketo/six-qa-scoring/status", VIEW, "6QA rule and timers"),
            roles(HttpMethod.POST, "/api/marketo/six-qa-scoring/run", OPS, "check due 6QA timers now"),

            roles(HttpMethod.GET, "/api/users/roles", EnumSet.of(ADMIN), "roles assigned in the console (they replace the groups' roles)"),
            roles(HttpMethod.GET, "/api/audit", OPS, "the audit log: every state change, who, when, outcome (filter actor, action, from, to)"),
            roles(HttpMethod.PUT, "/api/users/{name}/roles", EnumSet.of(ADMIN), "assign a user's roles (from their next sign-in)"),
            roles(HttpMethod.DELETE, "/api/users/{name}/roles", EnumSet.of(ADMIN), "remove an assignment: the groups' roles again"),

            roles(HttpMethod.POST, "/api/sandbox/reset", EnumSet.of(ADMIN), "regenerate the sandbox orgs (sandbox only)"));

    private AccessMatrix() {
    }

    /** Every rule, in the order they are tried. */
    public static List<Rule> rules() {
        return RULES;
    }

    /** The rule that decides a request, if any (none: refused). */
    public static Optional<Rule> ruleFor(HttpMethod method, String path) {
        return RULES.stream().filter(rule -> rule.matches(method, path)).findFirst();
    }

    /** The matrix as the Markdown table of docs/security.md. */
    public static String markdownTable() {
        var lines = new ArrayList<String>();
        var header = new ArrayList<>(List.of("method", "path", "what", "who"));
        Arrays.stream(Role.values()).map(Role::name).forEach(header::add);
        lines.add(row(header));
        lines.add(row(header.stream().map(column -> "---").toList()));
        for (Rule rule : RULES) {
            var cells = new ArrayList<>(List.of(rule.method() == null ? "any" : rule.method().name(), "`" + rule.path() + "`",
                    rule.what(), rule.access().text()));
            for (Role role : Role.values()) {
                cells.add(rule.access() == Access.ROLES && rule.roles().contains(role) ? "✓" : "");
            }
            lines.add(row(cells));
        }
        return String.join("\n", lines) + "\n";
    }

    private static String row(List<String> cells) {
        return cells.stream().map(cell -> cell.isEmpty() ? " " : " " + cell + " ").collect(Collectors.joining("|", "|", "|"));
    }

    private static Rule open(HttpMethod method, String path, String what) {
        return new Rule(method, path, Access.PUBLIC, Set.of(), what);
    }

    private static Rule scim(HttpMethod method, String path, String what) {
        return new Rule(method, path, Access.SCIM, Set.of(), what);
    }

    private static Rule roles(HttpMethod method, String path, Set<Role> roles, String what) {
        return new Rule(method, path, Access.ROLES, roles, what);
    }
}

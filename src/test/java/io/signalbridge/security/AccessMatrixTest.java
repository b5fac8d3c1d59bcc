package io.signalbridge.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * The access matrix covers every endpoint the application registers, each by a rule of its own; docs/security.md
 * shows exactly the matrix; and the filter chain enforces it, role by role.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles({"sandbox", "test"})
class AccessMatrixTest {

    static final Path DOC = Path.of("docs/security.md");
    static final String TABLE_START = "<!-- access-matrix:start (AccessMatrixTest keeps it equal to AccessMatrix) -->";
    static final String TABLE_END = "<!-- access-matrix:end -->";
    static final List<HttpMethod> METHODS = List.of(HttpMethod.GET, HttpMethod.POST, HttpMethod.PUT, HttpMethod.PATCH, HttpMethod.DELETE);
    static final Map<Role, String> DEMO_USERS = Map.of(Role.ADMIN, "admin", Role.OPERATIONS, "ops", Role.MARKETING, "marketing",
            Role.VIEWER, "viewer", Role.INSIGHTS, "insights", Role.SALES, "sales");
    private static final Pattern VARIABLE = Pattern.compile("\\{[^}]*}|\\*\\*");

    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping handlers;
    @Autowired
    TestRestTemplate http;

    record Endpoint(HttpMethod method, String pattern) {
        String samplePath() {
            return VARIABLE.matcher(pattern).replaceAll("x");
        }
    }

    List<Endpoint> endpoints() {
        var endpoints = new ArrayList<Endpoint>();
        handlers.getHandlerMethods().keySet().forEach(info -> {
            Set<RequestMethod> declared = info.getMethodsCondition().getMethods();
            List<HttpMethod> methods = declared.isEmpty() ? METHODS : declared.stream().map(m -> HttpMethod.valueOf(m.name())).toList();
            for (String pattern : info.getPathPatternsCondition().getPatternValues()) {
                methods.forEach(method -> endpoints.add(new Endpoint(method, pattern)));
            }
        });
        return endpoints;
    }

    @Test
    void everyEndpointTheApplicationRegistersIsDecidedByARuleOfItsOwn() {
        var endpoints = endpoints();
        assertThat(endpoints).as("the walk finds the controllers").hasSizeGreaterThan(60);

        var withoutRule = new ArrayList<String>();
        for (Endpoint endpoint : endpoints) {
            var rule = AccessMatrix.ruleFor(endpoint.method(), endpoint.samplePath());
            boolean own = rule.isPresent() && (rule.get().path().equals(endpoint.pattern())
                    || rule.get().path().equals(AccessMatrix.SANDBOX_ORGS) && endpoint.pattern().startsWith("/sandbox/"));
            if (!own) {
                withoutRule.add(endpoint.method() + " " + endpoint.pattern() + rule.map(r -> " (decided by " + r.method() + " " + r.path() + ")")
                        .orElse(" (refused to everyone)"));
            }
        }
        assertThat(withoutRule).as("endpoints without a rule of their own in AccessMatrix (and docs/security.md)").isEmpty();
    }

    @Test
    void everyRuleOfTheServiceApiIsAnEndpoint() {
        var endpoints = endpoints();
        assertThat(AccessMatrix.rules()).filteredOn(rule -> rule.path().startsWith("/api/"))
                .allSatisfy(rule -> assertThat(endpoints).as("an endpoint for the rule %s %s", rule.method(), rule.path())
                        .contains(new Endpoint(rule.method(), rule.path())));
    }

    @Test
    void docsSecurityMdShowsTheMatrixInCode() throws IOException {
        String doc = Files.readString(DOC, StandardCharsets.UTF_8);
        assertThat(doc).contains(TABLE_START, TABLE_END);
        String table = doc.substring(doc.indexOf(TABLE_START) + TABLE_START.length(), doc.indexOf(TABLE_END)).strip() + "\n";

        assertThat(table).as("the table of docs/security.md; the matrix in code renders as:%n%s", AccessMatrix.markdownTable())
                .isEqualTo(AccessMatrix.markdownTable());
    }

    @Test
    void runReplayDiscardMappingEditsAndPublishAreForAdminAndOperationsOnly() {
        for (String path : List.of("/api/syncs/salesforce-accounts/run", "/api/syncs/marketo-lead-push-drift/run", "/api/failures/7/replay",
                "/api/failures/replay", "/api/failures/7/discard", "/api/mappings/salesforce-account/rollback/2", "/api/segments/3/publish",
                "/api/segments/3/unpublish", "/api/scoring/run")) {
            assertThat(AccessMatrix.ruleFor(HttpMethod.POST, path).orElseThrow().roles()).as(path).isEqualTo(EnumSet.of(Role.ADMIN, Role.OPERATIONS));
        }
        assertThat(AccessMatrix.ruleFor(HttpMethod.PUT, "/api/mappings/salesforce-account").orElseThrow().roles())
                .isEqualTo(EnumSet.of(Role.ADMIN, Role.OPERATIONS));
    }

    /** Every rule, every role: a role the rule does not name gets 403; a role it names is let through to the endpoint. */
    @Test
    void theFilterChainEnforcesTheMatrixForEveryRole() {
        var wrong = new ArrayList<String>();
        for (AccessMatrix.Rule rule : AccessMatrix.rules()) {
            if (rule.access() != AccessMatrix.Access.ROLES) {
                continue;
            }
            HttpMethod method = rule.method();
            String path = new Endpoint(method, rule.path()).samplePath();
            for (Role role : Role.values()) {
                boolean admitted = rule.roles().contains(role);
                if (admitted && method != HttpMethod.GET) {
                    continue; // would change state; the endpoints' own tests call them
                }
                HttpStatus status = call(role, method, path);
                boolean refused = status == HttpStatus.FORBIDDEN;
                if (refused == admitted || status == HttpStatus.UNAUTHORIZED) {
                    wrong.add(role + " " + method + " " + path + ": " + status.value());
                }
            }
        }
        assertThat(wrong).as("answers that contradict the matrix").isEmpty();
    }

    @Test
    void aRequestNoRuleMatchesIsRefusedToEveryRole() {
        for (Role role : Role.values()) {
            assertThat(call(role, HttpMethod.GET, "/api/unmapped")).as(role.name()).isEqualTo(HttpStatus.FORBIDDEN);
            assertThat(call(role, HttpMethod.DELETE, "/api/syncs/salesforce-accounts/run")).as(role.name()).isEqualTo(HttpStatus.FORBIDDEN);
        }
        assertThat(http.getForEntity("/api/unmapped", String.class).getStatusCode()).as("anonymous: asked to sign in")
                .isEqualTo(HttpStatus.UNAUTHORIZED);
    }

    private HttpStatus call(Role role, HttpMethod method, String path) {
        var headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);
        var response = http.withBasicAuth(DEMO_USERS.get(role), "sandbox")
                .exchange(path, method, method == HttpMethod.GET ? new HttpEntity<>(headers) : new HttpEntity<>("{}", headers), String.class);
        return HttpStatus.valueOf(response.getStatusCode().value());
    }
}

package io.signalbridge.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.signalbridge.signals.PulledRecord;
import io.signalbridge.signals.SignalStore;
import io.signalbridge.support.FreePorts;
import io.signalbridge.support.NodeScripts;
import io.signalbridge.support.ShippedMappings;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.core.io.ClassPathResource;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.PathContainer;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * The console at / : behind the API's own login, served with its script, and every API path the script calls is
 * one the service answers (a renamed endpoint breaks this test, not the ops engineer's morning). Also the two
 * endpoints that exist for it: who am I, and the account ranking.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT)
@ActiveProfiles({"sandbox", "test"})
class ConsoleTest {

    static final int PORT = FreePorts.find();
    static final Path MAPPINGS = Path.of("target/console-test-mappings-" + UUID.randomUUID());
    static final Path ORCHESTRATIONS = Path.of("target/console-test-orchestrations-" + UUID.randomUUID());

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("server.port", () -> PORT);
        registry.add("signalbridge.mappings.directory", MAPPINGS::toString);
        registry.add("signalbridge.mappings.load-on-start", () -> true);
        registry.add("signalbridge.orchestrations.directory", ORCHESTRATIONS::toString);
        registry.add("signalbridge.orchestrations.load-on-start", () -> true);
    }

    @BeforeAll
    static void shippedMappingsAndTheDomLibrary() throws IOException, InterruptedException {
        ShippedMappings.copy(MAPPINGS, ShippedMappings.SALESFORCE);
        java.nio.file.Files.createDirectories(ORCHESTRATIONS);
        try (var shipped = java.nio.file.Files.list(Path.of("orchestrations"))) {
            for (Path file : shipped.filter(f -> f.toString().endsWith(".yaml")).toList()) {
                java.nio.file.Files.copy(file, ORCHESTRATIONS.resolve(file.getFileName()));
            }
        }
        NodeScripts.install();
    }

    private static final Pattern API_PATH = Pattern.compile("['`](/api/[^'`?]*)");
    private static final Pattern TEMPLATE_EXPRESSION = Pattern.compile("\\$\\{[^}]*}");

    @Autowired
    TestRestTemplate http;
    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping handlers;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    SignalStore signals;
    @Autowired
    ObjectMapper json;
    @Autowired
    Clock clock;

    @BeforeEach
    void empty() {
        jdbc.update("delete from account_score");
        jdbc.update("delete from signal_record");
    }

    @Test
    void theConsoleSendsTheBrowserToSignInAndThenServesThePageAndItsScript() throws Exception {
        // a client that does not follow redirects, as TestRestTemplate does
        var anonymous = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                java.net.URI.create("http://localhost:" + PORT + "/")).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(anonymous.statusCode()).isEqualTo(HttpStatus.FOUND.value());
        assertThat(anonymous.headers().firstValue(HttpHeaders.LOCATION).orElseThrow()).as("the OpenID Connect sign-in")
                .endsWith("/oauth2/authorization/okta");

        var page = http.withBasicAuth("viewer", "sandbox").getForEntity("/", String.class);
        assertThat(page.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(page.getHeaders().getContentType().isCompatibleWith(MediaType.TEXT_HTML)).isTrue();
        assertThat(page.getBody()).contains("<script src=\"webjars/chart.js/dist/chart.umd.min.js\"", "<script src=\"console.js\"", "href=\"#failures\"", "href=\"#mappings\"");
        var script = http.withBasicAuth("viewer", "sandbox").getForEntity("/console.js", String.class);
        assertThat(script.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(script.getBody()).contains("/api/failures");
    }

    @Test
    void everyApiPathTheConsoleCallsIsAnEndpoint() throws IOException {
        String script = new ClassPathResource("static/console.js").getContentAsString(StandardCharsets.UTF_8);
        Set<String> called = new TreeSet<>();
        var matcher = API_PATH.matcher(script);
        while (matcher.find()) {
            String path = TEMPLATE_EXPRESSION.matcher(matcher.group(1)).replaceAll("x");
            called.add(path.endsWith("/") ? path + "x" : path);
        }
        var patterns = handlers.getHandlerMethods().keySet().stream()
                .flatMap(info -> info.getPathPatternsCondition().getPatterns().stream()).toList();

        assertThat(called).as("the script's API paths").hasSizeGreaterThan(15);
        assertThat(called).allSatisfy(path -> assertThat(patterns)
                .as("an endpoint answering %s", path)
                .anyMatch(pattern -> pattern.matches(PathContainer.parsePath(path))));
    }

    @Test
    void whoAmIGivesTheRolesTheConsoleShowsActionsFor() {
        JsonNode ops = http.withBasicAuth("ops", "sandbox").getForObject("/api/me", JsonNode.class);
        assertThat(ops.path("name").asText()).isEqualTo("ops");
        assertThat(ops.path("roles")).extracting(JsonNode::asText).containsExactly("OPERATIONS");
        JsonNode viewer = http.withBasicAuth("viewer", "sandbox").getForObject("/api/me", JsonNode.class);
        assertThat(viewer.path("roles")).extracting(JsonNode::asText).containsExactly("VIEWER");
    }

    @Test
    void theAccountRankingOrdersByTheChosenScoreWithTheAccountsName() {
        score("001A00000000001AAA", 90, 40, 20, true);
        score("001A00000000002AAA", 60, 95, 70, false);
        score("001A00000000003AAA", 75, 70, 90, true);
        signals.commitPage("salesforce", "Account", List.of(new PulledRecord("salesforce", "Account", "001A00000000002AAA",
                clock.instant(), false, json.createObjectNode().put("Id", "001A00000000002AAA").put("Name", "Beta GmbH"))), null);
        var viewer = http.withBasicAuth("viewer", "sandbox");

        assertThat(ids(viewer.getForObject("/api/accounts/scores", JsonNode.class)))
                .containsExactly("001A00000000001AAA", "001A00000000003AAA", "001A00000000002AAA");
        JsonNode byProfile = viewer.getForObject("/api/accounts/scores?sort=profile&limit=2", JsonNode.class);
        assertThat(ids(byProfile)).containsExactly("001A00000000002AAA", "001A00000000003AAA");
        assertThat(byProfile.get(0).path("name").asText()).isEqualTo("Beta GmbH");
        assertThat(byProfile.get(0).path("intentScore").asInt()).isEqualTo(60);
        assertThat(byProfile.get(1).path("name").asText(null)).as("never pulled: no name, not a made-up one").isNull();
        assertThat(ids(viewer.getForObject("/api/accounts/scores?sort=reach&sixQa=true", JsonNode.class)))
                .containsExactly("001A00000000003AAA", "001A00000000001AAA");
        assertThat(viewer.getForEntity("/api/accounts/scores?sort=revenue", String.class).getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    }

    /** The console's script in a browser DOM (jsdom), as an operations user: every page loads, its actions answer. */
    @Test
    void everyPageOfTheConsoleWorksInABrowserDom() throws Exception {
        score("001A00000000001AAA", 90, 40, 20, true);

        JsonNode seen = NodeScripts.run(List.of("node", "console-check.mjs", "http://localhost:" + PORT, "ops", "sandbox"), 120);

        assertThat(seen.path("errors")).as("errors the console showed").isEmpty();
        assertThat(seen.path("user").asText()).isEqualTo("ops (operations)");
        assertThat(seen.path("overview").path("sections")).extracting(JsonNode::asText)
                .containsExactly("External systems", "Freshness", "Salesforce API usage, last 7 days", "Runs per job, last 7 days", "Sync jobs",
                        "Scoring and write-back", "Recent runs");
        assertThat(seen.path("overview").path("buttons")).extracting(JsonNode::asText)
                .contains("Run now", "Score now", "Preview write-back", "Write back now", "Push to Marketo now");
        assertThat(seen.path("jobs").asInt()).as("Salesforce and Marketo pull jobs").isGreaterThanOrEqualTo(2);
        assertThat(seen.path("preview").path("objects").asInt()).as("one line per Salesforce mapping").isEqualTo(3);
        assertThat(seen.path("alertLink").path("from").asText()).as("a failure alert's link filters the page").isEqualTo("2026-01-01T00:00:00Z");
        assertThat(seen.path("mappings").path("rows").asInt()).isEqualTo(3);
        assertThat(seen.path("mapping").path("buttons")).extracting(JsonNode::asText).contains("Validate", "Save");
        assertThat(seen.path("mappingText").asInt()).isGreaterThan(10);
        assertThat(seen.path("validation").asText()).isEqualTo("valid");
        assertThat(seen.path("refusal")).extracting(JsonNode::asText).anySatisfy(line -> assertThat(line)
                .startsWith("salesforce-account.yaml:").contains("NoSuchField__c"));
        assertThat(seen.path("orchestrations").path("rows").asInt()).as("the shipped stage tactics").isEqualTo(4);
        assertThat(seen.path("orchestration").path("buttons")).extracting(JsonNode::asText).contains("Validate", "Save", "Preview", "Run now");
        assertThat(seen.path("orchestrationPreview").asText()).contains("account(s) in the trigger's state now").contains("Nothing was sent");
        assertThat(seen.path("accounts").path("rows").asInt()).isEqualTo(1);
        assertThat(seen.path("accounts").path("sections")).extracting(JsonNode::asText).containsExactly("Buying stages", "Account scores");
        assertThat(seen.path("account").path("hash").asText()).isEqualTo("#account/001A00000000001AAA");
        assertThat(seen.path("sixQa").path("sections").get(0).asText()).isEqualTo("6QA behaviour scoring");
        assertThat(seen.path("segments").path("sections")).extracting(JsonNode::asText).containsExactly("Segments", "Membership runs");
        assertThat(seen.path("audit").path("sections")).extracting(JsonNode::asText).containsExactly("Audit log");
        assertThat(seen.path("auditWho")).extracting(JsonNode::asText).as("the mapping validation and the refused save above, at least")
                .contains("ops");
    }

    @Test
    void aViewerSeesNoActionsItMayNotTake() throws Exception {
        JsonNode seen = NodeScripts.run(List.of("node", "console-check.mjs", "http://localhost:" + PORT, "viewer", "sandbox"), 120);

        assertThat(seen.path("errors")).isEmpty();
        assertThat(seen.path("overview").path("buttons")).extracting(JsonNode::asText).containsExactly("Preview write-back");
        assertThat(seen.path("mapping").path("buttons")).extracting(JsonNode::asText).containsExactly("Validate");
    }

    @Test
    void scoringThroughTheApiRunsTheStepsAScheduledRunDoes() {
        score("001A00000000001AAA", 90, 40, 20, true);
        jdbc.update("delete from sync_run");

        var response = http.withBasicAuth("ops", "sandbox").postForEntity("/api/scoring/run?full=true", null, JsonNode.class);

        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(response.getBody().path("type").asText()).isEqualTo("FULL");
        assertThat(jdbc.queryForList("select trigger_kind from sync_run where job = 'salesforce-writeback'", String.class))
                .as("the write-back followed the scoring run").containsExactly("after-scoring");
        assertThat(jdbc.queryForObject("select count(*) from segment_run", Integer.class)).as("and segment membership").isPositive();
        assertThat(http.withBasicAuth("viewer", "sandbox").postForEntity("/api/scoring/run", null, String.class).getStatusCode())
                .isEqualTo(HttpStatus.FORBIDDEN);
    }

    private static List<String> ids(JsonNode rows) {
        var ids = new java.util.ArrayList<String>();
        rows.forEach(row -> ids.add(row.path("accountId").asText()));
        return ids;
    }

    private void score(String accountId, int intent, int profile, int reach, boolean qualified) {
        jdbc.update("""
                insert into account_score (account_id, as_of, profile_score, profile_fit, profile_probability, intent_score,
                    in_market_probability, reach_score, reach_level, reach, buying_stage, open_opportunity, qualified,
                    qualified_since, contributors, scored_at)
                values (?, ?, ?, 'Strong', 0.5, ?, 0.5, ?, 'High', 0.5, 'Decision', false, ?, ?, '[]', ?)""",
                accountId, LocalDate.now(clock), profile, intent, reach, qualified, qualified ? LocalDate.now(clock) : null,
                Timestamp.from(Instant.now(clock)));
    }
}

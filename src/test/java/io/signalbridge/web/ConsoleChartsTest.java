package io.signalbridge.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.signalbridge.support.Chromium;
import io.signalbridge.support.FreePorts;
import io.signalbridge.support.SandboxSignIn;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The console's charts: the endpoints that feed them (run series, the org's API usage, the buying-stage funnel),
 * the chart library served as a WebJar behind the login, and what a real browser (headless Chromium) draws from
 * runs, usage readings and scores written to the database.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT)
@ActiveProfiles({"sandbox", "test"})
class ConsoleChartsTest {

    static final int PORT = FreePorts.find();
    static final String NEVER = "0 0 0 1 1 ? 2099";
    static final String CHART_LIBRARY = "/webjars/chart.js/dist/chart.umd.min.js";

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("server.port", () -> PORT);
        // no scheduled run or usage reading may add to the rows a test wrote
        registry.add("signalbridge.schedules.salesforce-api-usage", () -> NEVER);
        registry.add("signalbridge.salesforce.pull.jobs.salesforce-accounts.cron", () -> NEVER);
        registry.add("signalbridge.salesforce.pull.jobs.salesforce-activities.cron", () -> NEVER);
        registry.add("signalbridge.marketo.pull.jobs.marketo-activities.cron", () -> NEVER);
    }

    /**
     * Records errors before the page's own scripts run: uncaught errors and rejections, resources that failed to
     * load (the chart library's 404 would be one), and console.error (Chart.js reports a chart it cannot draw there).
     */
    private static final String ERROR_HOOK = """
            window.__errors = [];
            window.addEventListener('error', e => window.__errors.push(e.target && e.target !== window
                ? 'failed to load ' + (e.target.src || e.target.href) : String(e.message)), true);
            window.addEventListener('unhandledrejection', e => window.__errors.push('unhandled: ' + e.reason));
            const consoleError = console.error.bind(console);
            console.error = (...args) => { window.__errors.push('console.error: ' + args.join(' ')); consoleError(...args); };
            """;

    /** Every chart on the page: its data-chart name, labels, datasets (label and y values, x for points) and painted pixels. */
    private static final String READ_CHARTS = """
            return [...document.querySelectorAll('canvas[data-chart]')].map(canvas => {
              const chart = Chart.getChart(canvas);
              const pixels = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
              let painted = 0;
              for (let i = 3; i < pixels.length; i += 4) if (pixels[i] > 0) painted++;
              return JSON.stringify({
                name: canvas.dataset.chart, painted,
                labels: chart.data.labels || [],
                datasets: chart.data.datasets.map(d => ({ label: d.label,
                  y: d.data.map(v => typeof v === 'number' ? v : v.y), x: d.data.map(v => typeof v === 'number' ? null : v.x) })),
              });
            });
            """;

    @Autowired
    TestRestTemplate http;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    Clock clock;
    @Autowired
    ObjectMapper json;

    Instant now;

    @BeforeEach
    void runsUsageAndScores() {
        now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        jdbc.update("delete from sync_run");
        jdbc.update("delete from salesforce_api_usage");
        jdbc.update("delete from account_score");

        run("salesforce-accounts", now.minus(Duration.ofDays(9)), "{\"Account\":2000}", 12);
        run("salesforce-writeback", now.minus(Duration.ofDays(3)),
                "{\"Account.changed\":5,\"Account.unchanged\":1995,\"Account.writeCalls\":1,\"Account.written\":5}", 3);
        run("salesforce-activities", now.minus(Duration.ofDays(2)), "{\"CampaignMember\":0,\"Task\":40,\"Event\":2}", 4);
        run("salesforce-writeback", now.minus(Duration.ofDays(1)), "{\"Account.unchanged\":2000}", 2);
        run("marketo-activities", now.minus(Duration.ofHours(1)), "{\"Activity\":12,\"unresolvedLeads\":3}", 5);
        run("marketo-lead-push", now.minus(Duration.ofMinutes(30)), "{\"Lead.changed\":7,\"Lead.writeCalls\":1,\"Lead.written\":7}", 2);

        usage(now.minus(Duration.ofDays(8)), 15000, 10000);
        usage(now.minus(Duration.ofDays(2)), 15000, 14000);
        usage(now.minus(Duration.ofDays(1)), 15000, 13500);
        usage(now.minus(Duration.ofHours(1)), 20000, 19900);

        score("001A00000000001AAA", "Target", false);
        score("001A00000000002AAA", "Target", false);
        score("001A00000000003AAA", "Target", false);
        score("001A00000000004AAA", "Awareness", false);
        score("001A00000000005AAA", "Awareness", false);
        score("001A00000000006AAA", "Decision", true);
        score("001A00000000007AAA", "Purchase", true);
    }

    @Test
    void theRunSeriesGivesEachRunOfTheLastDaysWithItsRecordsAndApiCalls() {
        JsonNode series = viewer("/api/syncs/runs/series?days=7");

        assertThat(series).extracting(r -> r.path("job").asText()).as("oldest first; the run 9 days ago is out")
                .containsExactly("salesforce-writeback", "salesforce-activities", "salesforce-writeback", "marketo-activities",
                        "marketo-lead-push");
        assertThat(series).extracting(r -> r.path("system").asText())
                .containsExactly("salesforce", "salesforce", "salesforce", "marketo", "marketo");
        assertThat(series).extracting(r -> r.path("kind").asText()).containsExactly("write", "pull", "write", "pull", "write");
        assertThat(series).extracting(r -> r.path("recordsWritten").asLong()).containsExactly(5L, 0L, 0L, 0L, 7L);
        assertThat(series).extracting(r -> r.path("recordsPulled").asLong())
                .as("records changed per object; the unresolved leads are leads, not records").containsExactly(0L, 42L, 0L, 12L, 0L);
        assertThat(series).extracting(r -> r.path("apiCalls").asInt()).containsExactly(3, 4, 2, 5, 2);
        assertThat(Instant.parse(series.get(0).path("startedAt").asText())).isEqualTo(now.minus(Duration.ofDays(3)));
        assertThat(series.get(0).path("status").asText()).isEqualTo("SUCCEEDED");

        assertThat(viewer("/api/syncs/runs/series?days=10")).extracting(r -> r.path("job").asText()).first().isEqualTo("salesforce-accounts");
        assertThat(viewer("/api/syncs/runs/series?days=0")).as("at least the last day").extracting(r -> r.path("job").asText())
                .containsExactly("marketo-activities", "marketo-lead-push");
    }

    @Test
    void theApiUsageGivesTheReadingsOfTheLastDaysAndTheLatestDailyAllocation() {
        JsonNode usage = viewer("/api/systems/salesforce/api-usage?days=7");

        assertThat(usage.path("dailyMax").asLong()).isEqualTo(20000);
        assertThat(usage.path("points")).extracting(p -> p.path("used").asLong()).containsExactly(1000L, 1500L, 100L);
        assertThat(usage.path("points")).extracting(p -> p.path("dailyMax").asLong()).containsExactly(15000L, 15000L, 20000L);
        assertThat(Instant.parse(usage.path("points").get(2).path("takenAt").asText())).isEqualTo(now.minus(Duration.ofHours(1)));

        jdbc.update("delete from salesforce_api_usage");
        JsonNode none = viewer("/api/systems/salesforce/api-usage");
        assertThat(none.hasNonNull("dailyMax")).as("no reading yet: no allocation is made up").isFalse();
        assertThat(none.path("points")).isEmpty();
    }

    @Test
    void theStagesGiveEveryBuyingStageInFunnelOrder() {
        JsonNode stages = viewer("/api/accounts/stages");

        assertThat(stages).extracting(s -> s.path("stage").asText())
                .containsExactly("Target", "Awareness", "Consideration", "Decision", "Purchase");
        assertThat(stages).extracting(s -> s.path("accounts").asLong()).containsExactly(3L, 2L, 0L, 1L, 1L);
        assertThat(stages).extracting(s -> s.path("sixQa").asLong()).containsExactly(0L, 0L, 0L, 1L, 1L);
    }

    @Test
    void theChartDataAndTheChartLibraryNeedASignedInUser() throws Exception {
        for (String path : List.of("/api/syncs/runs/series", "/api/systems/salesforce/api-usage", "/api/accounts/stages")) {
            assertThat(http.getForEntity(path, String.class).getStatusCode()).as(path).isEqualTo(HttpStatus.UNAUTHORIZED);
        }
        var anonymous = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                java.net.URI.create("http://localhost:" + PORT + CHART_LIBRARY)).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(anonymous.statusCode()).as("the library: to the sign-in").isEqualTo(302);
        assertThat(anonymous.headers().firstValue("Location").orElseThrow()).endsWith("/oauth2/authorization/okta");
        var library = http.withBasicAuth("viewer", "sandbox").getForEntity(CHART_LIBRARY, String.class);
        assertThat(library.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(library.getHeaders().getContentType().toString()).contains("javascript");
        assertThat(library.getBody()).contains("Chart.js v4.");
    }

    @Test
    void aBrowserDrawsTheRunsTheApiUsageAndTheStageFunnel() throws Exception {
        ChromeDriver browser = Chromium.start();
        try {
            browser.executeCdpCommand("Page.addScriptToEvaluateOnNewDocument", Map.of("source", ERROR_HOOK));
            SandboxSignIn.signIn(browser, "http://localhost:" + PORT, "ops");
            browser.get("http://localhost:" + PORT + "/#overview");
            var overview = charts(browser, "salesforce-api-usage", "runs:salesforce-writeback", "runs:marketo-lead-push");
            screenshot(browser, "overview");

            assertThat(overview.keySet()).containsExactly("salesforce-api-usage", "runs:salesforce-writeback", "runs:salesforce-activities",
                    "runs:marketo-activities", "runs:marketo-lead-push");
            assertThat(overview.values()).allSatisfy(chart -> assertThat(chart.path("painted").asInt()).as("pixels drawn").isGreaterThan(1000));

            JsonNode writeback = overview.get("runs:salesforce-writeback").path("datasets");
            assertThat(writeback.get(0).path("label").asText()).isEqualTo("records written to salesforce");
            assertThat(numbers(writeback.get(0).path("y"))).containsExactly(5L, 0L);
            assertThat(numbers(writeback.get(0).path("x"))).containsExactly(now.minus(Duration.ofDays(3)).toEpochMilli(),
                    now.minus(Duration.ofDays(1)).toEpochMilli());
            assertThat(writeback.get(1).path("label").asText()).isEqualTo("API calls to salesforce");
            assertThat(numbers(writeback.get(1).path("y"))).containsExactly(3L, 2L);
            JsonNode activities = overview.get("runs:salesforce-activities").path("datasets");
            assertThat(activities.get(0).path("label").asText()).isEqualTo("records pulled");
            assertThat(numbers(activities.get(0).path("y"))).containsExactly(42L);
            assertThat(numbers(overview.get("runs:marketo-lead-push").path("datasets").get(0).path("y"))).containsExactly(7L);
            assertThat(numbers(overview.get("runs:marketo-activities").path("datasets").get(1).path("y"))).containsExactly(5L);

            JsonNode usage = overview.get("salesforce-api-usage").path("datasets");
            assertThat(usage.get(0).path("label").asText()).isEqualTo("API calls used (last 24 h)");
            assertThat(numbers(usage.get(0).path("y"))).containsExactly(1000L, 1500L, 100L);
            assertThat(usage.get(1).path("label").asText()).isEqualTo("daily allocation");
            assertThat(numbers(usage.get(1).path("y"))).containsExactly(15000L, 15000L, 20000L);
            assertThat(text(browser, "figcaption")).contains("Latest: 100 of 20000 calls (0.5 %)", "salesforce-writeback 2 runs, 5 records written");

            browser.get("http://localhost:" + PORT + "/#accounts");
            var accounts = charts(browser, "buying-stages");
            screenshot(browser, "accounts");

            JsonNode funnel = accounts.get("buying-stages");
            assertThat(funnel.path("painted").asInt()).isGreaterThan(1000);
            assertThat(funnel.path("labels")).extracting(JsonNode::asText)
                    .containsExactly("Target", "Awareness", "Consideration", "Decision", "Purchase");
            assertThat(numbers(funnel.path("datasets").get(0).path("y"))).containsExactly(3L, 2L, 0L, 1L, 1L);
            assertThat(numbers(funnel.path("datasets").get(1).path("y"))).containsExactly(0L, 0L, 0L, 1L, 1L);
            assertThat(browser.findElement(By.cssSelector("#view tbody")).getText()).contains("001A00000000006AAA");

            assertThat((List<?>) browser.executeScript("return window.__errors")).as("JavaScript errors").isEmpty();
            assertThat(browser.findElement(By.id("message")).isDisplayed()).as("no error message shown").isFalse();
        } finally {
            browser.quit();
        }
    }

    /** Waits until the page shows these charts (or an error), then reads every chart on it by name, in page order. */
    private Map<String, JsonNode> charts(ChromeDriver browser, String... names) throws Exception {
        new WebDriverWait(browser, Duration.ofSeconds(30)).withMessage(() -> "charts " + List.of(names) + "; the page shows: "
                + browser.findElement(By.tagName("body")).getText()).until(driver -> {
            var script = (JavascriptExecutor) driver;
            Object errors = script.executeScript("return (window.__errors || []).length"
                    + " + (document.querySelector('#message.error:not([hidden])') ? 1 : 0)");
            Object drawn = script.executeScript("return typeof Chart !== 'undefined' && arguments[0].every(name =>"
                    + " Chart.getChart(document.querySelector(`canvas[data-chart=\"${name}\"]`)))", List.of(names));
            return ((Number) errors).intValue() > 0 || Boolean.TRUE.equals(drawn);
        });
        assertThat((List<?>) browser.executeScript("return window.__errors")).as("JavaScript errors").isEmpty();
        assertThat(browser.findElement(By.id("message")).isDisplayed()).as("the console's message: %s",
                browser.findElement(By.id("message")).getText()).isFalse();
        var charts = new LinkedHashMap<String, JsonNode>();
        for (Object chart : (List<?>) browser.executeScript(READ_CHARTS)) {
            JsonNode read = json.readTree((String) chart);
            charts.put(read.path("name").asText(), read);
        }
        return charts;
    }

    private static String text(ChromeDriver browser, String selector) {
        return browser.findElements(By.cssSelector(selector)).stream()
                .map(WebElement::getText).reduce("", (a, b) -> a + "\n" + b);
    }

    private static List<Long> numbers(JsonNode values) {
        var numbers = new ArrayList<Long>();
        values.forEach(v -> numbers.add(v.asLong()));
        return numbers;
    }

    /** What the browser showed, for a person to look at: target/console-charts-NAME.png. */
    private static void screenshot(ChromeDriver browser, String name) throws Exception {
        Files.write(Path.of("target/console-charts-" + name + ".png"), browser.getScreenshotAs(OutputType.BYTES));
    }

    private JsonNode viewer(String path) {
        var response = http.withBasicAuth("viewer", "sandbox").getForEntity(path, JsonNode.class);
        assertThat(response.getStatusCode()).as(path).isEqualTo(HttpStatus.OK);
        return response.getBody();
    }

    private void run(String job, Instant startedAt, String recordsByObject, int apiCalls) {
        jdbc.update("insert into sync_run (job, trigger_kind, started_at, ended_at, status, records_by_object, api_calls)"
                        + " values (?, 'schedule', ?, ?, 'SUCCEEDED', ?, ?)",
                job, utc(startedAt), utc(startedAt.plusSeconds(20)), recordsByObject, apiCalls);
    }

    private void usage(Instant takenAt, long dailyMax, long dailyRemaining) {
        jdbc.update("insert into salesforce_api_usage (taken_at, daily_max, daily_remaining) values (?, ?, ?)", utc(takenAt), dailyMax,
                dailyRemaining);
    }

    private void score(String accountId, String stage, boolean qualified) {
        jdbc.update("""
                insert into account_score (account_id, as_of, profile_score, profile_fit, profile_probability, intent_score,
                    in_market_probability, reach_score, reach_level, reach, buying_stage, open_opportunity, qualified,
                    qualified_since, contributors, scored_at)
                values (?, ?, 50, 'Strong', 0.5, 50, 0.5, 50, 'High', 0.5, ?, false, ?, ?, '[]', ?)""",
                accountId, LocalDate.now(clock), stage, qualified, qualified ? LocalDate.now(clock) : null, Timestamp.from(now));
    }

    private static LocalDateTime utc(Instant instant) {
        return LocalDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
}

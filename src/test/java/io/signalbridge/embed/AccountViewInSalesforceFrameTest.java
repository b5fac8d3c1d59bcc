package io.signalbridge.embed;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;

import com.sun.net.httpserver.HttpServer;

import io.signalbridge.sandbox.outreach.OutreachOrgGenerator;
import io.signalbridge.sandbox.outreach.OutreachStore;
import io.signalbridge.scores.AccountScoring;
import io.signalbridge.security.Role;
import io.signalbridge.security.tokens.ApiTokens;
import io.signalbridge.support.Chromium;
import io.signalbridge.support.FreePorts;
import io.signalbridge.support.SandboxSignIn;

import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Issue 17's account view, as Salesforce shows it: a page of another origin (standing in for the org's Lightning domain)
 * frames {@code /embed/account/<id>} in headless Chromium. A sales rep signs in through the pop-up (the sandbox
 * identity provider), sees the scores, stage history and persona map inside the frame, and adds two people to an
 * Outreach sequence. The same frame on an origin that is not allowed shows nothing; a revoked token signs the view out;
 * an Insights user sees the scores but may not add anyone.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT)
@ActiveProfiles({"sandbox", "test"})
class AccountViewInSalesforceFrameTest {

    static final int PORT = FreePorts.find();
    static final String SERVICE = "http://localhost:" + PORT;
    static HttpServer lightning;
    static HttpServer elsewhere;
    static String account;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("server.port", () -> PORT);
        registry.add("signalbridge.sandbox.seed-on-start", () -> true);
        registry.add("signalbridge.sandbox.generator.accounts", () -> 30);
        registry.add("signalbridge.embed.frame-ancestors", () -> "http://127.0.0.1:" + lightning.getAddress().getPort());
    }

    @BeforeAll
    static void twoOtherOrigins() throws IOException {
        lightning = framingPage();
        elsewhere = framingPage();
    }

    /** A page that frames the account view of the account named in its query string. */
    static HttpServer framingPage() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            String id = exchange.getRequestURI().getQuery();
            byte[] body = """
                    <!DOCTYPE html><html><body><h1>Account page</h1>
                    <iframe id="signalbridge" src="%s/embed/account/%s" width="900" height="700"></iframe>
                    </body></html>""".formatted(SERVICE, id).getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "text/html; charset=utf-8");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        return server;
    }

    @AfterAll
    static void stopTheOrigins() {
        lightning.stop(0);
        elsewhere.stop(0);
    }

    @Autowired
    ProducerTemplate camel;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    OutreachStore outreach;
    @Autowired
    ApiTokens tokens;

    @Test
    void aSalesRepSignsInInsideTheFrameSeesTheAccountAndAddsPeopleToASequence() throws Exception {
        scoredOrg();
        var headers = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(SERVICE + "/embed/account/" + account)).build(),
                HttpResponse.BodyHandlers.discarding()).headers();
        assertThat(headers.firstValue("Content-Security-Policy").orElseThrow())
                .contains("frame-ancestors http://127.0.0.1:" + lightning.getAddress().getPort()).contains("default-src 'self'");
        assertThat(headers.firstValue("X-Frame-Options")).as("framing is the CSP's to decide here").isEmpty();

        ChromeDriver browser = Chromium.start();
        try {
            browser.get("http://127.0.0.1:" + lightning.getAddress().getPort() + "/?" + account);
            browser.switchTo().frame("signalbridge");
            wait(browser, "the sign-in button", d -> !d.findElements(By.id("sign-in")).isEmpty());
            String salesforceTab = browser.getWindowHandle();
            browser.findElement(By.id("sign-in")).click();
            wait(browser, "the pop-up", d -> d.getWindowHandles().size() == 2);
            browser.switchTo().window(browser.getWindowHandles().stream().filter(h -> !h.equals(salesforceTab)).findFirst().orElseThrow());
            SandboxSignIn.atTheProvidersForm(browser);
            SandboxSignIn.submit(browser, "sales", SandboxSignIn.PASSWORD);
            wait(browser, "the pop-up closed", d -> d.getWindowHandles().size() == 1);
            browser.switchTo().window(salesforceTab).switchTo().frame("signalbridge");

            wait(browser, "the account's scores", d -> !d.findElements(By.cssSelector("#persona-map tbody tr")).isEmpty()
                    && !d.findElements(By.id("sequence")).isEmpty());
            String scores = browser.findElement(By.id("scores")).getText();
            assertThat(scores).contains("Profile Fit", "Account Reach", "Buying Stage")
                    .contains(jdbc.queryForObject("select buying_stage from account_score where account_id = ?", String.class, account));
            var rows = browser.findElements(By.cssSelector("#persona-map tbody tr"));
            assertThat(rows).as("the account's scored people with an e-mail").hasSizeGreaterThanOrEqualTo(2)
                    .hasSizeLessThanOrEqualTo(jdbc.queryForObject("select count(*) from person_score where account_id = ?", Integer.class, account));
            List<String> chosen = rows.stream().limit(2).map(row -> row.getAttribute("data-person")).toList();
            rows.stream().limit(2).forEach(row -> row.findElement(By.tagName("input")).click());
            new Select(browser.findElement(By.id("sequence"))).selectByVisibleText(OutreachOrgGenerator.PURCHASE_SEQUENCE);
            browser.findElement(By.id("add-to-outreach")).click();
            wait(browser, "the outcome", d -> d.findElement(By.id("outreach-result")).getText().contains("in \""));
            assertThat(browser.findElement(By.id("outreach-result")).getText()).startsWith("2 in \"" + OutreachOrgGenerator.PURCHASE_SEQUENCE);
            long sequence = outreach.sequences(OutreachOrgGenerator.PURCHASE_SEQUENCE, 0, 5).rows().get(0).id();
            for (String person : chosen) {
                String email = jdbc.queryForObject("select fields from signal_record where id = ?", String.class, person)
                        .replaceAll(".*\"Email\":\"([^\"]+)\".*", "$1");
                long prospect = outreach.prospects(email, 0, 5).rows().get(0).id();
                assertThat(outreach.sequenceStates(prospect, sequence, null, 0, 5).rows()).as(person + " in the sequence").hasSize(1);
            }
            assertThat(jdbc.queryForObject("select count(*) from audit_log where actor = 'sales' and action like 'POST /api/accounts/{id}/outreach%'",
                    Integer.class)).as("audited").isEqualTo(1);

            // revoked (by the user on the console, or by SCIM deactivation): the view is signed out
            jdbc.update("update api_token set revoked_at = localtimestamp where user_name = 'sales'");
            browser.navigate().refresh();
            browser.switchTo().frame("signalbridge");
            wait(browser, "signed out", d -> !d.findElements(By.id("sign-in")).isEmpty());
            assertThat(browser.findElement(By.id("view")).getText()).contains("Your sign-in has ended");

            // framed anywhere else, the browser shows nothing of it
            browser.switchTo().defaultContent();
            browser.get("http://127.0.0.1:" + elsewhere.getAddress().getPort() + "/?" + account);
            Thread.sleep(2_000);
            browser.switchTo().frame("signalbridge");
            assertThat(browser.findElements(By.id("view"))).as("the view inside a frame of an origin not allowed").isEmpty();
        } finally {
            browser.quit();
        }
    }

    @Test
    void anInsightsUserSeesTheAccountButMayNotAddPeople() throws Exception {
        scoredOrg();
        String token = tokens.create("insights", EnumSet.of(Role.INSIGHTS), "test", Duration.ofHours(1)).secret();
        var http = HttpClient.newHttpClient();
        assertThat(call(http, token, "GET", "/api/accounts/" + account + "/people", null).statusCode()).isEqualTo(200);
        assertThat(call(http, token, "GET", "/api/outreach/sequences", null).statusCode()).isEqualTo(403);
        assertThat(call(http, token, "POST", "/api/accounts/" + account + "/outreach", "{\"sequence\":\"x\",\"people\":[\"y\"]}").statusCode())
                .isEqualTo(403);
        assertThat(call(http, token, "POST", "/api/embed/tokens", null).statusCode()).as("a token does not make tokens").isEqualTo(403);
    }

    private HttpResponse<String> call(HttpClient http, String token, String method, String path, String json) throws Exception {
        var request = HttpRequest.newBuilder(URI.create(SERVICE + path)).header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json)).build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    /** Pulls and scores the demo org once; the account shown: the first with three or more scored people. */
    synchronized void scoredOrg() {
        if (account != null) {
            return;
        }
        org.awaitility.Awaitility.await("the demo org").atMost(Duration.ofSeconds(60)).until(() -> jdbc.queryForObject(
                "select count(*) from sandbox_sf_record where object_name = 'Account'", Integer.class) > 0);
        for (String job : List.of("salesforce-accounts", "salesforce-activities")) {
            camel.requestBodyAndHeaders("direct:salesforce-pull", null, Map.of("job", job, "trigger", "schedule"));
        }
        camel.requestBody("direct:score-accounts", null, AccountScoring.RunSummary.class);
        account = jdbc.queryForObject("""
                select account_id from person_score group by account_id having count(*) >= 3 order by account_id limit 1""", String.class);
    }

    static void wait(WebDriver browser, String what, java.util.function.Function<WebDriver, Boolean> until) {
        new WebDriverWait(browser, Duration.ofSeconds(30)).withMessage(() -> what + "; the page: " + browser.getCurrentUrl() + " "
                + browser.findElement(By.tagName("body")).getText()).until(until);
    }
}

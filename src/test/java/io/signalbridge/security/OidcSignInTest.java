package io.signalbridge.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.signalbridge.support.Chromium;
import io.signalbridge.support.FreePorts;
import io.signalbridge.support.SandboxSignIn;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Console sign-in by OpenID Connect, in headless Chromium, against the sandbox identity provider at /sandbox/okta
 * (the code path of Okta: authorization code with PKCE, roles from the ID token's groups claim, RP-initiated
 * logout); and the provider's bearer JWTs on the API.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT)
@ActiveProfiles({"sandbox", "test"})
class OidcSignInTest {

    static final int PORT = FreePorts.find();
    static final String SERVICE = "http://localhost:" + PORT;
    static final String NEVER = "0 0 0 1 1 ? 2099";

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("server.port", () -> PORT);
        registry.add("signalbridge.salesforce.pull.jobs.salesforce-accounts.cron", () -> NEVER);
        registry.add("signalbridge.salesforce.pull.jobs.salesforce-activities.cron", () -> NEVER);
        registry.add("signalbridge.marketo.pull.jobs.marketo-activities.cron", () -> NEVER);
    }

    @Autowired
    JdbcTemplate jdbc;

    final HttpClient client = HttpClient.newHttpClient();
    final ObjectMapper json = new ObjectMapper();

    @Test
    void opsSignsInThroughTheProviderSeesTheRunButtonsAndSignsOutOfBoth() {
        ChromeDriver browser = Chromium.start();
        try {
            browser.get(SERVICE + "/");
            SandboxSignIn.atTheProvidersForm(browser);
            assertThat(browser.getCurrentUrl()).as("the sandbox provider's form").startsWith(SERVICE + "/sandbox/okta/login");
            SandboxSignIn.submit(browser, "ops", "wrong");
            new WebDriverWait(browser, Duration.ofSeconds(20)).until(driver -> !driver.findElements(By.id("error")).isEmpty());
            SandboxSignIn.submit(browser, "ops", SandboxSignIn.PASSWORD);
            awaitUser(browser, "ops (operations)");
            awaitButtons(browser);
            assertThat(buttons(browser)).contains("Run now", "Score now", "Write back now");

            var session = browser.manage().getCookieNamed("JSESSIONID");
            assertThat(session.isHttpOnly()).isTrue();
            assertThat(session.getSameSite()).isEqualTo("Lax");
            assertThat(browser.manage().getCookieNamed("XSRF-TOKEN").getSameSite()).isEqualTo("Lax");

            // the session cookie alone changes nothing: a state change needs the CSRF token as well
            @SuppressWarnings("unchecked")
            var statuses = (List<Object>) browser.executeAsyncScript("""
                    const done = arguments[arguments.length - 1];
                    const csrf = decodeURIComponent(document.cookie.split('; ').find(c => c.startsWith('XSRF-TOKEN=')).substring(11));
                    const post = headers => fetch('/api/tokens', { method: 'POST', headers: { 'Content-Type': 'application/json', ...headers },
                        body: JSON.stringify({ name: 'from the browser' }) }).then(r => r.status);
                    Promise.all([post({}), post({ 'X-XSRF-TOKEN': 'forged' }), post({ 'X-XSRF-TOKEN': csrf })]).then(done, e => done(String(e)));""");
            assertThat(statuses).containsExactly(403L, 403L, 201L);

            browser.findElement(By.id("sign-out")).click();
            SandboxSignIn.atTheProvidersForm(browser);
            browser.get(SERVICE + "/");
            SandboxSignIn.atTheProvidersForm(browser);
            assertThat(browser.getCurrentUrl()).as("signed out of the console and of the provider: asked to sign in again")
                    .contains("/sandbox/okta/login");
        } finally {
            browser.quit();
        }
    }

    @Test
    void aViewerSeesNoRunButtonsAndANewcomerInNoGroupIsViewOnly() {
        for (String user : List.of("viewer", "newcomer")) {
            ChromeDriver browser = Chromium.start();
            try {
                SandboxSignIn.signIn(browser, SERVICE, user);
                awaitUser(browser, user + " (viewer)");
                awaitButtons(browser);
                assertThat(buttons(browser)).as(user).contains("Preview write-back").doesNotContain("Run now", "Score now", "Write back now");
                assertThat(tabs(browser)).as(user).contains("Overview", "Failures", "Mappings");
            } finally {
                browser.quit();
            }
        }
    }

    @Test
    void anInsightsUserSeesAccountsSegmentsAndTokensOnly() {
        ChromeDriver browser = Chromium.start();
        try {
            SandboxSignIn.signIn(browser, SERVICE, "insights");
            awaitUser(browser, "insights (insights)");
            assertThat(tabs(browser)).containsExactly("Segments", "Accounts", "API tokens");
        } finally {
            browser.quit();
        }
    }

    @Test
    void aRoleAnAdminAssignsInTheConsoleReplacesTheGroupsRolesAtTheNextSignIn() {
        ChromeDriver admin = Chromium.start();
        try {
            SandboxSignIn.signIn(admin, SERVICE, "admin");
            assertThat(tabs(admin)).contains("Users");
            admin.get(SERVICE + "/#users");
            new WebDriverWait(admin, Duration.ofSeconds(20)).until(driver -> !driver.findElements(By.name("user")).isEmpty());
            admin.findElement(By.name("user")).sendKeys("newcomer");
            admin.findElement(By.cssSelector("input[name=role][value=OPERATIONS]")).click();
            admin.findElement(By.xpath("//button[text()='Assign roles']")).click();
            new WebDriverWait(admin, Duration.ofSeconds(20)).withMessage(() -> admin.findElement(By.id("message")).getText())
                    .until(driver -> driver.findElement(By.id("view")).getText().contains("OPERATIONS\tadmin")
                            || driver.findElement(By.id("view")).getText().contains("OPERATIONS admin"));

            ChromeDriver newcomer = Chromium.start();
            try {
                SandboxSignIn.signIn(newcomer, SERVICE, "newcomer");
                awaitUser(newcomer, "newcomer (operations)");
                awaitButtons(newcomer);
                assertThat(buttons(newcomer)).contains("Run now");
                assertThat(tabs(newcomer)).doesNotContain("Users");
            } finally {
                newcomer.quit();
            }
        } finally {
            admin.quit();
            jdbc.update("delete from user_role_assignment");
        }
    }

    @Test
    void aBearerJwtOfTheProviderIsMappedToRolesAndAForgedOneIsRefused() throws Exception {
        String basic = Base64.getEncoder().encodeToString("signalbridge-console:sandbox".getBytes(StandardCharsets.UTF_8));
        var tokenResponse = client.send(HttpRequest.newBuilder(URI.create(SERVICE + "/sandbox/okta/oauth2/token"))
                .header("Authorization", "Basic " + basic).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(tokenResponse.statusCode()).as(tokenResponse.body()).isEqualTo(200);
        String jwt = json.readTree(tokenResponse.body()).path("access_token").asText();

        var me = get("/api/me", jwt);
        assertThat(me.statusCode()).isEqualTo(200);
        JsonNode body = json.readTree(me.body());
        assertThat(body.path("name").asText()).isEqualTo("signalbridge-console");
        assertThat(body.path("roles")).extracting(JsonNode::asText).as("no groups: View Only").containsExactly("VIEWER");
        var run = client.send(HttpRequest.newBuilder(URI.create(SERVICE + "/api/syncs/salesforce-accounts/run")).header("Authorization", "Bearer " + jwt)
                .header("X-Requested-With", "test").POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(run.statusCode()).isEqualTo(403);

        String[] parts = jwt.split("\\.");
        String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8).replace("\"signalbridge-console\"", "\"admin\"");
        String forged = parts[0] + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(payload.getBytes(StandardCharsets.UTF_8)) + "." + parts[2];
        assertThat(get("/api/me", forged).statusCode()).isEqualTo(401);
        assertThat(get("/api/me", "not-a-token-at-all").statusCode()).as("neither an API token nor a JWT").isEqualTo(401);
        assertThat(get("/api/me", "sbt_revoked-or-unknown").statusCode()).isEqualTo(401);
    }

    private HttpResponse<String> get(String path, String bearer) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create(SERVICE + path)).header("Authorization", "Bearer " + bearer).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static void awaitUser(ChromeDriver browser, String shown) {
        new WebDriverWait(browser, Duration.ofSeconds(30)).withMessage(() -> "the console shows " + shown)
                .until(driver -> driver.findElement(By.id("user")).getText().equals(shown));
    }

    private static void awaitButtons(ChromeDriver browser) {
        new WebDriverWait(browser, Duration.ofSeconds(30)).withMessage(() -> "the overview: " + browser.findElement(By.tagName("body")).getText())
                .until(driver -> buttons(browser).contains("Preview write-back"));
    }

    private static List<String> buttons(ChromeDriver browser) {
        return browser.findElements(By.cssSelector("#view button")).stream().map(WebElement::getText).toList();
    }

    private static List<String> tabs(ChromeDriver browser) {
        return browser.findElements(By.cssSelector("#tabs a")).stream().filter(WebElement::isDisplayed).map(WebElement::getText).toList();
    }
}

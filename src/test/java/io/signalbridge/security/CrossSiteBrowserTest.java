package io.signalbridge.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.sun.net.httpserver.HttpServer;

import io.signalbridge.support.Chromium;
import io.signalbridge.support.FreePorts;
import io.signalbridge.support.SandboxSignIn;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
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
 * Issue 16's finding, replayed in headless Chromium: a user signed in to the console (the browser holds the session
 * cookie of an OpenID Connect sign-in through the sandbox provider) opens a page on another origin that auto-submits a form to "run now", or fires a no-cors fetch at it.
 * Nothing runs. The same browser on the console's own origin does start a run (so the login was there to abuse),
 * and a viewer's browser gets 403 on run and replay.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT)
@ActiveProfiles({"sandbox", "test"})
class CrossSiteBrowserTest {

    static final int PORT = FreePorts.find();
    static final String NEVER = "0 0 0 1 1 ? 2099";
    static final String SERVICE = "http://localhost:" + PORT;
    static final String RUN = SERVICE + "/api/syncs/salesforce-accounts/run";

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("server.port", () -> PORT);
        // only the runs this test starts
        registry.add("signalbridge.salesforce.pull.jobs.salesforce-accounts.cron", () -> NEVER);
        registry.add("signalbridge.salesforce.pull.jobs.salesforce-activities.cron", () -> NEVER);
        registry.add("signalbridge.marketo.pull.jobs.marketo-activities.cron", () -> NEVER);
    }

    /** The other origin's pages, by path; served by a JDK HTTP server on a port of its own. */
    static final Map<String, String> PAGES = new ConcurrentHashMap<>();
    static HttpServer otherOrigin;

    @BeforeAll
    static void anotherOrigin() throws IOException {
        PAGES.put("/form.html", """
                <!DOCTYPE html><html><body>
                <form id="f" method="POST" action="%s"></form>
                <script>document.getElementById('f').submit();</script>
                </body></html>""".formatted(RUN));
        PAGES.put("/form-text.html", """
                <!DOCTYPE html><html><body>
                <form id="f" method="POST" enctype="text/plain" action="%s"><input name='{"a":"' value='"}'></form>
                <script>document.getElementById('f').submit();</script>
                </body></html>""".formatted(RUN));
        PAGES.put("/fetch.html", """
                <!DOCTYPE html><html><body><script>
                Promise.allSettled([
                  fetch('%1$s', { mode: 'no-cors', method: 'POST', credentials: 'include' }),
                  fetch('%1$s', { mode: 'no-cors', method: 'POST', credentials: 'include',
                                  headers: { 'Content-Type': 'text/plain' }, body: '{}' }),
                ]).then(() => { document.title = 'sent'; });
                </script></body></html>""".formatted(RUN));
        PAGES.put("/navigate.html", """
                <!DOCTYPE html><html><body>
                <form id="f" method="GET" action="%s/api/me"></form>
                <script>document.getElementById('f').submit();</script>
                </body></html>""".formatted(SERVICE));
        otherOrigin = HttpServer.create(new InetSocketAddress(0), 0);
        otherOrigin.createContext("/", exchange -> {
            String page = PAGES.get(exchange.getRequestURI().getPath());
            byte[] body = (page == null ? "not found" : page).getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "text/html; charset=utf-8");
            exchange.sendResponseHeaders(page == null ? 404 : 200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        otherOrigin.start();
    }

    @AfterAll
    static void stopTheOtherOrigin() {
        otherOrigin.stop(0);
    }

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void aFormOrANoCorsFetchFromAnotherOriginStartsNoRunThoughTheBrowserHoldsTheLogin() {
        ChromeDriver browser = signedIn("ops");
        try {
            // the user's own console starts a run: the browser holds a login that may
            int before = runs();
            Object status = browser.executeAsyncScript("""
                    const done = arguments[arguments.length - 1];
                    const csrf = decodeURIComponent(document.cookie.split('; ').find(c => c.startsWith('XSRF-TOKEN=')).substring(11));
                    fetch('/api/syncs/salesforce-accounts/run', { method: 'POST', headers: { 'X-Requested-With': 'XMLHttpRequest', 'X-XSRF-TOKEN': csrf } })
                      .then(r => done(r.status), e => done(String(e)));""");
            assertThat(status).isEqualTo(202L);
            awaitRuns(before + 1);
            awaitIdle();
            sleep(Duration.ofMillis(500));
            awaitIdle();
            int runs = runs();

            String other = "http://127.0.0.1:" + otherOrigin.getAddress().getPort();
            // and it sends that login to the service when a page of another site navigates there
            browser.get(other + "/navigate.html");
            awaitText(browser, "\"name\":\"ops\"");

            for (String origin : List.of(other, "http://localhost:" + otherOrigin.getAddress().getPort())) {
                for (String page : List.of("/form.html", "/form-text.html")) {
                    browser.get(origin + page);
                    awaitText(browser, "cross-site request refused");
                    assertThat(browser.getCurrentUrl()).as("the form was submitted").isEqualTo(RUN);
                }
                browser.get(origin + "/fetch.html");
                new WebDriverWait(browser, Duration.ofSeconds(20)).until(driver -> "sent".equals(driver.getTitle()));
            }
            sleep(Duration.ofSeconds(1));
            assertThat(runs()).as("runs of salesforce-accounts: none started from another origin").isEqualTo(runs);
        } finally {
            browser.quit();
        }
    }

    @Test
    void aViewersBrowserGetsForbiddenOnRunAndReplay() {
        ChromeDriver browser = signedIn("viewer");
        try {
            int before = runs();
            @SuppressWarnings("unchecked")
            var statuses = (List<Object>) browser.executeAsyncScript("""
                    const done = arguments[arguments.length - 1];
                    const post = path => fetch(path, { method: 'POST', headers: { 'X-Requested-With': 'XMLHttpRequest' } }).then(r => r.status);
                    Promise.all([post('/api/syncs/salesforce-accounts/run'), post('/api/failures/1/replay'),
                                 post('/api/failures/replay'), post('/api/failures/1/discard')]).then(done, e => done(String(e)));""");
            assertThat(statuses).containsExactly(403L, 403L, 403L, 403L);
            assertThat(runs()).isEqualTo(before);
        } finally {
            browser.quit();
        }
    }

    @Test
    void anInsightsUsersConsoleShowsAccountsAndSegmentsOnly() {
        ChromeDriver browser = signedIn("insights");
        try {
            new WebDriverWait(browser, Duration.ofSeconds(20)).until(driver -> driver.findElement(By.id("view")).getText().contains("Buying stages")
                    || driver.findElement(By.id("message")).isDisplayed());
            assertThat(browser.findElements(By.cssSelector("#tabs a")).stream().filter(WebElement::isDisplayed).map(WebElement::getText))
                    .containsExactly("Segments", "Accounts", "API tokens");
            assertThat(browser.getCurrentUrl()).doesNotContain("#overview");
            assertThat(browser.findElement(By.id("message")).isDisplayed()).as("no error: %s", browser.findElement(By.id("message")).getText())
                    .isFalse();
            assertThat(browser.findElement(By.id("view")).getText()).contains("Buying stages");
        } finally {
            browser.quit();
        }
    }

    /** A browser that has signed in to the console as this demo user, through the sandbox identity provider. */
    private static ChromeDriver signedIn(String user) {
        ChromeDriver browser = Chromium.start();
        SandboxSignIn.signIn(browser, SERVICE, user);
        return browser;
    }

    private static void awaitText(ChromeDriver browser, String text) {
        new WebDriverWait(browser, Duration.ofSeconds(20)).withMessage(() -> "the page shows: " + browser.findElement(By.tagName("body")).getText())
                .until(driver -> driver.findElement(By.tagName("body")).getText().contains(text));
    }

    private int runs() {
        return jdbc.queryForObject("select count(*) from sync_run where job = 'salesforce-accounts'", Integer.class);
    }

    private void awaitRuns(int count) {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (runs() < count && System.nanoTime() < deadline) {
            sleep(Duration.ofMillis(100));
        }
        assertThat(runs()).isGreaterThanOrEqualTo(count);
    }

    private void awaitIdle() {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (jdbc.queryForObject("select count(*) from sync_run where job = 'salesforce-accounts' and status = 'RUNNING'", Integer.class) > 0
                && System.nanoTime() < deadline) {
            sleep(Duration.ofMillis(100));
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

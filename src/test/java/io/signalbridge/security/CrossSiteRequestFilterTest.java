package io.signalbridge.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.test.context.ActiveProfiles;

/**
 * The cross-site rule over real HTTP, with a plain client that sends exactly the headers each case names (the suite's
 * TestRestTemplate adds X-Requested-With to everything), and the rule's origin comparison on its own.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles({"sandbox", "test"})
class CrossSiteRequestFilterTest {

    static final String RUN = "/api/syncs/salesforce-accounts/run";
    /** Passes the filter and the matrix, then the controller answers 404: no run, whatever the test lets through. */
    static final String NO_SUCH_JOB = "/api/syncs/no-such-job/run";

    @LocalServerPort
    int port;
    @Autowired
    JdbcTemplate jdbc;

    final HttpClient client = HttpClient.newHttpClient();

    @Test
    void aBodylessOrFormPostWithTheOpsLoginIsRefusedAndStartsNoRun() throws Exception {
        int runs = runs();

        assertThat(post(RUN, null, null)).as("no body, no header").isEqualTo(403);
        assertThat(post(RUN, "application/x-www-form-urlencoded", "a=b")).as("what an HTML form sends").isEqualTo(403);
        assertThat(post(RUN, "text/plain", "x")).as("the other form encodings").isEqualTo(403);
        assertThat(post(RUN, "multipart/form-data; boundary=x", "--x--")).isEqualTo(403);
        assertThat(send(request(RUN, "text/plain;a=application/json", "x"))).as("JSON only as a parameter").isEqualTo(403);
        assertThat(runs()).as("no run started").isEqualTo(runs);

        var refusal = client.send(request(RUN, null, null).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(refusal.body()).contains("needs a JSON body or the X-Requested-With header");
    }

    @Test
    void aJsonBodyOrTheHeaderLetsAScriptThrough() throws Exception {
        assertThat(post(NO_SUCH_JOB, "application/json", "{}")).isEqualTo(404);
        assertThat(post(NO_SUCH_JOB, "application/merge-patch+json", "{}")).isEqualTo(404);
        assertThat(send(request(NO_SUCH_JOB, null, null).header("X-Requested-With", "curl"))).isEqualTo(404);
        assertThat(send(request(NO_SUCH_JOB, null, null).header("X-Requested-With", "XMLHttpRequest")
                .header("Origin", "http://localhost:" + port).header("Sec-Fetch-Site", "same-origin")))
                .as("the console, from its own origin").isEqualTo(404);
        assertThat(send(request(NO_SUCH_JOB, null, null).header("X-Requested-With", "x").header("Sec-Fetch-Site", "none")))
                .as("typed by the user").isEqualTo(404);
    }

    @Test
    void aForeignOriginOrAnotherSiteIsRefusedEvenWithJsonAndTheHeader() throws Exception {
        int runs = runs();
        for (String origin : new String[] {"http://127.0.0.1:" + (port + 1), "http://evil.example", "null", "https://localhost:" + port,
                "http://localhost:" + port + ".evil.example"}) {
            assertThat(send(request(RUN, "application/json", "{}").header("X-Requested-With", "x").header("Origin", origin)))
                    .as(origin).isEqualTo(403);
        }
        for (String site : new String[] {"cross-site", "same-site", "Cross-Site"}) {
            assertThat(send(request(RUN, "application/json", "{}").header("X-Requested-With", "x").header("Sec-Fetch-Site", site)))
                    .as(site).isEqualTo(403);
        }
        assertThat(send(request(RUN, "application/json", "{}").header("Origin", "http://localhost:" + port)
                .header("Sec-Fetch-Site", "cross-site"))).as("Sec-Fetch-Site decides over a matching Origin").isEqualTo(403);
        assertThat(runs()).isEqualTo(runs);
    }

    @Test
    void readsFromAnotherSiteAreNotTheRulesBusiness() throws Exception {
        var get = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/me")).header("Authorization", basic("viewer"))
                .header("Origin", "http://evil.example").header("Sec-Fetch-Site", "cross-site").GET().build();
        // (no CORS header is ever sent, so the other site's script cannot read the answer)
        var response = client.send(get, HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
    }

    @Test
    void theSandboxOrgsTakeFormPostsFromServersButNothingFromAnotherSite() throws Exception {
        String token = "/sandbox/salesforce/services/oauth2/token";
        String form = "grant_type=password&client_id=sandbox&client_secret=sandbox&username=integration@sandbox.local&password=sandbox";
        var fromServer = HttpRequest.newBuilder(URI.create("http://localhost:" + port + token))
                .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(form));
        assertThat(send(fromServer)).as("camel-salesforce's login").isEqualTo(200);

        var fromAnotherSite = HttpRequest.newBuilder(URI.create("http://localhost:" + port + token))
                .header("Content-Type", "application/x-www-form-urlencoded").header("Origin", "http://evil.example")
                .POST(HttpRequest.BodyPublishers.ofString(form));
        assertThat(send(fromAnotherSite)).isEqualTo(403);
        var sameSite = HttpRequest.newBuilder(URI.create("http://localhost:" + port + token))
                .header("Content-Type", "application/x-www-form-urlencoded").header("Sec-Fetch-Site", "same-site")
                .POST(HttpRequest.BodyPublishers.ofString(form));
        assertThat(send(sameSite)).isEqualTo(403);
    }

    @Test
    void originsCompareByNormalizedSchemeHostAndPort() {
        var filter = new CrossSiteRequestFilter(Set.of("https://Ops.Example.com:443"), true);

        assertThat(filter.refusal(post("http", "localhost", 8080, "http://LOCALHOST:8080"))).isNull();
        assertThat(filter.refusal(post("http", "example.com", 80, "http://example.com"))).as("default port left out").isNull();
        assertThat(filter.refusal(post("https", "example.com", 443, "https://example.com:443"))).isNull();
        assertThat(filter.refusal(post("http", "internal", 8080, "https://ops.example.com"))).as("trusted").isNull();
        assertThat(filter.refusal(post("http", "::1", 8080, "http://[::1]:8080"))).as("IPv6").isNull();
        assertThat(filter.refusal(post("http", "localhost", 8080, "http://localhost:8081"))).contains("foreign Origin");
        assertThat(filter.refusal(post("http", "localhost", 8080, "http://localhost"))).contains("foreign Origin");
        assertThat(filter.refusal(post("http", "localhost", 8080, "localhost:8080"))).contains("foreign Origin");
        assertThat(filter.refusal(post("http", "localhost", 8080, "%%"))).contains("foreign Origin");
    }

    private static MockHttpServletRequest post(String scheme, String host, int port, String origin) {
        var request = new MockHttpServletRequest("POST", "/api/syncs/x/run");
        request.setScheme(scheme);
        request.setServerName(host);
        request.setServerPort(port);
        request.addHeader("Origin", origin);
        request.addHeader("X-Requested-With", "x");
        return request;
    }

    private int runs() {
        return jdbc.queryForObject("select count(*) from sync_run where job = 'salesforce-accounts'", Integer.class);
    }

    private int post(String path, String contentType, String body) throws Exception {
        return send(request(path, contentType, body));
    }

    private HttpRequest.Builder request(String path, String contentType, String body) {
        var request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).header("Authorization", basic("ops"))
                .POST(body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return contentType == null ? request : request.header("Content-Type", contentType);
    }

    private int send(HttpRequest.Builder request) throws Exception {
        return client.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private static String basic(String user) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":sandbox").getBytes(StandardCharsets.UTF_8));
    }
}

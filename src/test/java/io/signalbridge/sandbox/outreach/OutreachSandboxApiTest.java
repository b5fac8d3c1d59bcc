package io.signalbridge.sandbox.outreach;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.signalbridge.sandbox.SandboxTokenStore;
import io.signalbridge.sandbox.marketo.MutableTestClock;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.web.util.UriComponentsBuilder;

/** The sandbox Outreach org's API v2, as a client sees it over HTTP: tokens, limits, JSON:API paging, the real refusals. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
@Import(MutableTestClock.Config.class)
class OutreachSandboxApiTest {

    static final MediaType JSON_API = MediaType.parseMediaType("application/vnd.api+json");

    @LocalServerPort
    int port;
    @Autowired
    TestRestTemplate http;
    @Autowired
    ObjectMapper json;
    @Autowired
    OutreachStore store;
    @Autowired
    SandboxTokenStore tokens;
    @Autowired
    MutableTestClock clock;

    String token;

    @BeforeEach
    void emptyOrg() {
        clock.advance(Duration.ofHours(1));
        store.deleteAll();
        tokens.revokeAll(SandboxTokenStore.Org.OUTREACH);
        token = token("client_credentials", null).getBody().get("access_token").asText();
    }

    @Test
    void tokensByClientCredentialsOrRefreshTokenAndTheRealRefusals() {
        ResponseEntity<JsonNode> issued = token("refresh_token", "sandbox-outreach-refresh-token");
        assertThat(issued.getStatusCode().value()).isEqualTo(200);
        assertThat(issued.getBody().get("token_type").asText()).isEqualTo("bearer");
        assertThat(issued.getBody().get("expires_in").asLong()).isEqualTo(7200);
        assertThat(token("refresh_token", "stolen").getBody().get("error").asText()).isEqualTo("invalid_grant");
        assertThat(token("password", null).getBody().get("error").asText()).isEqualTo("unsupported_grant_type");

        var form = new LinkedMultiValueMap<String, String>();
        form.add("grant_type", "client_credentials");
        form.add("client_id", "sandbox");
        form.add("client_secret", "wrong");
        var refused = http.postForEntity(base() + "/sandbox/outreach/oauth/token", new HttpEntity<>(form, formHeaders()), JsonNode.class);
        assertThat(refused.getStatusCode().value()).isEqualTo(401);
        assertThat(refused.getBody().get("error").asText()).isEqualTo("invalid_client");

        assertThat(call(HttpMethod.GET, "/mailboxes", null, null).getStatusCode().value()).as("no token").isEqualTo(401);
        assertThat(call(HttpMethod.GET, "/mailboxes", null, "made-up").getBody().at("/errors/0/id").asText()).isEqualTo("unauthorized");
        assertThat(call(HttpMethod.GET, "/mailboxes", null, "sandbox-outreach-token").getStatusCode().value()).as("the fixed token").isEqualTo(200);
        clock.advance(Duration.ofHours(2).plusSeconds(1));
        assertThat(call(HttpMethod.GET, "/mailboxes", null, token).getStatusCode().value()).as("expired").isEqualTo(401);
    }

    @Test
    void aBodyThatIsNotJsonApiIsRefusedWith415() {
        var headers = new HttpHeaders();
        headers.setBearerAuth(token);
        headers.setContentType(MediaType.APPLICATION_JSON);
        var answer = http.exchange(URI.create(api("/prospects")), HttpMethod.POST,
                new HttpEntity<>("{\"data\":{\"type\":\"prospect\",\"attributes\":{\"emails\":[\"a@b.example\"]}}}", headers), JsonNode.class);
        assertThat(answer.getStatusCode().value()).isEqualTo(415);
        assertThat(answer.getBody().at("/errors/0/id").asText()).isEqualTo("unsupportedMediaType");
    }

    @Test
    void prospectsAreFoundByAnyOfTheirEmailsAndAnEmailIsTakenOnce() {
        var created = call(HttpMethod.POST, "/prospects", prospect("Ann.Lee@Acme.example", "Ann", "Lee"), token);
        assertThat(created.getStatusCode().value()).isEqualTo(201);
        assertThat(created.getHeaders().getContentType().toString()).startsWith("application/vnd.api+json");
        long id = created.getBody().at("/data/id").asLong();
        assertThat(created.getBody().at("/data/attributes/emails/0").asText()).isEqualTo("Ann.Lee@Acme.example");

        JsonNode found = call(HttpMethod.GET, uri("/prospects", "filter[emails]", "ann.lee@acme.example"), null, token).getBody();
        assertThat(found.at("/data/0/id").asLong()).isEqualTo(id);
        assertThat(found.at("/meta/count").asLong()).isEqualTo(1);
        assertThat(call(HttpMethod.GET, uri("/prospects", "filter[emails]", "nobody@acme.example"), null, token).getBody().at("/data").size())
                .isZero();

        var taken = call(HttpMethod.POST, "/prospects", prospect("ann.lee@acme.example", "Ann", "Again"), token);
        assertThat(taken.getStatusCode().value()).isEqualTo(422);
        assertThat(taken.getBody().at("/errors/0/id").asText()).isEqualTo("validationError");
        assertThat(taken.getBody().at("/errors/0/source/pointer").asText()).isEqualTo("/data/attributes/emails");
        assertThat(call(HttpMethod.GET, "/prospects/999999", null, token).getBody().at("/errors/0/id").asText()).isEqualTo("resourceNotFound");
    }

    @Test
    void listsPageByCursorThroughLinksNextEachResourceOnce() {
        for (int i = 0; i < 7; i++) {
            store.insertMailbox("rep" + i + "@sandbox.local", "Rep " + i, false);
        }
        Set<Long> seen = new HashSet<>();
        List<Integer> sizes = new ArrayList<>();
        String next = uri("/mailboxes", "page[size]", "3");
        while (next != null) {
            JsonNode page = call(HttpMethod.GET, next, null, token).getBody();
            sizes.add(page.get("data").size());
            page.get("data").forEach(m -> assertThat(seen.add(m.get("id").asLong())).isTrue());
            assertThat(page.at("/meta/count").asLong()).isEqualTo(7);
            next = page.at("/links/next").isTextual() ? page.at("/links/next").asText() : null;
        }
        assertThat(sizes).containsExactly(3, 3, 1);
        assertThat(seen).hasSize(7);
        assertThat(call(HttpMethod.GET, uri("/mailboxes", "count", "false"), null, token).getBody().has("meta")).isFalse();
        assertThat(call(HttpMethod.GET, uri("/mailboxes", "page[size]", "1001"), null, token).getStatusCode().value()).isEqualTo(400);
    }

    @Test
    void addingToASequenceFailsAsOutreachDoes() {
        var now = clock.instant();
        long mailbox = store.insertMailbox("rep01@sandbox.local", "Rep", false).id();
        long cannotSend = store.insertMailbox("former@sandbox.local", "Former", true).id();
        long sequence = store.insertSequence("Decision - BDR 21-step outbound cadence", true, 21, now).id();
        long retired = store.insertSequence("Retired", false, 3, now).id();
        long ann = store.insertProspect(List.of("ann@acme.example"), "Ann", "Lee", null, null, null, false, now).id();
        long optedOut = store.insertProspect(List.of("bob@acme.example"), "Bob", "Ray", null, null, null, true, now).id();

        var added = call(HttpMethod.POST, "/sequenceStates", state(ann, sequence, mailbox), token);
        assertThat(added.getStatusCode().value()).isEqualTo(201);
        assertThat(added.getBody().at("/data/attributes/state").asText()).isEqualTo("active");
        assertThat(added.getBody().at("/data/relationships/sequence/data/id").asLong()).isEqualTo(sequence);

        assertThat(detail(call(HttpMethod.POST, "/sequenceStates", state(ann, sequence, mailbox), token))).contains("already");
        assertThat(detail(call(HttpMethod.POST, "/sequenceStates", state(optedOut, sequence, mailbox), token))).contains("opted out");
        assertThat(detail(call(HttpMethod.POST, "/sequenceStates", state(ann, retired, mailbox), token))).contains("not enabled");
        assertThat(detail(call(HttpMethod.POST, "/sequenceStates", state(ann, sequence, cannotSend), token))).contains("cannot send");
        assertThat(detail(call(HttpMethod.POST, "/sequenceStates", state(ann, sequence, null), token))).isEqualTo("Mailbox can't be blank");

        JsonNode states = call(HttpMethod.GET, uri("/sequenceStates", "filter[prospect][id]", Long.toString(ann), "filter[sequence][id]",
                Long.toString(sequence)), null, token).getBody();
        assertThat(states.get("data")).hasSize(1);
    }

    @Test
    void theHourlyRateLimitIsCountedPerUserAndAnswered429WithItsHeaders() throws Exception {
        var hour = clock.instant().truncatedTo(ChronoUnit.HOURS);
        var first = call(HttpMethod.GET, "/sequences", null, token);
        assertThat(first.getHeaders().getFirst("X-RateLimit-Limit")).isEqualTo("10000");
        assertThat(first.getHeaders().getFirst("X-RateLimit-Remaining")).isEqualTo("9999");
        assertThat(Long.parseLong(first.getHeaders().getFirst("X-RateLimit-Reset"))).isEqualTo(hour.plus(1, ChronoUnit.HOURS).getEpochSecond());
        for (int i = 1; i < 10_000; i++) {
            store.countCall("sandbox", hour);
        }
        // java.net.http: Apache HttpClient 5 (TestRestTemplate's) retries a 429 itself after its Retry-After, an hour here
        var refused = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(URI.create(api("/sequences")))
                .header("Authorization", "Bearer " + token).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(refused.statusCode()).isEqualTo(429);
        assertThat(json.readTree(refused.body()).at("/errors/0/id").asText()).isEqualTo("rateLimitExceeded");
        assertThat(refused.headers().firstValue("X-RateLimit-Remaining")).hasValue("0");
        assertThat(Long.parseLong(refused.headers().firstValue("Retry-After").orElseThrow())).isBetween(1L, 3600L);
        clock.advance(Duration.ofHours(1));
        assertThat(call(HttpMethod.GET, "/sequences", null, "sandbox-outreach-token").getStatusCode().value()).as("the next hour").isEqualTo(200);
    }

    private String detail(ResponseEntity<JsonNode> answer) {
        assertThat(answer.getStatusCode().value()).isEqualTo(422);
        assertThat(answer.getBody().at("/errors/0/id").asText()).isEqualTo("validationError");
        return answer.getBody().at("/errors/0/detail").asText();
    }

    private String prospect(String email, String first, String last) {
        return "{\"data\":{\"type\":\"prospect\",\"attributes\":{\"emails\":[\"" + email + "\"],\"firstName\":\"" + first
                + "\",\"lastName\":\"" + last + "\"}}}";
    }

    private String state(long prospect, long sequence, Long mailbox) {
        var document = json.createObjectNode();
        var relationships = document.putObject("data").put("type", "sequenceState").putObject("relationships");
        relationships.putObject("prospect").putObject("data").put("type", "prospect").put("id", prospect);
        relationships.putObject("sequence").putObject("data").put("type", "sequence").put("id", sequence);
        if (mailbox != null) {
            relationships.putObject("mailbox").putObject("data").put("type", "mailbox").put("id", mailbox);
        }
        return document.toString();
    }

    private ResponseEntity<JsonNode> call(HttpMethod method, String pathOrUrl, String body, String bearer) {
        var headers = new HttpHeaders();
        if (bearer != null) {
            headers.setBearerAuth(bearer);
        }
        if (body != null) {
            headers.setContentType(JSON_API);
        }
        String url = pathOrUrl.startsWith("http") ? pathOrUrl : api(pathOrUrl);
        return http.exchange(URI.create(url), method, new HttpEntity<>(body, headers), JsonNode.class);
    }

    private ResponseEntity<JsonNode> token(String grant, String refreshToken) {
        var form = new LinkedMultiValueMap<String, String>();
        form.add("grant_type", grant);
        form.add("client_id", "sandbox");
        form.add("client_secret", "sandbox");
        if (refreshToken != null) {
            form.add("refresh_token", refreshToken);
        }
        return http.postForEntity(base() + "/sandbox/outreach/oauth/token", new HttpEntity<>(form, formHeaders()), JsonNode.class);
    }

    private static HttpHeaders formHeaders() {
        var headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_FORM_URLENCODED);
        return headers;
    }

    private String uri(String path, String... query) {
        var builder = UriComponentsBuilder.fromUriString(api(path));
        for (int i = 0; i < query.length; i += 2) {
            builder.queryParam(query[i], query[i + 1]);
        }
        return builder.encode().build().toUriString();
    }

    private String api(String path) {
        return base() + "/sandbox/outreach/api/v2" + path;
    }

    private String base() {
        return "http://localhost:" + port;
    }
}

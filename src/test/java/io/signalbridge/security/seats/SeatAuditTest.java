package io.signalbridge.security.seats;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Map;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.signalbridge.sandbox.marketo.MutableTestClock;
import io.signalbridge.security.Role;
import io.signalbridge.security.scim.ScimDirectory;
import io.signalbridge.security.scim.ScimDirectory.UserData;
import io.signalbridge.security.seats.SeatAudit.Action;
import io.signalbridge.security.tokens.ApiTokens;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ActiveProfiles;

/**
 * The seat audit with a fixed clock: of three provisioned users, one signed in seven months ago, one used an API token
 * last week, one was provisioned seven months ago and never signed in. A dry run reports two and changes nothing; the
 * real run deactivates those two (their tokens revoked, their rows kept, each revocation audited) and keeps the third.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles({"sandbox", "test"})
@Import(MutableTestClock.Config.class)
class SeatAuditTest {

    @Autowired
    MutableTestClock clock;
    @Autowired
    ScimDirectory directory;
    @Autowired
    SignIns signIns;
    @Autowired
    ApiTokens tokens;
    @Autowired
    SeatAudit audit;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    TestRestTemplate http;
    @Autowired
    ObjectMapper json;
    @LocalServerPort
    int port;

    @Test
    void seatsUnusedForSixMonthsAreRevokedAndADryRunOnlyReports() throws Exception {
        directory.createUser(new UserData("ann@corp.example", null, "Ann", "Lee", null, null, true));
        directory.createUser(new UserData("carl@corp.example", null, "Carl", "Ray", null, null, true));
        signIns.record("ann@corp.example", SignIns.Via.CONSOLE);
        clock.advance(Duration.ofDays(1));
        directory.createUser(new UserData("bea@corp.example", null, "Bea", "Tan", null, null, true));
        String beasToken = tokens.create("bea@corp.example", EnumSet.of(Role.VIEWER), "script", Duration.ofDays(365)).secret();
        String annsToken = tokens.create("ann@corp.example", EnumSet.of(Role.VIEWER), "script", Duration.ofDays(365)).secret();

        clock.advance(Duration.ofDays(205));
        // Bea's script calls the API with her token: that is a sign-in
        var answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/me"))
                .header("Authorization", "Bearer " + beasToken).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(signIns.last("bea@corp.example").orElseThrow().via()).isEqualTo(SignIns.Via.API_TOKEN);
        clock.advance(Duration.ofDays(7));

        var dryRun = audit.run(true, "admin");
        assertThat(actions(dryRun)).containsExactlyInAnyOrderEntriesOf(Map.of("ann@corp.example", Action.WOULD_REVOKE,
                "bea@corp.example", Action.KEPT, "carl@corp.example", Action.WOULD_REVOKE));
        assertThat(activeUsers()).as("a dry run changes nothing").isEqualTo(3);

        var admin = http.withBasicAuth("admin", "sandbox");
        JsonNode report = admin.postForObject("/api/seats/audit?dryRun=false", null, JsonNode.class);
        assertThat(report.path("revoked").asInt()).isEqualTo(2);
        assertThat(report.path("kept").asInt()).isEqualTo(1);
        assertThat(activeUsers()).isEqualTo(1);
        assertThat(jdbc.queryForObject("select count(*) from scim_user", Integer.class)).as("revoked users keep their rows").isEqualTo(3);
        assertThat(tokens.use(annsToken)).as("a revoked seat's tokens are revoked").isEmpty();
        assertThat(jdbc.queryForList("select target from audit_log where action = 'seat.revoke' order by target", String.class))
                .containsExactly("ann@corp.example", "carl@corp.example");

        JsonNode seats = admin.getForObject("/api/seats", JsonNode.class);
        assertThat(seats.path("active").asInt()).isEqualTo(1);
        JsonNode ann = java.util.stream.StreamSupport.stream(seats.path("users").spliterator(), false)
                .filter(u -> u.path("userName").asText().equals("ann@corp.example")).findFirst().orElseThrow();
        assertThat(ann.path("active").asBoolean()).isFalse();
        assertThat(ann.path("via").asText()).isEqualTo("CONSOLE");
        JsonNode audits = admin.getForObject("/api/seats/audits", JsonNode.class);
        assertThat(audits.size()).isEqualTo(2);
        assertThat(audits.path(0).path("dryRun").asBoolean()).isFalse();
        assertThat(audits.path(1).path("dryRun").asBoolean()).isTrue();
        assertThat(http.withBasicAuth("ops", "sandbox").getForEntity("/api/seats", String.class).getStatusCode().value())
                .as("seats are the admin's").isEqualTo(403);
    }

    private static Map<String, Action> actions(SeatAudit.Report report) {
        return report.entries().stream().collect(Collectors.toMap(SeatAudit.Entry::userName, SeatAudit.Entry::action));
    }

    private int activeUsers() {
        return jdbc.queryForObject("select count(*) from scim_user where active", Integer.class);
    }
}

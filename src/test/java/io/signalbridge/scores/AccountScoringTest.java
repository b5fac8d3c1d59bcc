package io.signalbridge.scores;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.zaxxer.hikari.HikariDataSource;

import io.signalbridge.sandbox.generator.GeneratedDemoOrg;
import io.signalbridge.signals.PulledRecord;
import io.signalbridge.signals.SignalStore;

import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ActiveProfiles;

/** The "score accounts" route step over a signal store holding a pulled demo org, and the scoring API. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles({"sandbox", "test"})
class AccountScoringTest {

    static final GeneratedDemoOrg ORG = GeneratedDemoOrg.generate(7, 300);

    @TestConfiguration
    static class DemoOrgTime {
        @Bean
        @Primary
        Clock scoringTestClock() {
            return Clock.fixed(ORG.now().plus(Duration.ofHours(1)), ZoneOffset.UTC);
        }
    }

    @Autowired
    SignalStore store;
    @Autowired
    ProducerTemplate camel;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    TestRestTemplate http;

    @Test
    void scoresEveryAccountThroughTheRouteAndExplainsTheScores() {
        jdbc.update("delete from signal_record");
        jdbc.update("delete from account_score");
        jdbc.update("delete from account_score_event");
        jdbc.update("delete from person_score");
        var byObject = new LinkedHashMap<List<String>, List<PulledRecord>>();
        DemoOrgRecords.of(ORG).forEach(r -> byObject.computeIfAbsent(List.of(r.source(), r.objectName()), k -> new ArrayList<>()).add(r));
        byObject.forEach((key, records) -> store.commitPage(key.get(0), key.get(1), records, null));

        camel.sendBody("direct:score-accounts", null);

        assertThat(jdbc.queryForObject("select count(*) from account_score", Integer.class)).isEqualTo(300);
        assertThat(jdbc.queryForObject("select count(distinct buying_stage) from account_score", Integer.class)).isGreaterThan(2);
        String qualified = jdbc.queryForObject("select min(account_id) from account_score where qualified", String.class);
        assertThat(qualified).isNotNull();
        long events = jdbc.queryForObject("select count(*) from account_score_event", Long.class);
        assertThat(jdbc.queryForObject("select count(*) from account_score_event where event_type = 'QUALIFIED_STARTED'", Long.class))
                .isEqualTo(jdbc.queryForObject("select count(*) from account_score where qualified", Long.class));
        String rejections = jdbc.queryForObject("select rejections from scoring_run where status = 'SUCCEEDED' order by id desc limit 1",
                String.class);
        assertThat(rejections).startsWith("{");

        var response = http.withBasicAuth("viewer", "sandbox").getForEntity("/api/accounts/" + qualified + "/score", JsonNode.class);
        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.OK);
        JsonNode score = response.getBody();
        assertThat(score.path("sixQa").asBoolean()).isTrue();
        assertThat(score.path("sixQaStartDate").asText()).isEqualTo("2025-06-15");
        assertThat(score.path("sixQaAgeInDays").asInt()).isZero();
        assertThat(score.path("buyingStage").asText()).isIn("Decision", "Purchase");
        assertThat(score.path("profileFit").asText()).isIn("Strong", "Moderate");
        assertThat(score.path("topContributors").size()).isPositive();
        assertThat(score.path("history").size()).isPositive();
        assertThat(http.withBasicAuth("viewer", "sandbox").getForEntity("/api/accounts/nope/score", String.class).getStatusCode())
                .isEqualTo(HttpStatus.NOT_FOUND);

        String person = jdbc.queryForObject("select min(person_id) from person_score where account_id = ?", String.class, qualified);
        var personScore = http.withBasicAuth("viewer", "sandbox").getForEntity("/api/people/" + person + "/score", JsonNode.class);
        assertThat(personScore.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(personScore.getBody().path("grade").asText()).isIn("A", "B", "C", "D");
        assertThat(personScore.getBody().path("fit").asText()).isIn("Strong", "Moderate", "Weak");

        // Nothing changed: a second run rescores without new events.
        camel.sendBody("direct:score-accounts", null);
        assertThat(jdbc.queryForObject("select count(*) from account_score_event", Long.class)).isEqualTo(events);

        var backtest = Map.of("cutoff", ORG.now().atOffset(ZoneOffset.UTC).toLocalDate().minusDays(90).toString());
        assertThat(http.withBasicAuth("viewer", "sandbox").postForEntity("/api/scoring/backtest", backtest, String.class)
                .getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
        var report = http.withBasicAuth("ops", "sandbox").postForEntity("/api/scoring/backtest", backtest, JsonNode.class);
        assertThat(report.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(report.getBody().path("report").path("horizonDays").asInt()).isEqualTo(90);
        assertThat(report.getBody().path("markdown").asText()).contains("AUC of the profile score", "Calibration");

        var headers = new HttpHeaders();
        headers.setContentType(MediaType.valueOf("text/csv"));
        var csv = http.withBasicAuth("ops", "sandbox").postForEntity("/api/scoring/backtest/csv?outcome=converted&date=created",
                new HttpEntity<>(TableBacktestTest.csv(), headers), JsonNode.class);
        assertThat(csv.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(csv.getBody().path("report").path("auc").asDouble()).isGreaterThan(0.7);
    }

    @Test
    void theCommandLineBacktestWritesItsMarkdownReport(@TempDir Path dir) throws Exception {
        var url = jdbc.getDataSource().unwrap(HikariDataSource.class).getJdbcUrl();
        var out = dir.resolve("backtest.md");

        BacktestCommand.main(new String[] {"--url", url, "--user", "sa", "--password", "", "--cutoff", "2025-03-17",
                "--horizon", "60", "--out", out.toString()});

        assertThat(Files.readString(out)).contains("# Scoring backtest", "next 60 days", "(backtest-lift.png)");
        assertThat(dir.resolve("backtest-lift.png")).isNotEmptyFile();
        assertThat(dir.resolve("backtest-stages.png")).isNotEmptyFile();
    }
}

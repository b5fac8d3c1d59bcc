package io.signalbridge.failures;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.sql.DriverManager;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;

import io.signalbridge.SignalbridgeApplication;
import io.signalbridge.support.FreePorts;
import io.signalbridge.support.PostgresTestSupport;
import io.signalbridge.support.WireMockSalesforceOrg;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * The ops command line ({@code java -jar signalbridge.jar failures ...}) on a PostgreSQL database of its own,
 * as ops run it beside the service: each call starts the application without web server or schedules, acts
 * through the same services as the API, prints, and answers with an exit code. A replay pulls for real, from a
 * WireMock Salesforce.
 */
class FailuresCommandOnPostgresTest {

    static final String SCHEMA = "sbcli_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    static final String URL = PostgresTestSupport.URL + "?currentSchema=" + SCHEMA;
    static final WireMockServer salesforce = new WireMockServer(WireMockConfiguration.options().port(FreePorts.find()));
    static JdbcTemplate jdbc;
    static FailedExchangeStore store;

    @BeforeAll
    static void database() {
        salesforce.start();
        WireMockSalesforceOrg.stub(salesforce);
        var dataSource = new DriverManagerDataSource(URL, PostgresTestSupport.USER, "");
        Flyway.configure().dataSource(dataSource).schemas(SCHEMA).defaultSchema(SCHEMA).locations("classpath:db/migration").load().migrate();
        jdbc = new JdbcTemplate(dataSource);
        store = new FailedExchangeStore(jdbc, new ObjectMapper(), Clock.systemUTC());
    }

    @AfterAll
    static void dropSchema() throws Exception {
        salesforce.stop();
        try (var connection = DriverManager.getConnection(PostgresTestSupport.URL, PostgresTestSupport.USER, "");
             var statement = connection.createStatement()) {
            statement.execute("drop schema if exists " + SCHEMA + " cascade");
        }
    }

    record Run(int exitCode, String out, String err) {
    }

    @Test
    void badUsageIsExitCode2WithoutStartingTheService() {
        assertThat(run("failures").exitCode()).isEqualTo(2);
        assertThat(run("failures", "forget", "1").err()).contains("unknown action 'forget'", "usage:");
        assertThat(run("failures", "discard").err()).contains("discard needs the id");
        assertThat(run("failures", "replay").err()).contains("replay needs an id or at least one filter");
        assertThat(run("failures", "list", "--since", "yesterday").err()).contains("--since takes an instant");
        assertThat(run("failures", "list", "--status", "LOST").exitCode()).isEqualTo(2);
        assertThat(run("failures", "replay", "7", "--mapping-version=newest").err()).contains("mappingVersion must be original or current");
        assertThat(run("failures", "discard", "7", "--mapping-version=original").err()).contains("--mapping-version applies to replay only");
    }

    @Test
    void listReplayAndDiscardOverTheSameServiceAuditedAsTheOsUser() {
        jdbc.update("delete from failed_exchange_audit");
        jdbc.update("delete from failed_exchange");
        long pull = fail("salesforce-pull", "salesforce-activities", "direct://salesforce-pull", "SERVER_UNAVAILABLE");
        long other = fail("marketo-pull", "marketo-activities", "direct://marketo-pull", "606");
        jdbc.update("update failed_exchange set last_failure = last_failure - interval '3 days' where id = ?", other);

        Run list = run("failures", "list", "--route", "salesforce-pull", "--since", "24h");
        assertThat(list.exitCode()).as(list.err()).isZero();
        assertThat(list.out()).contains("ID", "STATUS", "ROUTE", "CODE", pull + " ", "SERVER_UNAVAILABLE", "1 failed exchange(s)")
                .doesNotContain("marketo-pull");

        Run replay = run("failures", "replay", "--route", "salesforce-pull", "--code", "SERVER_UNAVAILABLE", "--mapping-version=original");
        assertThat(replay.exitCode()).as(replay.out() + replay.err()).isZero();
        assertThat(replay.out()).contains(pull + " REPLAYED", "1 of 1 replayed");
        assertThat(store.auditTrail(pull)).singleElement().satisfies(a -> assertThat(a.outcome()).isEqualTo("REPLAYED (mapping version original)"));
        assertThat(jdbc.queryForList("select id from signal_record where source = 'salesforce'", String.class))
                .as("the replay ran the pull: every record, once").containsExactlyInAnyOrderElementsOf(WireMockSalesforceOrg.TASK_IDS);

        Run again = run("failures", "discard", String.valueOf(pull));
        assertThat(again.exitCode()).as("a replayed failure is not FAILED any more").isEqualTo(1);
        assertThat(again.out()).contains(pull + " NOT_FAILED: status is REPLAYED");

        Run discard = run("failures", "discard", String.valueOf(other));
        assertThat(discard.exitCode()).isZero();
        assertThat(store.find(other).orElseThrow().status()).isEqualTo(FailureStatus.DISCARDED);
        String osUser = "cli:" + System.getProperty("user.name");
        assertThat(Stream.of(pull, other).flatMap(id -> store.auditTrail(id).stream()).toList())
                .extracting(FailureAudit::actor, FailureAudit::action)
                .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple(osUser, "REPLAY"), org.assertj.core.groups.Tuple.tuple(osUser, "DISCARD"),
                        org.assertj.core.groups.Tuple.tuple(osUser, "DISCARD"));
    }

    private long fail(String route, String job, String target, String code) {
        return store.record(new FailedExchangeStore.Failure(route, null, job, null, Map.of("job", job, "trigger", "schedule"),
                "io.signalbridge.salesforce.SalesforcePull$PullRunFailedException", code, "Pull job " + job + " failed", target));
    }

    private static Run run(String... args) {
        var out = new ByteArrayOutputStream();
        var err = new ByteArrayOutputStream();
        var service = List.of("--spring.datasource.url=" + URL, "--spring.datasource.username=" + PostgresTestSupport.USER,
                "--spring.datasource.password=", "--spring.flyway.schemas=" + SCHEMA, "--spring.flyway.default-schema=" + SCHEMA,
                "--signalbridge.sandbox.enabled=false", "--camel.component.salesforce.login-url=" + salesforce.baseUrl(),
                // a real deployment's connector settings (the service refuses to start without them), pointed at WireMock
                "--camel.component.salesforce.client-id=wiremock", "--camel.component.salesforce.client-secret=wiremock",
                "--camel.component.salesforce.user-name=integration@example.com", "--camel.component.salesforce.password=wiremock",
                "--signalbridge.marketo.base-url=" + salesforce.baseUrl(), "--signalbridge.marketo.client-id=wiremock",
                "--signalbridge.marketo.client-secret=wiremock",
                "--signalbridge.salesforce.pull.bulk-threshold=0");
        String[] all = Stream.concat(Stream.of(args), args.length > 1 ? service.stream() : Stream.empty()).toArray(String[]::new);
        int code = FailuresCommand.run(SignalbridgeApplication.class, all, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
}

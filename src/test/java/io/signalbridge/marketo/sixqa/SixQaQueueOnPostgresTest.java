package io.signalbridge.marketo.sixqa;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;

import io.signalbridge.marketo.MarketoQuota;
import io.signalbridge.marketo.sixqa.SixQaScoringProperties.Action;
import io.signalbridge.sandbox.marketo.MarketoStore;
import io.signalbridge.sandbox.marketo.MutableTestClock;
import io.signalbridge.scores.AccountScores;
import io.signalbridge.signals.SignalStore;
import io.signalbridge.support.FreePorts;
import io.signalbridge.support.PostgresTestSupport;

import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.transaction.support.TransactionTemplate;

/** The timer queue on the real PostgreSQL: processors running at once skip each other's timers and never award twice. */
@SpringBootTest
@ActiveProfiles("test")
class SixQaQueueOnPostgresTest extends PostgresTestSupport {

    static final String ACCOUNT = "001000000000901AAA";
    static final int LEADS = 30;

    @Autowired
    SixQaScoringProperties defaults;
    @Autowired
    MarketoStore instance;
    @Autowired
    MarketoQuota quota;
    @Autowired
    SignalStore signals;
    @Autowired
    AccountScores scores;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    TransactionTemplate transaction;
    @Autowired
    ProducerTemplate camel;
    @Autowired
    ObjectMapper json;
    @Autowired
    Clock realClock;

    WireMockServer marketo;
    MutableTestClock clock;
    SixQaFixture fixture;

    @BeforeEach
    void queueThirtyLeads() {
        assertThat(jdbc.queryForObject("select version()", String.class)).startsWith("PostgreSQL");
        marketo = new WireMockServer(WireMockConfiguration.options().port(FreePorts.find()).extensions(new SyncLeadsAnswer(json)));
        marketo.start();
        clock = new MutableTestClock(realClock.instant().truncatedTo(ChronoUnit.SECONDS));
        fixture = new SixQaFixture(jdbc, instance, signals, scores, json, clock);
        fixture.clearRuleTables();
        String leads = java.util.stream.IntStream.rangeClosed(1, LEADS)
                .mapToObj(i -> "{\"id\":" + i + ",\"sfdcAccountId\":\"" + ACCOUNT + "\",\"email\":\"p" + i + "@acme.example\",\"leadStatus\":\"Engaged\",\"behaviorScore\":0}")
                .collect(Collectors.joining(",", "{\"requestId\":\"c#1\",\"success\":true,\"result\":[", "]}"));
        marketo.stubFor(post(urlPathEqualTo("/identity/oauth/token"))
                .willReturn(okJson("{\"access_token\":\"t1\",\"token_type\":\"bearer\",\"expires_in\":3599,\"scope\":\"api@example.com\"}")));
        marketo.stubFor(get(urlPathEqualTo("/rest/v1/leads.json")).withQueryParam("filterType", equalTo("sfdcAccountId")).willReturn(okJson(leads)));
        // more leads than asked for: the rule picks the ones it asked for by id
        marketo.stubFor(get(urlPathEqualTo("/rest/v1/leads.json")).withQueryParam("filterType", equalTo("id")).willReturn(okJson(leads)));
        marketo.stubFor(post(urlPathEqualTo("/rest/v1/leads.json")).willReturn(aResponse().withTransformers(SyncLeadsAnswer.NAME)));
        fixture.sixQaStarts(ACCOUNT);
        rule(LEADS).run("test");
        assertThat(jdbc.queryForObject("select count(*) from marketo_six_qa_timer where state = 'WAITING'", Long.class)).isEqualTo(LEADS);
        clock.advance(Duration.ofDays(6).plusMinutes(1));
    }

    @AfterEach
    void stopInstance() {
        marketo.stop();
        jdbc.update("delete from marketo_api_day");
    }

    SixQaScoring rule(int timersPerRun) {
        var client = SixQaFixture.client(marketo.baseUrl(), "client", "s3cret", camel, json, quota, realClock, new ArrayList<>());
        return SixQaFixture.scoring(SixQaFixture.settings(defaults, Action.WRITE_FIELD, null, timersPerRun), jdbc, transaction, client, signals,
                quota, json, clock);
    }

    @Test
    void twoProcessorsRunningAtOnceAwardEveryLeadExactlyOnce() throws Exception {
        var start = new CountDownLatch(1);
        List<CompletableFuture<Integer>> processors = new ArrayList<>();
        for (int p = 0; p < 2; p++) {
            SixQaScoring rule = rule(2);
            processors.add(CompletableFuture.supplyAsync(() -> {
                await(start);
                int awarded = 0;
                for (int run = 0; run < 100 && open() > 0; run++) {
                    awarded += rule.run("test").decisions().getOrDefault(SixQaDecision.AWARDED, 0);
                }
                return awarded;
            }));
        }
        start.countDown();
        int first = processors.get(0).get(2, TimeUnit.MINUTES);
        int second = processors.get(1).get(2, TimeUnit.MINUTES);

        assertThat(first + second).as("failures: %s", jdbc.queryForList("select reason from marketo_six_qa_decision where decision = 'FAILED' limit 3"))
                .isEqualTo(LEADS);
        assertThat(jdbc.queryForObject("select count(distinct lead_id) from marketo_six_qa_decision where decision = 'AWARDED'", Long.class))
                .isEqualTo(LEADS);
        assertThat(jdbc.queryForObject("select count(*) from marketo_six_qa_decision where decision = 'AWARDED'", Long.class)).isEqualTo(LEADS);
        List<Long> written = new ArrayList<>();
        for (var request : marketo.findAll(postRequestedFor(urlPathEqualTo("/rest/v1/leads.json")))) {
            json.readTree(request.getBodyAsString()).path("input").forEach(record -> written.add(record.path("id").asLong()));
        }
        assertThat(written).as("one score write per lead").hasSize(LEADS).doesNotHaveDuplicates();
        assertThat(open()).isZero();
    }

    @Test
    void aClaimSkipsTimersAnotherTransactionHoldsInsteadOfWaitingForThem() throws Exception {
        var store = new SixQaStore(jdbc, transaction);
        List<Long> ids = jdbc.queryForList("select id from marketo_six_qa_timer order by id", Long.class);
        List<Long> held = ids.subList(0, 5);
        var locked = new CountDownLatch(1);
        var release = new CountDownLatch(1);
        var holder = CompletableFuture.runAsync(() -> transaction.executeWithoutResult(status -> {
            jdbc.queryForList("select id from marketo_six_qa_timer where id in (" + held.stream().map(String::valueOf)
                    .collect(Collectors.joining(",")) + ") for update", Long.class);
            locked.countDown();
            await(release);
        }));
        assertThat(locked.await(30, TimeUnit.SECONDS)).isTrue();

        Instant now = clock.instant();
        List<SixQaStore.Timer> claimed = CompletableFuture.supplyAsync(() -> store.claim(now, 100, now.plusSeconds(600), List.of()))
                .get(30, TimeUnit.SECONDS);
        release.countDown();
        holder.get(30, TimeUnit.SECONDS);

        assertThat(claimed).extracting(SixQaStore.Timer::id).hasSize(LEADS - held.size()).doesNotContainAnyElementsOf(held);
        assertThat(store.claim(now, 100, now.plusSeconds(600), List.of())).extracting(SixQaStore.Timer::id)
                .as("once released, the held ones are claimable; the claimed ones are not claimed twice").containsExactlyElementsOf(held);
    }

    /** Answers Sync Leads as Marketo does: one result per input record, in input order. */
    static final class SyncLeadsAnswer implements ResponseDefinitionTransformerV2 {
        static final String NAME = "sync-leads-answer";
        final ObjectMapper json;

        SyncLeadsAnswer(ObjectMapper json) {
            this.json = json;
        }

        @Override
        public ResponseDefinition transform(ServeEvent serveEvent) {
            try {
                var body = json.createObjectNode().put("requestId", "c#3").put("success", true);
                var result = body.putArray("result");
                json.readTree(serveEvent.getRequest().getBodyAsString()).path("input")
                        .forEach(record -> result.addObject().put("id", record.path("id").asLong()).put("status", "updated"));
                // as text: WireMock's own (shaded) Jackson would not know this ObjectNode
                return ResponseDefinitionBuilder.responseDefinition().withStatus(200).withHeader("Content-Type", "application/json")
                        .withBody(json.writeValueAsString(body)).build();
            } catch (java.io.IOException e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public boolean applyGlobally() {
            return false;
        }

        @Override
        public String getName() {
            return NAME;
        }
    }

    private long open() {
        Long n = jdbc.queryForObject("select count(*) from marketo_six_qa_timer where state <> 'DONE'", Long.class);
        return n == null ? 0 : n;
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}

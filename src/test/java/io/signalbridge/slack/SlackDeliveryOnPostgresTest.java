package io.signalbridge.slack;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import com.github.tomakehurst.wiremock.WireMockServer;

import io.signalbridge.cluster.ClusterNode;
import io.signalbridge.cluster.ClusterProperties;
import io.signalbridge.cluster.DatabaseJobLeases;
import io.signalbridge.failures.ExternalSystemGuard;
import io.signalbridge.support.PostgresTestSupport;

import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Two nodes on the real PostgreSQL: the same alert enqueued on both at once is one message, and two delivery runs at
 * once (this context's and a second node's, with a job-lease owner of its own) send every message once, at the
 * webhook's pace across both.
 */
@SpringBootTest
@ActiveProfiles("test")
// its own properties make a context of its own on the JVM's schema, a member of its Quartz cluster: closed after the class
@DirtiesContext
class SlackDeliveryOnPostgresTest extends PostgresTestSupport {

    static final String SALES_HOOK = "/services/T000/B000/pgSalesSecret";
    static final String MARKETING_HOOK = "/services/T000/B001/pgMarketingSecret";
    static final WireMockSlack wireMock = new WireMockSlack();
    static final WireMockServer slack = wireMock.server;

    @DynamicPropertySource
    static void webhooks(DynamicPropertyRegistry registry) {
        registry.add("signalbridge.slack.webhooks.sales", () -> wireMock.url(SALES_HOOK));
        registry.add("signalbridge.slack.webhooks.marketing", () -> wireMock.url(MARKETING_HOOK));
    }

    @AfterAll
    static void stopSlack() {
        slack.stop();
    }

    @Autowired
    SlackOutbox outbox;
    @Autowired
    SlackDelivery delivery;
    @Autowired
    SlackProperties settings;
    @Autowired
    SlackMessageStore store;
    @Autowired
    ExternalSystemGuard guard;
    @Autowired
    ProducerTemplate camel;
    @Autowired
    ClusterProperties cluster;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    PlatformTransactionManager transactions;

    @BeforeEach
    void reset() {
        slack.resetAll();
        wireMock.ok(SALES_HOOK);
        wireMock.ok(MARKETING_HOOK);
        jdbc.update("delete from slack_message");
        jdbc.update("delete from slack_webhook_pace");
    }

    @Test
    void theSameAlertFromTwoNodesAtOnceIsSentOnceAndTwoRunsAtOnceSendEachMessageOnceAtThePace() throws Exception {
        assertThat(jdbc.queryForObject("select version()", String.class)).startsWith("PostgreSQL");
        var pool = Executors.newFixedThreadPool(2);
        try {
            int queued = 0;
            for (int i = 1; i <= 4; i++) {
                String key = "decision:001A" + i;
                var barrier = new CyclicBarrier(2);
                Callable<Boolean> enqueue = () -> {
                    barrier.await(5, TimeUnit.SECONDS);
                    return outbox.enqueue("sales", key, "*Account " + key + "* entered *Decision*");
                };
                var first = pool.submit(enqueue);
                var second = pool.submit(enqueue);
                queued += (first.get() ? 1 : 0) + (second.get() ? 1 : 0);
            }
            assertThat(queued).as("one of each pair of enqueues queued the message").isEqualTo(4);
            for (int i = 1; i <= 3; i++) {
                outbox.enqueue("marketing", "segment:" + i, "*Account " + i + "* entered segment *Enterprise*");
            }

            var otherNode = new SlackDelivery(settings, store, new DatabaseJobLeases(jdbc, Clock.systemUTC(), new ClusterNode(cluster), cluster),
                    guard, camel, Clock.systemUTC());
            var start = new CyclicBarrier(2);
            List<Future<Integer>> runs = new ArrayList<>();
            for (SlackDelivery node : List.of(delivery, otherNode)) {
                runs.add(pool.submit(() -> {
                    start.await(5, TimeUnit.SECONDS);
                    return node.deliverDue();
                }));
            }
            int sent = runs.get(0).get(60, TimeUnit.SECONDS) + runs.get(1).get(60, TimeUnit.SECONDS);

            assertThat(sent).isEqualTo(7);
        } finally {
            pool.shutdownNow();
        }
        assertThat(counts(SALES_HOOK)).hasSize(4).allSatisfy((text, times) -> assertThat(times).as(text).isEqualTo(1));
        assertThat(counts(MARKETING_HOOK)).hasSize(3).allSatisfy((text, times) -> assertThat(times).as(text).isEqualTo(1));
        for (String hook : List.of(SALES_HOOK, MARKETING_HOOK)) {
            assertThat(wireMock.gapsMillis(hook)).as("the pace of %s across both nodes", hook)
                    .allSatisfy(gap -> assertThat(gap).isGreaterThanOrEqualTo(1000));
        }
        assertThat(jdbc.queryForList("select status from slack_message", String.class)).hasSize(7).containsOnly("SENT");
    }

    @Test
    void enqueueingAnAlertAgainInsideTheCallersTransactionLeavesThatTransactionUsable() {
        var queued = new TransactionTemplate(transactions).execute(status -> List.of(
                outbox.enqueue("sales", "in-tx", "first"),
                outbox.enqueue("sales", "in-tx", "first, again"),
                outbox.enqueue("sales", "in-tx-2", "second")));

        assertThat(queued).containsExactly(true, false, true);
        assertThat(jdbc.queryForList("select text from slack_message order by id", String.class)).containsExactly("first", "second");
    }

    @Test
    void aMessageLeftSendingByANodeThatDiedIsSentByTheNextHolderOfTheTeamsLease() throws Exception {
        outbox.enqueue("sales", "orphan", "sent by a node that died");
        jdbc.update("update slack_message set status = 'SENDING', claimed_at = now() where dedupe_key = 'orphan'");

        assertThat(delivery.deliverDue()).isEqualTo(1);

        assertThat(counts(SALES_HOOK)).containsExactly(Map.entry("sent by a node that died", 1L));
    }

    private static Map<String, Long> counts(String hook) {
        return wireMock.texts(hook).stream().collect(Collectors.groupingBy(text -> text, Collectors.counting()));
    }
}

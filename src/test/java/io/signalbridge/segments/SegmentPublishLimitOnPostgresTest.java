package io.signalbridge.segments;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.signalbridge.signals.SignalStore;
import io.signalbridge.support.PostgresTestSupport;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The publish limit holds across instances: two services (as two nodes of a cluster would be, each with its own
 * monitors) publish many segments at the same moment on the real PostgreSQL, and no more than the limit are
 * ever published, each with exactly one publish event.
 */
@SpringBootTest
@ActiveProfiles("test")
class SegmentPublishLimitOnPostgresTest extends PostgresTestSupport {

    private static final int SEGMENTS = 16;
    private static final int LIMIT_ABOVE_OTHERS = 5;

    @Autowired
    SegmentStore store;
    @Autowired
    SegmentCrmQueries crm;
    @Autowired
    SignalStore signals;
    @Autowired
    SegmentProperties properties;
    @Autowired
    TransactionTemplate transaction;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    ObjectMapper json;
    @Autowired
    Clock clock;

    @Test
    void twoInstancesPublishingAtOnceNeverPassTheLimit() throws Exception {
        int alreadyPublished = store.countPublished();
        var limited = new SegmentProperties(properties.folderNaming(), alreadyPublished + LIMIT_ABOVE_OTHERS, properties.namesDelimiter(),
                properties.namesObject(), properties.namesField(), properties.crmQueryCron());
        var nodes = List.of(node(limited), node(limited));
        var ids = new ArrayList<Long>();
        for (int i = 0; i < SEGMENTS; i++) {
            ids.add(nodes.get(0).create(new SegmentDraft("Limit race " + i, "ABM - FY26 Q1 - Race", List.of(), SegmentKind.FILTER,
                    json.createObjectNode().put("field", "industry").put("value", "Race " + i), null, null), "ops").segment().id());
        }
        try {
            for (int round = 0; round < 3; round++) {
                int published = publishAllAtOnce(nodes, ids);

                assertThat(published).as("round %d: publishes that succeeded", round).isEqualTo(LIMIT_ABOVE_OTHERS);
                assertThat(store.countPublished()).as("round %d: published segments", round).isEqualTo(alreadyPublished + LIMIT_ABOVE_OTHERS);
                for (long id : ids) {
                    if (store.find(id).orElseThrow().published()) {
                        nodes.get(1).unpublish(id, "ops");
                    }
                }
            }
            long events = ids.stream().mapToLong(id -> store.publishHistory(id).stream()
                    .filter(event -> event.action().equals("PUBLISHED")).count()).sum();
            assertThat(events).as("one event per publish that happened").isEqualTo(3L * LIMIT_ABOVE_OTHERS);
        } finally {
            for (long id : ids) {
                if (store.find(id).orElseThrow().published()) {
                    nodes.get(0).unpublish(id, "ops");
                }
                nodes.get(0).delete(id);
            }
        }
    }

    private int publishAllAtOnce(List<SegmentService> nodes, List<Long> ids) throws Exception {
        var start = new CountDownLatch(1);
        var pool = Executors.newFixedThreadPool(ids.size());
        try {
            var results = new ArrayList<Future<Boolean>>();
            for (int i = 0; i < ids.size(); i++) {
                SegmentService node = nodes.get(i % nodes.size());
                long id = ids.get(i);
                results.add(pool.submit(() -> {
                    start.await();
                    try {
                        return node.publish(id, "ops").isPresent();
                    } catch (SegmentConflictException overTheLimit) {
                        return false;
                    }
                }));
            }
            start.countDown();
            int published = 0;
            for (var result : results) {
                published += result.get() ? 1 : 0;
            }
            return published;
        } finally {
            pool.shutdownNow();
        }
    }

    private SegmentService node(SegmentProperties settings) {
        return new SegmentService(store, crm, signals, settings, transaction, json, clock);
    }
}

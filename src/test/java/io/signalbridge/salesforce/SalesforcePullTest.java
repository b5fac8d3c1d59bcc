package io.signalbridge.salesforce;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.signalbridge.failures.FailedExchange;
import io.signalbridge.failures.FailedExchangeStore;
import io.signalbridge.failures.FailureFilter;
import io.signalbridge.failures.FailureReplay;
import io.signalbridge.failures.FailureStatus;
import io.signalbridge.failures.RedeliveryProperties;
import io.signalbridge.sandbox.salesforce.SalesforceIds;
import io.signalbridge.sandbox.salesforce.SalesforceRecord;
import io.signalbridge.sandbox.salesforce.SalesforceRecordStore;
import io.signalbridge.signals.SignalStore;
import io.signalbridge.signals.SyncRuns;
import io.signalbridge.signals.SyncRuns.Status;
import io.signalbridge.support.DefinedPortTestSupport;

import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.component.quartz.QuartzComponent;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.quartz.JobKey;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ActiveProfiles;

/** Incremental pulls through camel-salesforce against the sandbox org. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT)
@ActiveProfiles("test")
class SalesforcePullTest extends DefinedPortTestSupport {

    static final List<String> ALL_OBJECTS = List.of("Account", "Contact", "Lead", "Opportunity", "OpportunityContactRole",
            "Campaign", "CampaignMember", "Task", "Event");

    @Autowired
    SalesforcePull pull;
    @Autowired
    SalesforcePullProperties settings;
    @Autowired
    SalesforceQueries queries;
    @Autowired
    SalesforceBulkQueries bulk;
    @Autowired
    SalesforceRecordStore org;
    @Autowired
    SignalStore signals;
    @Autowired
    SyncRuns runs;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    ObjectMapper json;
    @Autowired
    ProducerTemplate camel;
    @Autowired
    Clock clock;
    @Autowired
    CamelContext camelContext;
    @Autowired
    FailedExchangeStore failures;
    @Autowired
    FailureReplay replay;
    @Autowired
    RedeliveryProperties redelivery;

    long sequence = 1;
    Instant base;

    @BeforeEach
    void emptyOrgAndStore() {
        jdbc.update("delete from sandbox_sf_record");
        jdbc.update("delete from signal_record");
        jdbc.update("delete from sync_watermark");
        jdbc.update("delete from sync_run");
        base = clock.instant().minus(Duration.ofDays(3)).truncatedTo(ChronoUnit.SECONDS);
    }

    @Test
    void theFirstRunPullsEveryObjectAndTheSecondOnlyWhatChanged() {
        for (String object : ALL_OBJECTS) {
            insert(object, base.plusSeconds(60), 2);
        }
        insert("Task", base.plusSeconds(30), 2_500);

        var first = runBothJobs();

        for (String object : ALL_OBJECTS) {
            assertThat(first.get(object)).as(object).isEqualTo(object.equals("Task") ? 2_502L : 2L);
            assertThat(signals.count(SalesforcePull.SOURCE, object)).as(object).isEqualTo(object.equals("Task") ? 2_502 : 2);
        }
        var activities = runs.recent("salesforce-activities", 1).get(0);
        assertThat(activities.status()).isEqualTo(Status.SUCCEEDED);
        assertThat(activities.apiCalls()).as("a first load counts first (3), then CampaignMember 1, Task 2 pages, Event 1").isEqualTo(7);
        assertThat(activities.apiUsage()).matches("\\d+/100000");

        touch(anyId("Task"), clock.instant());
        insert("Contact", clock.instant(), 1);

        var second = runBothJobs();

        assertThat(second).containsEntry("Task", 1L).containsEntry("Contact", 1L)
                .containsEntry("Account", 0L).containsEntry("Event", 0L).containsEntry("CampaignMember", 0L);
        assertThat(runs.recent("salesforce-activities", 1).get(0).apiCalls())
                .as("one page per object: the change and the overlap window's rows, not the 2,500 older tasks").isEqualTo(3);
    }

    @Test
    void aRecordChangedInTheSameSecondAsTheWatermarkIsNotLost() {
        insert("Account", base.plusMillis(10_700), 1);
        runBothJobs();
        Instant watermark = signals.watermark(SalesforcePull.SOURCE, "Account").orElseThrow();

        // committed late by Salesforce: its SystemModstamp is earlier than the watermark, in the same second
        String late = insert("Account", watermark.minusMillis(400), 1).get(0);
        var second = runBothJobs();

        assertThat(second.get("Account")).isEqualTo(1);
        assertThat(signals.find(SalesforcePull.SOURCE, late)).isPresent();
    }

    @Test
    void deletionsArrive() {
        String contact = insert("Contact", base, 1).get(0);
        runBothJobs();

        var record = org.find(contact).orElseThrow();
        var fields = record.fields().deepCopy().put("IsDeleted", true).put("SystemModstamp", datetime(clock.instant()));
        org.updateAll(List.of(new SalesforceRecord(contact, "Contact", clock.instant(), true, fields)));
        runBothJobs();

        assertThat(signals.find(SalesforcePull.SOURCE, contact).orElseThrow().deleted()).isTrue();
    }

    @Test
    void aRunKilledBetweenPagesResumesWithoutLossOrDuplicates() {
        insert("Task", base, 4_500);
        var failOnce = new AtomicBoolean(true);
        var crashingQueries = new SalesforceQueries(camel, json) {
            @Override
            public Page next(String nextRecordsUrl) {
                if (failOnce.getAndSet(false)) {
                    throw new SalesforceCallException("connection reset", null);
                }
                return super.next(nextRecordsUrl);
            }
        };
        var crashing = new SalesforcePull(settings, crashingQueries, bulk, signals, runs);

        crashing.run("salesforce-activities", "test");
        var killed = runs.recent("salesforce-activities", 1).get(0);
        assertThat(killed.status()).isEqualTo(Status.FAILED);
        assertThat(killed.recordsByObject().get("Task")).isEqualTo(2_000);

        pull.run("salesforce-activities", "test");
        var resumed = runs.recent("salesforce-activities", 1).get(0);

        assertThat(resumed.status()).isEqualTo(Status.SUCCEEDED);
        assertThat(resumed.recordsByObject().get("Task")).as("only what the killed run had not stored").isEqualTo(2_500);
        assertThat(signals.count(SalesforcePull.SOURCE, "Task")).isEqualTo(4_500);
    }

    @Test
    void aRunStopsCleanlyAtItsApiBudgetAndTheNextContinues() {
        insert("Task", base, 4_500);
        var stingy = new SalesforcePullProperties(settings.overlap(), 0.000_01, false, settings.bulkThreshold(),
                settings.bulkPollInterval(), settings.jobs(), settings.fields());

        new SalesforcePull(stingy, queries, bulk, signals, runs).run("salesforce-activities", "test");
        var stopped = runs.recent("salesforce-activities", 1).get(0);
        assertThat(stopped.status()).isEqualTo(Status.BUDGET_STOPPED);
        assertThat(stopped.error()).contains("daily API allocation");

        pull.run("salesforce-activities", "test");
        assertThat(signals.count(SalesforcePull.SOURCE, "Task")).isEqualTo(4_500);
    }

    @Test
    void aLargeFirstLoadGoesThroughBulkApi2AndLaterRunsAreIncremental() {
        insert("Task", base, 2_400);
        insert("Task", base.plusSeconds(90), 100);
        var bulkFirst = new SalesforcePullProperties(settings.overlap(), settings.apiBudgetShare(), false, 1_000,
                Duration.ofMillis(50), settings.jobs(), settings.fields());
        var pullWithBulk = new SalesforcePull(bulkFirst, queries, bulk, signals, runs);

        pullWithBulk.run("salesforce-activities", "test");
        var first = runs.recent("salesforce-activities", 1).get(0);

        assertThat(first.status()).isEqualTo(Status.SUCCEEDED);
        assertThat(first.recordsByObject()).containsEntry("Task", 2_500L);
        assertThat(signals.count(SalesforcePull.SOURCE, "Task")).isEqualTo(2_500);
        assertThat(signals.watermark(SalesforcePull.SOURCE, "Task")).contains(base.plusSeconds(90));
        var stored = signals.find(SalesforcePull.SOURCE, anyId("Task")).orElseThrow();
        assertThat(stored.fields().get("IsDeleted").isBoolean()).as("CSV values typed from describe").isTrue();

        touch(anyId("Task"), clock.instant());
        pullWithBulk.run("salesforce-activities", "test");
        assertThat(runs.recent("salesforce-activities", 1).get(0).recordsByObject()).containsEntry("Task", 1L);
    }

    @Test
    void theQuartzScheduleStartsARunThroughTheRoute() throws Exception {
        insert("Event", base, 3);
        var quartz = camelContext.getComponent("quartz", QuartzComponent.class);

        // fire the job's trigger now instead of waiting for its cron time
        quartz.getScheduler().triggerJob(JobKey.jobKey("salesforce-activities", "signalbridge"));

        var run = Awaitility.await().atMost(Duration.ofSeconds(30))
                .until(() -> runs.recent("salesforce-activities", 1).stream().findFirst()
                        .filter(r -> r.status() != Status.RUNNING).orElse(null), r -> r != null);
        assertThat(run.trigger()).isEqualTo("schedule");
        assertThat(run.status()).isEqualTo(Status.SUCCEEDED);
        assertThat(run.recordsByObject()).containsEntry("Event", 3L);
    }

    @Test
    void aFailedRunIsKeptAsAFailedExchangeAndItsReplayRunsTheJobAgain() {
        insert("Event", base, 3);
        jdbc.update("delete from failed_exchange_audit");
        jdbc.update("delete from failed_exchange");
        // a page the pull cannot use: a record without SystemModstamp
        String broken = breakModstamp(insert("Event", base.plusSeconds(1), 1).get(0));

        camel.sendBodyAndHeaders("direct:salesforce-pull", null, Map.of("job", "salesforce-activities", "trigger", "test"));

        assertThat(runs.recent("salesforce-activities", 10)).as("each attempt is a run of its own")
                .hasSize(redelivery.maxAttempts()).allMatch(run -> run.status() == Status.FAILED);
        var kept = failures.list(new FailureFilter("salesforce-pull", null, null, null, FailureStatus.FAILED), 10);
        assertThat(kept).singleElement().satisfies(failure -> {
            assertThat(failure.failureKey()).isEqualTo("salesforce-activities");
            assertThat(failure.headers()).containsEntry("job", "salesforce-activities");
            assertThat(failure.replayTarget()).isEqualTo("direct://salesforce-pull");
            assertThat(failure.errorClass()).isEqualTo(SalesforcePull.PullRunFailedException.class.getName());
            assertThat(failure.message()).contains("without Id or SystemModstamp");
        });

        touch(broken, base.plusSeconds(1));
        var outcome = replay.replay(kept.get(0).id(), "ops");

        assertThat(outcome.result()).isEqualTo(FailureReplay.Result.REPLAYED);
        assertThat(runs.recent("salesforce-activities", 1).get(0).status()).isEqualTo(Status.SUCCEEDED);
        assertThat(signals.count(SalesforcePull.SOURCE, "Event")).isEqualTo(4);
        assertThat(failures.find(kept.get(0).id()).orElseThrow().status()).isEqualTo(FailureStatus.REPLAYED);
    }

    @Test
    void requestLimitExceededStopsTheRunCleanlyWithoutAFailedExchangeAndTheNextRunContinues() {
        insert("Event", base, 3);
        jdbc.update("delete from failed_exchange_audit");
        jdbc.update("delete from failed_exchange");
        // the org refuses every call: its daily API allocation is spent (by other integrations too)
        jdbc.update("delete from sandbox_api_usage");
        jdbc.update("insert into sandbox_api_usage (org, usage_day, calls) values ('SALESFORCE', ?, ?)",
                java.time.LocalDate.now(clock.withZone(java.time.ZoneOffset.UTC)), 1_000_000_000L);

        camel.sendBodyAndHeaders("direct:salesforce-pull", null, Map.of("job", "salesforce-activities", "trigger", "test"));

        assertThat(runs.recent("salesforce-activities", 10)).as("one run, not retried").singleElement().satisfies(run -> {
            assertThat(run.status()).isEqualTo(Status.BUDGET_STOPPED);
            assertThat(run.error()).contains("REQUEST_LIMIT_EXCEEDED", "the next run continues from the watermarks");
        });
        assertThat(failures.list(new FailureFilter(null, null, null, null, null), 10)).as("no failed-exchange flood").isEmpty();

        jdbc.update("delete from sandbox_api_usage");
        camel.sendBodyAndHeaders("direct:salesforce-pull", null, Map.of("job", "salesforce-activities", "trigger", "test"));

        assertThat(runs.recent("salesforce-activities", 1).get(0).status()).isEqualTo(Status.SUCCEEDED);
        assertThat(signals.count(SalesforcePull.SOURCE, "Event")).isEqualTo(3);
    }

    @Test
    void aLaterRunThatSucceedsResolvesTheOpenFailureOfItsJob() {
        jdbc.update("delete from failed_exchange_audit");
        jdbc.update("delete from failed_exchange");
        String broken = breakModstamp(insert("Event", base, 1).get(0));
        camel.sendBodyAndHeaders("direct:salesforce-pull", null, Map.of("job", "salesforce-activities", "trigger", "test"));
        touch(broken, base);

        camel.sendBodyAndHeaders("direct:salesforce-pull", null, Map.of("job", "salesforce-activities", "trigger", "test"));

        assertThat(failures.list(new FailureFilter("salesforce-pull", null, null, null, null), 10))
                .singleElement().extracting(FailedExchange::status).isEqualTo(FailureStatus.RESOLVED);
    }

    /** The record's SystemModstamp field removed (the org still orders and filters by it): a page the pull cannot use. */
    private String breakModstamp(String id) {
        var record = org.find(id).orElseThrow();
        var fields = record.fields().deepCopy();
        fields.remove("SystemModstamp");
        org.updateAll(List.of(new SalesforceRecord(id, record.objectName(), record.systemModstamp(), false, fields)));
        return id;
    }

    private Map<String, Long> runBothJobs() {
        pull.run("salesforce-accounts", "test");
        pull.run("salesforce-activities", "test");
        var counts = new java.util.HashMap<String, Long>();
        counts.putAll(runs.recent("salesforce-accounts", 1).get(0).recordsByObject());
        counts.putAll(runs.recent("salesforce-activities", 1).get(0).recordsByObject());
        return counts;
    }

    private List<String> insert(String object, Instant modstamp, int count) {
        String prefix = keyPrefix(object);
        var records = new ArrayList<SalesforceRecord>();
        for (int i = 0; i < count; i++) {
            String id = SalesforceIds.of(prefix, 10_000_000L + sequence++);
            var fields = json.createObjectNode()
                    .put("Id", id).put("IsDeleted", false).put("Name", object + " " + i)
                    .put("CreatedDate", datetime(modstamp)).put("LastModifiedDate", datetime(modstamp))
                    .put("SystemModstamp", datetime(modstamp));
            records.add(new SalesforceRecord(id, object, modstamp, false, fields));
        }
        org.insertAll(records);
        return records.stream().map(SalesforceRecord::id).toList();
    }

    private void touch(String id, Instant modstamp) {
        var record = org.find(id).orElseThrow();
        var fields = record.fields().deepCopy().put("Subject", "changed").put("SystemModstamp", datetime(modstamp));
        org.updateAll(List.of(new SalesforceRecord(id, record.objectName(), modstamp, false, fields)));
    }

    private String anyId(String object) {
        return jdbc.queryForObject("select min(id) from sandbox_sf_record where object_name = ?", String.class, object);
    }

    private static String keyPrefix(String object) {
        return switch (object) {
            case "Account" -> "001";
            case "Contact" -> "003";
            case "Lead" -> "00Q";
            case "Opportunity" -> "006";
            case "OpportunityContactRole" -> "00K";
            case "Campaign" -> "701";
            case "CampaignMember" -> "00v";
            case "Task" -> "00T";
            default -> "00U";
        };
    }

    private static String datetime(Instant instant) {
        return java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSxx").withZone(java.time.ZoneOffset.UTC).format(instant);
    }
}

package io.signalbridge.marketo;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.signalbridge.sandbox.SandboxApiUsage;
import io.signalbridge.sandbox.SandboxTokenStore;
import io.signalbridge.sandbox.marketo.MarketoActivity;
import io.signalbridge.sandbox.marketo.MarketoActivityTypes;
import io.signalbridge.sandbox.marketo.MarketoCallLimits;
import io.signalbridge.sandbox.marketo.MarketoLead;
import io.signalbridge.sandbox.marketo.MarketoStore;
import io.signalbridge.signals.PulledRecord;
import io.signalbridge.signals.SignalStore;
import io.signalbridge.signals.SyncRuns;
import io.signalbridge.signals.SyncRuns.Status;
import io.signalbridge.support.DefinedPortTestSupport;

import org.apache.camel.CamelContext;
import org.apache.camel.component.quartz.QuartzComponent;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.quartz.JobKey;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ActiveProfiles;

/** Activity pulls through the Marketo client against the in-process sandbox instance. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT)
@ActiveProfiles("test")
class MarketoActivityPullTest extends DefinedPortTestSupport {

    static final String JOB = "marketo-activities";

    @Autowired
    MarketoPullProperties settings;
    @Autowired
    MarketoClient client;
    @Autowired
    MarketoQuota quota;
    @Autowired
    MarketoStore instance;
    @Autowired
    MarketoCallLimits instanceLimits;
    @Autowired
    SandboxApiUsage instanceUsage;
    @Autowired
    SignalStore signals;
    @Autowired
    SyncRuns runs;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    ObjectMapper json;
    @Autowired
    Clock clock;
    @Autowired
    CamelContext camelContext;

    MarketoActivityPull pull;
    Instant base;

    @BeforeEach
    void emptyInstanceAndStore() {
        instance.deleteAll();
        instanceLimits.reset();
        instanceUsage.reset(SandboxTokenStore.Org.MARKETO);
        jdbc.update("delete from signal_record");
        jdbc.update("delete from sync_watermark");
        jdbc.update("delete from sync_run");
        jdbc.update("delete from marketo_api_day");
        // a fresh lead cache per test
        var leads = new MarketoLeadResolver(client, signals, new SalesforceAccountDomains(signals, clock), settings, clock);
        pull = new MarketoActivityPull(settings, client, leads, quota, signals, runs, clock);
        base = clock.instant().minus(Duration.ofDays(3)).truncatedTo(ChronoUnit.SECONDS);
    }

    /**
     * 50 form fills, then 900 data-value changes (a type no job reads), then 20 email opens: the 300-activity
     * windows in the middle come back empty with moreResult true, and the pull goes on to the opens.
     */
    @Test
    void theFirstRunPagesThroughEmptyFilteredPagesAndTheSecondReadsOnlyNewActivities() {
        long contact = lead("ann@acme.example", "sfdcContactId", "003000000000001AAA", "sfdcAccountId", "001000000000001AAA");
        long salesforceLead = lead("bob@globex.example", "sfdcLeadId", "00Q000000000001AAA");
        long stranger = lead("eve@nowhere.example");
        var activities = new ArrayList<MarketoActivity>();
        for (int i = 0; i < 50; i++) {
            activities.add(activity(i % 2 == 0 ? contact : stranger, MarketoActivityTypes.FILL_OUT_FORM, base.plusSeconds(i)));
        }
        for (int i = 0; i < 900; i++) {
            activities.add(activity(contact, MarketoActivityTypes.CHANGE_DATA_VALUE, base.plusSeconds(100 + i)));
        }
        for (int i = 0; i < 20; i++) {
            activities.add(activity(salesforceLead, MarketoActivityTypes.OPEN_EMAIL, base.plusSeconds(2_000 + i)));
        }
        instance.insertActivities(activities);

        pull.run(JOB, "test");

        var first = runs.recent(JOB, 1).get(0);
        assertThat(first.status()).as(String.valueOf(first.error())).isEqualTo(Status.SUCCEEDED);
        assertThat(first.recordsByObject()).containsEntry("Activity", 70L).containsEntry("unresolvedLeads", 1L);
        assertThat(first.apiCalls()).as("types, paging token, 4 activity pages (2 of them empty), leads on the first and last page")
                .isEqualTo(8);
        assertThat(signals.count(MarketoActivityPull.SOURCE, MarketoActivityPull.OBJECT)).isEqualTo(70);
        assertThat(signals.watermark(MarketoActivityPull.SOURCE, "Activity:1,2,6,10,11")).contains(base.plusSeconds(2_019));

        PulledRecord formFill = signals.find(MarketoActivityPull.SOURCE, String.valueOf(activities.get(0).id())).orElseThrow();
        assertThat(formFill.fields().path("activityTypeName").asText()).isEqualTo("Fill Out Form");
        assertThat(formFill.fields().path("contactId").asText()).isEqualTo("003000000000001AAA");
        assertThat(formFill.fields().path("accountId").asText()).isEqualTo("001000000000001AAA");
        assertThat(formFill.fields().path("marketoLeadId").asLong()).isEqualTo(contact);
        PulledRecord open = signals.find(MarketoActivityPull.SOURCE, String.valueOf(activities.get(969).id())).orElseThrow();
        assertThat(open.fields().path("leadId").asText()).isEqualTo("00Q000000000001AAA");
        PulledRecord unresolved = signals.find(MarketoActivityPull.SOURCE, String.valueOf(activities.get(1).id())).orElseThrow();
        assertThat(unresolved.fields().path("resolvedVia").asText()).as("kept, not dropped").isEqualTo("unresolved");

        instance.insertActivities(List.of(
                activity(contact, MarketoActivityTypes.CLICK_EMAIL, clock.instant().minusSeconds(5)),
                activity(salesforceLead, MarketoActivityTypes.SEND_EMAIL, clock.instant().minusSeconds(4)),
                activity(contact, MarketoActivityTypes.CHANGE_DATA_VALUE, clock.instant().minusSeconds(3))));

        pull.run(JOB, "test");

        var second = runs.recent(JOB, 1).get(0);
        assertThat(second.status()).isEqualTo(Status.SUCCEEDED);
        assertThat(second.recordsByObject()).containsEntry("Activity", 2L).containsEntry("unresolvedLeads", 0L);
        assertThat(second.apiCalls()).as("types, paging token, one page; both leads cached").isEqualTo(3);
        assertThat(signals.count(MarketoActivityPull.SOURCE, MarketoActivityPull.OBJECT)).isEqualTo(72);
    }

    @Test
    void aContactWithoutAnAccountIdOnTheLeadTakesThePulledContactsAccount() {
        signals.commitPage("salesforce", "Contact", List.of(new PulledRecord("salesforce", "Contact", "003000000000002AAA", base, false,
                json.createObjectNode().put("Id", "003000000000002AAA").put("AccountId", "001000000000002AAA"))), null);
        long lead = lead("cy@initech.example", "sfdcContactId", "003000000000002AAA");
        var visit = activity(lead, MarketoActivityTypes.VISIT_WEBPAGE, base);
        instance.insertActivities(List.of(visit));

        pull.run(JOB, "test");

        var stored = signals.find(MarketoActivityPull.SOURCE, String.valueOf(visit.id())).orElseThrow();
        assertThat(stored.fields().path("accountId").asText()).isEqualTo("001000000000002AAA");
        assertThat(stored.fields().path("activityTypeName").asText()).isEqualTo("Visit Webpage");
    }

    @Test
    void aLeadWithoutSalesforceIdsIsMatchedToTheAccountWithItsEmailsDomain() {
        account("001000000000003AAA", "https://www.initech.example/about");
        account("001000000000004AAA", "http://umbrella.example");
        account("001000000000005AAA", "umbrella.example");
        long known = lead("dan@initech.example");
        long ambiguous = lead("joe@umbrella.example");
        var form = activity(known, MarketoActivityTypes.FILL_OUT_FORM, base);
        var click = activity(ambiguous, MarketoActivityTypes.CLICK_EMAIL, base.plusSeconds(1));
        instance.insertActivities(List.of(form, click));

        pull.run(JOB, "test");

        var matched = signals.find(MarketoActivityPull.SOURCE, String.valueOf(form.id())).orElseThrow().fields();
        assertThat(matched.path("accountId").asText()).isEqualTo("001000000000003AAA");
        assertThat(matched.path("resolvedVia").asText()).isEqualTo("emailDomain");
        var shared = signals.find(MarketoActivityPull.SOURCE, String.valueOf(click.id())).orElseThrow().fields();
        assertThat(shared.path("accountId").isNull()).as("a domain two accounts share matches neither").isTrue();
        assertThat(runs.recent(JOB, 1).get(0).recordsByObject()).containsEntry("unresolvedLeads", 1L);
    }

    @Test
    void theQuartzScheduleStartsARunThroughTheRoute() throws Exception {
        instance.insertActivities(List.of(activity(lead("ann@acme.example"), MarketoActivityTypes.OPEN_EMAIL, base)));
        var quartz = camelContext.getComponent("quartz", QuartzComponent.class);

        // fire the job's trigger now instead of waiting for its cron time
        quartz.getScheduler().triggerJob(JobKey.jobKey(JOB, "signalbridge"));

        var run = Awaitility.await().atMost(Duration.ofSeconds(30))
                .until(() -> runs.recent(JOB, 1).stream().findFirst().filter(r -> r.status() != Status.RUNNING).orElse(null),
                        r -> r != null);
        assertThat(run.trigger()).isEqualTo("schedule");
        assertThat(run.status()).isEqualTo(Status.SUCCEEDED);
        assertThat(run.recordsByObject()).containsEntry("Activity", 1L).containsEntry("unresolvedLeads", 1L);
    }

    @Test
    void runsAreRecordedWithTheQuotaDayUsage() {
        pull.run(JOB, "test");

        var run = runs.recent(JOB, 1).get(0);
        assertThat(run.status()).isEqualTo(Status.SUCCEEDED);
        assertThat(run.apiCalls()).as("types, paging token, one empty page").isEqualTo(3);
        assertThat(run.apiUsage()).isEqualTo("3 calls today");
        assertThat(quota.callsToday()).isEqualTo(3);
    }

    private void account(String id, String website) {
        signals.commitPage("salesforce", "Account", List.of(new PulledRecord("salesforce", "Account", id, base, false,
                json.createObjectNode().put("Id", id).put("Website", website))), null);
    }

    private long lead(String email, String... sfdcFields) {
        var fields = json.createObjectNode().put("email", email);
        for (int i = 0; i < sfdcFields.length; i += 2) {
            fields.put(sfdcFields[i], sfdcFields[i + 1]);
        }
        var lead = new MarketoLead(instance.nextId(), email, base, base, fields);
        instance.insertLead(lead);
        return lead.id();
    }

    private MarketoActivity activity(long lead, int type, Instant at) {
        return instance.newActivity(lead, type, 1L, "asset", json.createArrayNode(), at);
    }
}

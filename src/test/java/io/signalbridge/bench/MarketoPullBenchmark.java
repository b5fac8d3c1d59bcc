package io.signalbridge.bench;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.signalbridge.marketo.MarketoActivityPull;
import io.signalbridge.marketo.MarketoClient;
import io.signalbridge.marketo.MarketoLeadResolver;
import io.signalbridge.marketo.MarketoProperties;
import io.signalbridge.marketo.MarketoPullProperties;
import io.signalbridge.marketo.MarketoQuota;
import io.signalbridge.marketo.SalesforceAccountDomains;
import io.signalbridge.sandbox.SandboxApiUsage;
import io.signalbridge.sandbox.SandboxTokenStore;
import io.signalbridge.sandbox.marketo.MarketoActivity;
import io.signalbridge.sandbox.marketo.MarketoActivityTypes;
import io.signalbridge.sandbox.marketo.MarketoCallLimits;
import io.signalbridge.sandbox.marketo.MarketoLead;
import io.signalbridge.sandbox.marketo.MarketoStore;
import io.signalbridge.signals.SignalStore;
import io.signalbridge.signals.SyncRuns;
import io.signalbridge.support.DefinedPortTestSupport;

import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ActiveProfiles;

/**
 * A Marketo activity pull from the sandbox instance: 25,000 activities of 2,500 leads over 10 days, 80% of the
 * job's types and 20% of a type it does not read. Prints activities pulled per second and REST calls per
 * 100,000 activities. The client gets 95 calls / 20 s, so the run stays inside one rate window and measures
 * the pull, not the throttle. Run: {@code ./mvnw -Pbench test -Dtest=MarketoPullBenchmark}.
 */
@Tag("bench")
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT)
@ActiveProfiles("test")
class MarketoPullBenchmark extends DefinedPortTestSupport {

    static final int ACTIVITIES = 25_000;
    static final int LEADS = 2_500;
    static final int[] JOB_TYPES = {MarketoActivityTypes.FILL_OUT_FORM, MarketoActivityTypes.OPEN_EMAIL, MarketoActivityTypes.CLICK_EMAIL,
            MarketoActivityTypes.SEND_EMAIL, MarketoActivityTypes.VISIT_WEBPAGE};

    @Autowired
    MarketoProperties clientSettings;
    @Autowired
    MarketoPullProperties pullSettings;
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
    ProducerTemplate camel;
    @Autowired
    ObjectMapper json;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    Clock clock;

    @Test
    void pullActivities() {
        instance.deleteAll();
        instanceLimits.reset();
        instanceUsage.reset(SandboxTokenStore.Org.MARKETO);
        Instant start = clock.instant().minus(Duration.ofDays(10)).truncatedTo(ChronoUnit.SECONDS);
        var random = new SplittableRandom(42);
        List<Long> leadIds = new ArrayList<>();
        for (int i = 0; i < LEADS; i++) {
            var fields = json.createObjectNode().put("email", "p" + i + "@company" + i / 5 + ".example");
            if (i % 10 != 0) {
                fields.put("sfdcContactId", String.format("003%015d", i)).put("sfdcAccountId", String.format("001%015d", i / 5));
            }
            var lead = new MarketoLead(instance.nextId(), "p" + i + "@company" + i / 5 + ".example", start, start, fields);
            instance.insertLead(lead);
            leadIds.add(lead.id());
        }
        var activities = new ArrayList<MarketoActivity>();
        long spacing = Duration.ofDays(10).toMillis() / ACTIVITIES;
        for (int i = 0; i < ACTIVITIES; i++) {
            int type = random.nextInt(5) == 0 ? MarketoActivityTypes.CHANGE_DATA_VALUE : JOB_TYPES[random.nextInt(JOB_TYPES.length)];
            activities.add(instance.newActivity(leadIds.get(random.nextInt(LEADS)), type, 1L, "asset", json.createArrayNode(),
                    start.plusMillis(i * spacing)));
        }
        instance.insertActivities(activities);

        var settings = new MarketoProperties(clientSettings.baseUrl(), clientSettings.clientId(), clientSettings.clientSecret(), 95,
                Duration.ofSeconds(20), 5, 3, Duration.ofSeconds(20));
        var client = new MarketoClient(settings, camel, json, quota, clock);
        var pull = new MarketoActivityPull(pullSettings, client,
                new MarketoLeadResolver(client, signals, new SalesforceAccountDomains(signals, clock), pullSettings, clock),
                quota, signals, runs, clock);

        long began = System.nanoTime();
        var run = runs.find(pull.run("marketo-activities", "bench").orElseThrow()).orElseThrow();
        double seconds = (System.nanoTime() - began) / 1e9;

        long pulled = run.recordsByObject().get("Activity");
        System.out.printf("%nMarketo pull: %s, %,d activities of %,d scanned in %.1f s = %,.0f activities/s; %d REST calls = %,.0f calls per 100,000"
                        + " activities; %d leads unresolved%n%n", run.status(), pulled, ACTIVITIES, seconds, pulled / seconds, run.apiCalls(),
                run.apiCalls() * 100_000.0 / pulled, run.recordsByObject().get("unresolvedLeads"));
    }
}

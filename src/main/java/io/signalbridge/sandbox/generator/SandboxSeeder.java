package io.signalbridge.sandbox.generator;

import java.time.Clock;

import io.signalbridge.cluster.JobLeases;
import io.signalbridge.cluster.JobLeases.JobLease;
import io.signalbridge.sandbox.ConditionalOnSandbox;
import io.signalbridge.sandbox.SandboxProperties;
import io.signalbridge.sandbox.marketo.MarketoStore;
import io.signalbridge.sandbox.outreach.OutreachOrgGenerator;
import io.signalbridge.sandbox.salesforce.SalesforceRecordStore;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.ApplicationArguments;
import org.springframework.stereotype.Component;

/**
 * Puts a demo org into the sandbox stores. At start-up, before the web server and the Camel routes start (so
 * nothing ever reads a half-built org): resets when started with {@code --sandbox.reset} or
 * {@code signalbridge.sandbox.reset-on-start=true}, otherwise generates when {@code seed-on-start} is on and
 * the org is empty. {@link #reset} may also be called on a running service.
 * <p>
 * Several nodes on one database share one demo org: generating or resetting holds the cluster-wide lease
 * {@value #LEASE}, and a node that starts while another generates waits for it and then finds the org there.
 */
@Component
@ConditionalOnSandbox
public class SandboxSeeder implements SmartInitializingSingleton {

    public static final String RESET_OPTION = "sandbox.reset";
    static final String LEASE = "sandbox-org-generation";

    /**
     * Ids handed out by the API while a reset runs come from here, far above any generated id, so a record
     * created during the reset can never collide with a generated one.
     */
    public static final java.util.List<String> TACTIC_LISTS = java.util.List.of("Awareness - Display ads audience");
    static final long PARKED_SEQUENCE = 1_000_000_000_000L;

    private static final Logger log = LoggerFactory.getLogger(SandboxSeeder.class);

    private final DemoOrgGenerator generator;
    private final SalesforceRecordStore salesforce;
    private final MarketoStore marketo;
    private final SandboxProperties properties;
    private final Clock clock;
    private final ApplicationArguments arguments;
    private final boolean resetOnStart;
    private final JobLeases leases;
    private final OutreachOrgGenerator outreach;

    public SandboxSeeder(DemoOrgGenerator generator, SalesforceRecordStore salesforce, MarketoStore marketo,
                         SandboxProperties properties, Clock clock, ApplicationArguments arguments, JobLeases leases,
                         OutreachOrgGenerator outreach, @Value("${signalbridge.sandbox.reset-on-start:false}") boolean resetOnStart) {
        this.generator = generator;
        this.salesforce = salesforce;
        this.marketo = marketo;
        this.properties = properties;
        this.clock = clock;
        this.arguments = arguments;
        this.resetOnStart = resetOnStart;
        this.leases = leases;
        this.outreach = outreach;
    }

    @Override
    public void afterSingletonsInstantiated() {
        SandboxProperties.Generator settings = properties.generator();
        if (resetOnStart || arguments.containsOption(RESET_OPTION)) {
            reset(settings.seed(), settings.accounts());
        } else if (properties.seedOnStart()) {
            seedIfEmpty();
            // an org generated before the Outreach org was simulated gets one now
            try (JobLease ignored = leases.acquire(LEASE)) {
                outreach.generateIfEmpty();
                createTacticLists();
            }
        }
    }

    /**
     * Generates the configured demo org if the sandbox org holds no record; returns whether it did. Waits while
     * another node (or a reset) generates one, and then finds it there.
     */
    public boolean seedIfEmpty() {
        if (salesforce.countAll() > 0) {
            return false;
        }
        if (leases.isHeld(LEASE)) {
            log.info("Another node is generating the sandbox orgs; waiting for it");
        }
        try (JobLease ignored = leases.acquire(LEASE)) {
            if (salesforce.countAll() > 0) {
                return false;
            }
            generator.generate(GeneratorSettings.of(properties.generator(), clock));
            outreach.generate();
            createTacticLists();
            return true;
        }
    }

    /**
     * Replaces both orgs with the demo org of {@code seed} and {@code accounts} (months as configured).
     * One reset or seeding at a time; a second caller meanwhile gets an {@link IllegalStateException}.
     */
    public GenerationSummary reset(long seed, int accounts) {
        return exclusively(() -> {
            log.info("Resetting the sandbox orgs to seed {} with {} accounts", seed, accounts);
            salesforce.restartIdSequence(PARKED_SEQUENCE);
            marketo.restartIdSequence(PARKED_SEQUENCE);
            salesforce.deleteAll();
            marketo.deleteAll();
            GenerationSummary summary = generator.generate(GeneratorSettings.of(seed, accounts, properties.generator().months(), clock));
            outreach.generate();
            createTacticLists();
            return summary;
        });
    }

    /** The static lists the shipped stage tactics (orchestrations/) add people to: the Awareness display-ads audience. */
    private void createTacticLists() {
        for (String name : TACTIC_LISTS) {
            if (marketo.findListByName(name).isEmpty()) {
                marketo.createList(name, clock.instant());
            }
        }
    }

    private <T> T exclusively(java.util.function.Supplier<T> work) {
        JobLease lease = leases.tryAcquire(LEASE)
                .orElseThrow(() -> new IllegalStateException("The sandbox orgs are already being generated"));
        try (lease) {
            return work.get();
        }
    }
}

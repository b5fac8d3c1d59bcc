package io.signalbridge.sandbox.generator;

import java.time.Duration;
import java.util.LinkedHashMap;

import io.signalbridge.sandbox.ConditionalOnSandbox;
import io.signalbridge.sandbox.marketo.MarketoStore;
import io.signalbridge.sandbox.salesforce.SalesforceRecordStore;
import io.signalbridge.sandbox.salesforce.SalesforceSchema;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Fills the sandbox Salesforce and Marketo orgs with a demo org: campaigns first, then account after account,
 * each written completely and forgotten before the next, in batches of their own transaction. Ids are
 * numbered from 1 in generation order, so the same settings give byte-identical rows and a larger scale only
 * appends accounts. Call it on empty orgs; {@link SandboxSeeder} takes care of that.
 */
@Component
@ConditionalOnSandbox
public class DemoOrgGenerator {

    private static final Logger log = LoggerFactory.getLogger(DemoOrgGenerator.class);

    private final SalesforceSchema schema;
    private final SalesforceRecordStore salesforce;
    private final MarketoStore marketo;
    private final TransactionTemplate transactions;

    public DemoOrgGenerator(SalesforceSchema schema, SalesforceRecordStore salesforce, MarketoStore marketo,
                            PlatformTransactionManager transactionManager) {
        this.schema = schema;
        this.salesforce = salesforce;
        this.marketo = marketo;
        this.transactions = new TransactionTemplate(transactionManager);
    }

    public GenerationSummary generate(GeneratorSettings settings) {
        long started = System.nanoTime();
        var sink = new StoreSink(salesforce, marketo, transactions, settings.batchSize());
        NextIds next = generate(settings, sink);
        salesforce.restartIdSequence(next.salesforce());
        marketo.restartIdSequence(next.marketo());
        var summary = new GenerationSummary(new LinkedHashMap<>(sink.counts()), sink.largestBatch(),
                Duration.ofNanos(System.nanoTime() - started));
        log.info("Generated the demo org (seed {}, {} accounts, {} months): {} rows in {} s", settings.seed(),
                settings.accounts(), settings.months(), summary.total(), summary.elapsed().toSeconds());
        return summary;
    }

    /** The first ids after the generated rows, for the stores' sequences. */
    record NextIds(long salesforce, long marketo) {
    }

    NextIds generate(GeneratorSettings settings, OrgSink sink) {
        GenerationContext context = context(settings, sink);
        for (Campaign campaign : context.marketing().campaigns()) {
            sink.salesforce(context.records().create("Campaign", campaign.id(), campaign.createdAt())
                    .set("Name", campaign.name())
                    .set("Type", campaign.type())
                    .set("Status", campaign.started(settings.now())
                            ? campaign.endsAt().isBefore(settings.now()) ? "Completed" : "In Progress"
                            : "Planned")
                    .setDate("StartDate", campaign.startsAt())
                    .setDate("EndDate", campaign.endsAt())
                    .set("IsActive", campaign.started(settings.now()) && !campaign.endsAt().isBefore(settings.now()))
                    .build(campaign.createdAt()));
        }
        var simulator = new AccountSimulator(context);
        for (int index = 0; index < settings.accounts(); index++) {
            simulator.simulate(index);
        }
        sink.finish();
        return new NextIds(context.salesforceIds().peek(), context.marketoIds().peek());
    }

    /** The hidden truth of account {@code index}, for this package's tests only. */
    AccountPlan.Blueprint blueprint(GeneratorSettings settings, int index) {
        GenerationContext context = context(settings, null);
        return AccountPlan.blueprint(context, index, AccountPlan.Streams.of(settings.seed(), index));
    }

    private GenerationContext context(GeneratorSettings settings, OrgSink sink) {
        var timeline = new Timeline(settings.historyStart(), settings.now());
        var salesforceIds = new IdSequence(1);
        var marketing = MarketingCatalogue.create(settings.seed(), timeline, salesforceIds);
        return new GenerationContext(settings, timeline, new CompanyNames(settings.seed()), marketing,
                new SalesforceRecordFactory(schema), salesforceIds, new IdSequence(1), sink);
    }
}

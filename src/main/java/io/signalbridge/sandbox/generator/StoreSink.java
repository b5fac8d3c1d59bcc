package io.signalbridge.sandbox.generator;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.signalbridge.sandbox.marketo.MarketoActivity;
import io.signalbridge.sandbox.marketo.MarketoLead;
import io.signalbridge.sandbox.marketo.MarketoStore;
import io.signalbridge.sandbox.salesforce.SalesforceRecord;
import io.signalbridge.sandbox.salesforce.SalesforceRecordStore;

import org.springframework.transaction.support.TransactionTemplate;

/**
 * Writes generated rows into the sandbox stores in JDBC batches of about {@code batchSize} rows, each batch
 * in a transaction of its own. It holds at most one batch plus one account, whatever the scale.
 */
final class StoreSink implements OrgSink {

    private final SalesforceRecordStore salesforce;
    private final MarketoStore marketo;
    private final TransactionTemplate transactions;
    private final int batchSize;

    private final List<SalesforceRecord> records = new ArrayList<>();
    private final List<MarketoLead> leads = new ArrayList<>();
    private final List<MarketoActivity> activities = new ArrayList<>();
    private final Map<String, Long> counts = new TreeMap<>();
    private long largestBatch;

    StoreSink(SalesforceRecordStore salesforce, MarketoStore marketo, TransactionTemplate transactions, int batchSize) {
        this.salesforce = salesforce;
        this.marketo = marketo;
        this.transactions = transactions;
        this.batchSize = batchSize;
    }

    @Override
    public void salesforce(SalesforceRecord record) {
        records.add(record);
        counts.merge(record.objectName(), 1L, Long::sum);
    }

    @Override
    public void marketoLead(MarketoLead lead) {
        leads.add(lead);
        counts.merge(GenerationSummary.MARKETO_LEAD, 1L, Long::sum);
    }

    @Override
    public void marketoActivity(MarketoActivity activity) {
        activities.add(activity);
        counts.merge(GenerationSummary.MARKETO_ACTIVITY, 1L, Long::sum);
    }

    @Override
    public void accountDone() {
        if (buffered() >= batchSize) {
            flush();
        }
    }

    @Override
    public void finish() {
        flush();
    }

    Map<String, Long> counts() {
        return counts;
    }

    long largestBatch() {
        return largestBatch;
    }

    private int buffered() {
        return records.size() + leads.size() + activities.size();
    }

    private void flush() {
        if (buffered() == 0) {
            return;
        }
        largestBatch = Math.max(largestBatch, buffered());
        transactions.executeWithoutResult(status -> {
            salesforce.insertAll(records);
            marketo.insertLeads(leads);
            marketo.insertActivities(activities);
        });
        records.clear();
        leads.clear();
        activities.clear();
    }
}

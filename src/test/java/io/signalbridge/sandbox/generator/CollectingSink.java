package io.signalbridge.sandbox.generator;

import java.util.ArrayList;
import java.util.List;

import io.signalbridge.sandbox.marketo.MarketoActivity;
import io.signalbridge.sandbox.marketo.MarketoLead;
import io.signalbridge.sandbox.salesforce.SalesforceRecord;

/** Keeps what the generator emits (tests only) and how many rows each account emitted. */
final class CollectingSink implements OrgSink {

    final List<SalesforceRecord> records = new ArrayList<>();
    final List<MarketoLead> leads = new ArrayList<>();
    final List<MarketoActivity> activities = new ArrayList<>();
    final List<Integer> rowsPerAccount = new ArrayList<>();
    private final boolean keep;
    private int sinceLastAccount;
    private int total;
    boolean finished;

    CollectingSink(boolean keep) {
        this.keep = keep;
    }

    @Override
    public void salesforce(SalesforceRecord record) {
        count();
        if (keep) {
            records.add(record);
        }
    }

    @Override
    public void marketoLead(MarketoLead lead) {
        count();
        if (keep) {
            leads.add(lead);
        }
    }

    @Override
    public void marketoActivity(MarketoActivity activity) {
        count();
        if (keep) {
            activities.add(activity);
        }
    }

    @Override
    public void accountDone() {
        rowsPerAccount.add(sinceLastAccount);
        sinceLastAccount = 0;
    }

    @Override
    public void finish() {
        finished = true;
    }

    int total() {
        return total;
    }

    private void count() {
        sinceLastAccount++;
        total++;
    }
}

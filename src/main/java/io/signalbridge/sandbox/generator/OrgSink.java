package io.signalbridge.sandbox.generator;

import io.signalbridge.sandbox.marketo.MarketoActivity;
import io.signalbridge.sandbox.marketo.MarketoLead;
import io.signalbridge.sandbox.salesforce.SalesforceRecord;

/** Where generated rows go, one account at a time. */
interface OrgSink {

    void salesforce(SalesforceRecord record);

    void marketoLead(MarketoLead lead);

    void marketoActivity(MarketoActivity activity);

    /** Everything of one account has been handed over: a sink may write out what it holds. */
    void accountDone();

    /** Generation is over: write out the rest. */
    void finish();
}

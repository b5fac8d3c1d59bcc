package io.signalbridge.sandbox.generator;

import java.time.Instant;
import java.util.List;

import io.signalbridge.sandbox.marketo.MarketoActivity;
import io.signalbridge.sandbox.marketo.MarketoLead;
import io.signalbridge.sandbox.salesforce.SalesforceRecord;

/** A demo org's rows, generated in memory (for tests of other packages; the hidden truth stays in the generator). */
public record GeneratedDemoOrg(Instant now, List<SalesforceRecord> records, List<MarketoLead> leads,
                               List<MarketoActivity> activities) {

    public static GeneratedDemoOrg generate(long seed, int accounts) {
        var sink = new CollectingSink(true);
        var settings = SandboxOrgFixture.settings(seed, accounts);
        DemoOrgGeneratorTest.generator().generate(settings, sink);
        return new GeneratedDemoOrg(settings.now(), List.copyOf(sink.records), List.copyOf(sink.leads),
                List.copyOf(sink.activities));
    }
}

package io.signalbridge.scores;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.signalbridge.sandbox.generator.GeneratedDemoOrg;
import io.signalbridge.sandbox.marketo.MarketoLead;
import io.signalbridge.signals.PulledRecord;

/**
 * A generated demo org as the signal store holds it after the pulls, in the order the store reader hands
 * records over: Salesforce people and opportunities first, then the signal objects; Marketo activities carry
 * the lead's resolved Salesforce account and contact, as the Marketo pull stores them.
 */
final class DemoOrgRecords {

    private DemoOrgRecords() {
    }

    static List<PulledRecord> of(GeneratedDemoOrg org) {
        var ordered = new ArrayList<PulledRecord>();
        for (String object : ScoringInputAssembler.SALESFORCE_OBJECTS) {
            org.records().stream().filter(r -> r.objectName().equals(object)).forEach(r -> ordered.add(
                    new PulledRecord("salesforce", r.objectName(), r.id(), r.systemModstamp(), r.deleted(), r.fields())));
        }
        org.records().stream().filter(r -> !ScoringInputAssembler.SALESFORCE_OBJECTS.contains(r.objectName()))
                .forEach(r -> ordered.add(new PulledRecord("salesforce", r.objectName(), r.id(), r.systemModstamp(),
                        r.deleted(), r.fields())));
        Map<Long, MarketoLead> leads = new HashMap<>();
        org.leads().forEach(lead -> leads.put(lead.id(), lead));
        for (var activity : org.activities()) {
            ObjectNode fields = JsonNodeFactory.instance.objectNode();
            fields.put("id", activity.id());
            fields.put("marketoLeadId", activity.leadId());
            fields.put("activityTypeId", activity.activityTypeId());
            fields.put("activityDate", activity.activityDate().toString());
            var lead = leads.get(activity.leadId());
            if (lead != null) {
                fields.set("accountId", lead.fields().get("sfdcAccountId"));
                fields.set("contactId", lead.fields().get("sfdcContactId"));
                fields.set("leadId", lead.fields().get("sfdcLeadId"));
            }
            ordered.add(new PulledRecord("marketo", "Activity", String.valueOf(activity.id()), activity.activityDate(),
                    false, fields));
        }
        return ordered;
    }
}

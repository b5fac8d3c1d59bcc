package io.signalbridge.sandbox.marketo;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.signalbridge.sandbox.ConditionalOnSandbox;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Leads of the sandbox Marketo instance: Get Leads by Filter Type, Get Lead by Id, Describe and Sync Leads. */
@RestController
@ConditionalOnSandbox
@RequestMapping(MarketoSandboxConfiguration.BASE_PATH + "/rest/v1")
public class MarketoLeadController {

    private final MarketoStore store;
    private final MarketoLeadSync sync;
    private final MarketoResponses responses;
    private final MarketoJsonViews views;

    public MarketoLeadController(MarketoStore store, MarketoLeadSync sync, MarketoResponses responses, MarketoJsonViews views) {
        this.store = store;
        this.sync = sync;
        this.responses = responses;
        this.views = views;
    }

    @GetMapping("/leads.json")
    public ObjectNode leadsByFilter(@RequestParam(required = false) String filterType,
                                    @RequestParam(required = false) String[] filterValues,
                                    @RequestParam(required = false) String[] fields,
                                    @RequestParam(required = false) Integer batchSize,
                                    @RequestParam(required = false) String nextPageToken) {
        if (filterType == null || filterType.isBlank()) {
            throw MarketoApiException.blank("filterType");
        }
        if (MarketoLeadFields.byName(filterType).isEmpty()) {
            throw MarketoApiException.fieldNotFound(filterType);
        }
        if (!MarketoLeadFields.LOOKUP_FIELDS.contains(filterType)) {
            throw MarketoApiException.fieldNotSupported(filterType);
        }
        List<String> values = MarketoParameters.values(filterValues);
        if (values.isEmpty()) {
            throw MarketoApiException.blank("filterValues");
        }
        if (values.size() > MarketoParameters.MAX_BATCH) {
            throw MarketoParameters.tooMany("filterValues", values.size());
        }
        if (MarketoLeadFields.ID.equals(filterType)) {
            MarketoParameters.ids(values);
        }
        List<String> requested = MarketoParameters.leadFields(fields);
        int size = MarketoParameters.batchSize(batchSize);
        long after = nextPageToken == null || nextPageToken.isBlank() ? 0 : MarketoPagingToken.parseRecord(nextPageToken.trim());
        return page(store.findLeads(filterType, values, after, size + 1), size, requested);
    }

    @GetMapping("/lead/{leadId}.json")
    public ObjectNode leadById(@PathVariable long leadId, @RequestParam(required = false) String[] fields) {
        List<String> requested = MarketoParameters.leadFields(fields);
        return responses.success(store.findLead(leadId).map(lead -> views.lead(lead, requested)).stream().toList());
    }

    @GetMapping("/leads/describe.json")
    public ObjectNode describe() {
        return responses.success(MarketoLeadFields.all().stream().map(views::field).toList());
    }

    /** Describe Lead2: the same catalogue in the newer shape, with the searchable (lookup) fields. */
    @GetMapping("/leads/describe2.json")
    public ObjectNode describe2() {
        ObjectNode description = responses.object();
        description.put("name", "API Lead");
        var searchable = description.putArray("searchableFields");
        MarketoLeadFields.LOOKUP_FIELDS.stream().sorted().forEach(name -> searchable.addArray().add(name));
        var fieldArray = description.putArray("fields");
        MarketoLeadFields.all().forEach(f -> {
            ObjectNode node = fieldArray.addObject().put("name", f.name()).put("displayName", f.displayName()).put("dataType", f.dataType());
            if (f.length() != null) {
                node.put("length", f.length());
            }
            node.put("updateable", !f.readOnly()).put("crmManaged", f.name().startsWith("sfdc"));
        });
        return responses.success(List.of(description));
    }

    @PostMapping("/leads.json")
    public ObjectNode syncLeads(@RequestBody JsonNode request) {
        return sync.sync(request);
    }

    /** A page of leads fetched with one extra row: the extra row only tells that there is a next page. */
    ObjectNode page(List<MarketoLead> fetched, int size, List<String> fields) {
        boolean more = fetched.size() > size;
        List<MarketoLead> leads = more ? fetched.subList(0, size) : fetched;
        ObjectNode body = responses.success(leads.stream().map(lead -> views.lead(lead, fields)).toList());
        if (more) {
            body.put("nextPageToken", MarketoPagingToken.record(leads.get(leads.size() - 1).id()));
            body.put("moreResult", true);
        }
        return body;
    }
}

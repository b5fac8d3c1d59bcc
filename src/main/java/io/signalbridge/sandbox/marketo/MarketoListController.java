package io.signalbridge.sandbox.marketo;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.signalbridge.sandbox.ConditionalOnSandbox;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * Static lists of the sandbox Marketo instance: the Lead Database list and membership endpoints, the few
 * Asset API static-list endpoints integrations use to find or create a list, and a Marketo-shaped 404 for
 * every other REST path.
 */
@RestController
@ConditionalOnSandbox
@RequestMapping(MarketoSandboxConfiguration.BASE_PATH + "/rest")
public class MarketoListController {

    /** The "Group Lists" folder that holds the lists created through the API. */
    static final int LISTS_FOLDER_ID = 12;
    private static final String NO_ASSETS = "No assets found for the given search criteria.";

    private final MarketoStore store;
    private final MarketoLeadController leads;
    private final MarketoResponses responses;
    private final MarketoJsonViews views;
    private final ObjectMapper json;
    private final Clock clock;

    public MarketoListController(MarketoStore store, MarketoLeadController leads, MarketoResponses responses,
                                 MarketoJsonViews views, ObjectMapper json, Clock clock) {
        this.store = store;
        this.leads = leads;
        this.responses = responses;
        this.views = views;
        this.json = json;
        this.clock = clock;
    }

    @GetMapping("/v1/lists.json")
    public ObjectNode lists(@RequestParam(required = false) String[] id,
                            @RequestParam(required = false) String[] name,
                            @RequestParam(required = false) String[] programName,
                            @RequestParam(required = false) String[] workspaceName,
                            @RequestParam(required = false) Integer batchSize,
                            @RequestParam(required = false) String nextPageToken) {
        int size = MarketoParameters.batchSize(batchSize);
        List<String> workspaces = MarketoParameters.values(workspaceName);
        // Our lists live in the Default workspace and in no program.
        if (!MarketoParameters.values(programName).isEmpty() || !(workspaces.isEmpty() || workspaces.contains("Default"))) {
            return responses.success(List.of());
        }
        long after = nextPageToken == null || nextPageToken.isBlank() ? 0 : MarketoPagingToken.parseRecord(nextPageToken.trim());
        List<MarketoList> fetched = store.findLists(MarketoParameters.ids(MarketoParameters.values(id)),
                MarketoParameters.values(name), after, size + 1);
        boolean more = fetched.size() > size;
        List<MarketoList> page = more ? fetched.subList(0, size) : fetched;
        ObjectNode body = responses.success(page.stream().map(views::list).toList());
        if (more) {
            body.put("nextPageToken", MarketoPagingToken.record(page.get(page.size() - 1).id()));
            body.put("moreResult", true);
        }
        return body;
    }

    @GetMapping("/v1/lists/{listId}.json")
    public ObjectNode list(@PathVariable long listId) {
        return responses.success(List.of(views.list(existingList(listId))));
    }

    /** Get Leads by List Id, under both its current path and the older {@code /v1/list/{listId}/leads.json}. */
    @GetMapping({"/v1/lists/{listId}/leads.json", "/v1/list/{listId}/leads.json"})
    public ObjectNode members(@PathVariable long listId,
                              @RequestParam(required = false) String[] fields,
                              @RequestParam(required = false) Integer batchSize,
                              @RequestParam(required = false) String nextPageToken) {
        existingList(listId);
        List<String> requested = MarketoParameters.leadFields(fields);
        int size = MarketoParameters.batchSize(batchSize);
        long after = nextPageToken == null || nextPageToken.isBlank() ? 0 : MarketoPagingToken.parseRecord(nextPageToken.trim());
        return leads.page(store.listMembers(listId, after, size + 1), size, requested);
    }

    @PostMapping("/v1/lists/{listId}/leads.json")
    public ObjectNode addToList(@PathVariable long listId, @RequestBody(required = false) JsonNode body,
                                @RequestParam(required = false) String[] id) {
        MarketoList list = existingList(listId);
        List<Long> ids = MarketoParameters.leadIds(body, id);
        Set<Long> existing = existingLeads(ids);
        var results = new ArrayList<ObjectNode>();
        var activities = new ArrayList<MarketoActivity>();
        Instant now = clock.instant();
        for (long leadId : ids) {
            if (!existing.contains(leadId)) {
                results.add(leadNotFound(leadId));
                continue;
            }
            if (store.addToList(listId, leadId)) {
                activities.add(listActivity(MarketoActivityTypes.ADD_TO_LIST, leadId, list, now));
            }
            results.add(responses.status(leadId, "added"));
        }
        store.insertActivities(activities);
        return responses.success(results);
    }

    @DeleteMapping("/v1/lists/{listId}/leads.json")
    public ObjectNode removeFromList(@PathVariable long listId, @RequestBody(required = false) JsonNode body,
                                     @RequestParam(required = false) String[] id) {
        MarketoList list = existingList(listId);
        List<Long> ids = MarketoParameters.leadIds(body, id);
        Set<Long> existing = existingLeads(ids);
        var results = new ArrayList<ObjectNode>();
        var activities = new ArrayList<MarketoActivity>();
        Instant now = clock.instant();
        for (long leadId : ids) {
            if (!existing.contains(leadId)) {
                results.add(leadNotFound(leadId));
            } else if (store.removeFromList(listId, leadId)) {
                activities.add(listActivity(MarketoActivityTypes.REMOVE_FROM_LIST, leadId, list, now));
                results.add(responses.status(leadId, "removed"));
            } else {
                results.add(responses.skipped(leadId, "1015", "Lead not in list"));
            }
        }
        store.insertActivities(activities);
        return responses.success(results);
    }

    @GetMapping("/v1/lists/{listId}/leads/ismember.json")
    public ObjectNode isMember(@PathVariable long listId, @RequestBody(required = false) JsonNode body,
                               @RequestParam(required = false) String[] id) {
        existingList(listId);
        List<Long> ids = MarketoParameters.leadIds(body, id);
        Set<Long> existing = existingLeads(ids);
        Set<Long> members = store.listMembersAmong(listId, ids);
        return responses.success(ids.stream()
                .map(leadId -> !existing.contains(leadId) ? leadNotFound(leadId)
                        : responses.status(leadId, members.contains(leadId) ? "memberof" : "notmemberof"))
                .toList());
    }

    @PostMapping("/asset/v1/staticLists.json")
    public ObjectNode createStaticList(@RequestParam(required = false) String name,
                                       @RequestParam(required = false) String folder,
                                       @RequestParam(required = false) String description) {
        if (name == null || name.isBlank()) {
            throw MarketoApiException.blank("name");
        }
        if (store.findListByName(name).isPresent()) {
            throw new MarketoApiException("709", "Static List with name '" + name + "' already exists");
        }
        return assetResult(List.of(store.createList(name, clock.instant())));
    }

    @GetMapping("/asset/v1/staticList/{listId}.json")
    public ObjectNode staticList(@PathVariable long listId) {
        return assetResult(store.findList(listId).stream().toList());
    }

    @GetMapping("/asset/v1/staticList/byName.json")
    public ObjectNode staticListByName(@RequestParam(required = false) String name) {
        if (name == null || name.isBlank()) {
            throw MarketoApiException.blank("name");
        }
        return assetResult(store.findListByName(name).stream().toList());
    }

    @RequestMapping("/**")
    @ResponseStatus(HttpStatus.NOT_FOUND)
    public ObjectNode unknownResource() {
        return responses.error("610", "Requested resource not found");
    }

    private ObjectNode assetResult(List<MarketoList> lists) {
        ObjectNode body = responses.success();
        body.putArray("errors");
        ArrayNode warnings = body.putArray("warnings");
        if (lists.isEmpty()) {
            warnings.add(NO_ASSETS);
        } else {
            body.putArray("result").addAll(lists.stream().map(views::staticListAsset).toList());
        }
        return body;
    }

    private MarketoList existingList(long listId) {
        return store.findList(listId).orElseThrow(MarketoApiException::listNotFound);
    }

    private Set<Long> existingLeads(List<Long> ids) {
        return store.findLeads(ids).stream().map(MarketoLead::id).collect(Collectors.toSet());
    }

    private ObjectNode leadNotFound(long leadId) {
        return responses.skipped(leadId, "1004", "Lead not found");
    }

    private MarketoActivity listActivity(int typeId, long leadId, MarketoList list, Instant at) {
        ArrayNode attributes = json.createArrayNode();
        attributes.addObject().put("name", "Source").put("value", MarketoLeadSync.API_SOURCE);
        return store.newActivity(leadId, typeId, list.id(), list.name(), attributes, at);
    }
}

package io.signalbridge.sandbox.marketo;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.signalbridge.sandbox.ConditionalOnSandbox;
import io.signalbridge.sandbox.marketo.MarketoPagingToken.ActivityPosition;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Activities of the sandbox Marketo instance: types, date-based paging tokens and Get Lead Activities.
 *
 * <p>As on a real instance, a token is a position in the stream of all activities ordered by time, and each
 * call scans the next {@code batchSize} activities of every type, returning only those matching the filter.
 * A filtered call can therefore return no activity while {@code moreResult} is true; {@code result} is then
 * absent. Clients must keep paging until {@code moreResult} is false.
 */
@RestController
@ConditionalOnSandbox
@RequestMapping(MarketoSandboxConfiguration.BASE_PATH + "/rest/v1")
public class MarketoActivityController {

    static final int MAX_ACTIVITY_TYPE_IDS = 10;
    static final int MAX_LEAD_IDS = 30;

    private final MarketoStore store;
    private final MarketoResponses responses;
    private final MarketoJsonViews views;

    public MarketoActivityController(MarketoStore store, MarketoResponses responses, MarketoJsonViews views) {
        this.store = store;
        this.responses = responses;
        this.views = views;
    }

    @GetMapping("/activities/types.json")
    public ObjectNode types() {
        return responses.success(MarketoActivityTypes.all().stream().map(views::activityType).toList());
    }

    @GetMapping("/activities/pagingtoken.json")
    public ObjectNode pagingToken(@RequestParam(required = false) String sinceDatetime) {
        if (sinceDatetime == null || sinceDatetime.isBlank()) {
            throw MarketoApiException.blank("sinceDatetime");
        }
        Instant since;
        try {
            since = MarketoLeadField.parseDateTime(sinceDatetime.trim());
        } catch (DateTimeParseException e) {
            throw new MarketoApiException("704", "Invalid date format");
        }
        ObjectNode body = responses.success();
        // Position just before every activity at `since`: ids start at 1.
        body.put("nextPageToken", MarketoPagingToken.activity(new ActivityPosition(since, 0)));
        return body;
    }

    @GetMapping("/activities.json")
    public ObjectNode activities(@RequestParam(required = false) String nextPageToken,
                                 @RequestParam(required = false) String[] activityTypeIds,
                                 @RequestParam(required = false) String[] assetIds,
                                 @RequestParam(required = false) Long listId,
                                 @RequestParam(required = false) String[] leadIds,
                                 @RequestParam(required = false) Integer batchSize) {
        if (nextPageToken == null || nextPageToken.isBlank()) {
            throw MarketoApiException.blank("nextPageToken");
        }
        Set<Long> types = Set.copyOf(MarketoParameters.ids(MarketoParameters.values(activityTypeIds)));
        if (types.isEmpty()) {
            throw MarketoApiException.blank("activityTypeIds");
        }
        if (types.size() > MAX_ACTIVITY_TYPE_IDS) {
            throw new MarketoApiException("1003", "Invalid data: " + types.size() + " activityTypeIds, at most " + MAX_ACTIVITY_TYPE_IDS + " allowed");
        }
        Set<Long> leads = Set.copyOf(MarketoParameters.ids(MarketoParameters.values(leadIds)));
        if (leads.size() > MAX_LEAD_IDS) {
            throw new MarketoApiException("1003", "Invalid data: " + leads.size() + " leadIds, at most " + MAX_LEAD_IDS + " allowed");
        }
        Set<Long> assets = Set.copyOf(MarketoParameters.ids(MarketoParameters.values(assetIds)));
        if (listId != null && store.findList(listId).isEmpty()) {
            throw MarketoApiException.listNotFound();
        }
        int window = MarketoParameters.batchSize(batchSize);
        ActivityPosition from = MarketoPagingToken.parseActivity(nextPageToken.trim());

        List<MarketoActivity> scanned = store.activitiesAfter(from, window + 1);
        boolean moreResult = scanned.size() > window;
        List<MarketoActivity> page = moreResult ? scanned.subList(0, window) : scanned;
        Set<Long> listMembers = listId == null ? Set.of()
                : store.listMembersAmong(listId, new HashSet<>(page.stream().map(MarketoActivity::leadId).toList()));
        var result = page.stream()
                .filter(a -> types.contains((long) a.activityTypeId()))
                .filter(a -> leads.isEmpty() || leads.contains(a.leadId()))
                .filter(a -> assets.isEmpty() || assets.contains(a.primaryAttributeValueId()))
                .filter(a -> listId == null || listMembers.contains(a.leadId()))
                .map(views::activity)
                .toList();
        ActivityPosition next = page.isEmpty() ? from
                : new ActivityPosition(page.get(page.size() - 1).activityDate(), page.get(page.size() - 1).id());

        ObjectNode body = responses.success();
        if (!result.isEmpty()) {
            body.putArray("result").addAll(result);
        }
        body.put("nextPageToken", MarketoPagingToken.activity(next));
        body.put("moreResult", moreResult);
        return body;
    }
}

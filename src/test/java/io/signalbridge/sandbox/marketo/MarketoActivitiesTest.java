package io.signalbridge.sandbox.marketo;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.Test;

class MarketoActivitiesTest extends MarketoSandboxTestSupport {

    static final Instant START = Instant.parse("2025-01-10T08:00:00Z");

    @Test
    void activityTypesAreTheStandardCatalogue() {
        JsonNode types = get(uri("/v1/activities/types.json"));

        assertSuccess(types);
        assertThat(types.get("result").size()).isEqualTo(MarketoActivityTypes.all().size());
        JsonNode fillOutForm = types.get("result").get(1);
        assertThat(fillOutForm.get("id").asInt()).isEqualTo(2);
        assertThat(fillOutForm.get("name").asText()).isEqualTo("Fill Out Form");
        assertThat(fillOutForm.get("primaryAttribute").get("name").asText()).isEqualTo("Webform ID");
        assertThat(fillOutForm.get("attributes").findValuesAsText("name")).contains("Form Fields", "Webpage ID");
    }

    /**
     * 1,000 activities, two per second: form fills only among the first 300 and the last 100. Filtered on form
     * fills, the middle windows come back empty with moreResult true; every form fill comes exactly once.
     */
    @Test
    void filteredPagingScansAllTypesAndReturnsEmptyPagesUntilTheStreamEnds() {
        long lead = lead("ann@example.com").id();
        Set<Long> expected = new HashSet<>();
        var activities = new ArrayList<MarketoActivity>();
        for (int i = 0; i < 1000; i++) {
            boolean formFill = (i < 300 || i >= 900) && i % 10 == 0;
            var activity = store.newActivity(lead, formFill ? MarketoActivityTypes.FILL_OUT_FORM : MarketoActivityTypes.VISIT_WEBPAGE,
                    1000L + i, "page-" + i, json.createArrayNode(), START.plusSeconds(i / 2));
            activities.add(activity);
            if (formFill) {
                expected.add(activity.id());
            }
        }
        store.insertActivities(activities);

        String pageToken = get(uri("/v1/activities/pagingtoken.json", "sinceDatetime", "2025-01-10T08:00:00Z")).get("nextPageToken").asText();
        assertThat(pageToken).matches("[A-Z2-7]+=*");
        List<Integer> resultsPerPage = new ArrayList<>();
        Set<Long> seen = new HashSet<>();
        boolean more = true;
        while (more) {
            JsonNode page = get(uri("/v1/activities.json", "nextPageToken", pageToken, "activityTypeIds", "2,10"));
            assertSuccess(page);
            JsonNode result = page.get("result");
            resultsPerPage.add(result == null ? 0 : result.size());
            if (result != null) {
                result.forEach(a -> {
                    assertThat(a.get("activityTypeId").asInt()).isEqualTo(2);
                    assertThat(seen.add(a.get("id").asLong())).as("returned twice: %s", a).isTrue();
                });
            }
            more = page.get("moreResult").asBoolean();
            pageToken = page.get("nextPageToken").asText();
        }

        assertThat(resultsPerPage).containsExactly(30, 0, 0, 10);
        assertThat(seen).isEqualTo(expected);
        JsonNode tail = get(uri("/v1/activities.json", "nextPageToken", pageToken, "activityTypeIds", "2"));
        assertThat(tail.has("result")).isFalse();
        assertThat(tail.get("moreResult").asBoolean()).isFalse();
        assertThat(tail.get("nextPageToken").asText()).isEqualTo(pageToken);
    }

    @Test
    void activitiesHaveTheRealShapeAndFilterByLead() {
        long ann = lead("ann@example.com").id();
        long bob = lead("bob@example.com").id();
        var attributes = json.createArrayNode();
        attributes.addObject().put("name", "Client IP Address").put("value", "10.0.19.252");
        store.insertActivities(List.of(
                store.newActivity(ann, MarketoActivityTypes.VISIT_WEBPAGE, 71L, "localhost/munchkintest2.html", attributes, START),
                store.newActivity(bob, MarketoActivityTypes.VISIT_WEBPAGE, 71L, "localhost/munchkintest2.html", attributes, START)));
        String token = get(uri("/v1/activities/pagingtoken.json", "sinceDatetime", "2025-01-10T00:00:00-08:00")).get("nextPageToken").asText();

        JsonNode page = get(uri("/v1/activities.json", "nextPageToken", token, "activityTypeIds", "1", "leadIds", String.valueOf(bob)));

        assertThat(page.get("result")).hasSize(1);
        JsonNode activity = page.get("result").get(0);
        assertThat(activity.get("leadId").asLong()).isEqualTo(bob);
        assertThat(activity.get("marketoGUID").asText()).isEqualTo(activity.get("id").asText());
        assertThat(activity.get("activityDate").asText()).isEqualTo("2025-01-10T08:00:00Z");
        assertThat(activity.get("primaryAttributeValueId").asLong()).isEqualTo(71);
        assertThat(activity.get("primaryAttributeValue").asText()).isEqualTo("localhost/munchkintest2.html");
        assertThat(activity.get("attributes").get(0).get("value").asText()).isEqualTo("10.0.19.252");
        assertThat(page.get("moreResult").asBoolean()).isFalse();
    }

    @Test
    void requestsOutsideTheLimitsAreRejected() {
        String token = get(uri("/v1/activities/pagingtoken.json", "sinceDatetime", "2025-01-10T00:00:00Z")).get("nextPageToken").asText();

        assertThat(get(uri("/v1/activities.json", "nextPageToken", token, "activityTypeIds", "1,2,3,6,7,8,9,10,11,12,13"))
                .get("errors").get(0).get("code").asText()).isEqualTo("1003");
        assertSuccess(get(uri("/v1/activities.json", "nextPageToken", token, "activityTypeIds", "1,2,3,6,7,8,9,10,11,12")));
        assertError(get(uri("/v1/activities.json", "activityTypeIds", "1")), "701", "nextPageToken cannot be blank");
        assertError(get(uri("/v1/activities.json", "nextPageToken", token)), "701", "activityTypeIds cannot be blank");
        assertThat(get(uri("/v1/activities.json", "nextPageToken", "NOTATOKEN", "activityTypeIds", "1"))
                .get("errors").get(0).get("code").asText()).isEqualTo("1001");
        assertError(get(uri("/v1/activities/pagingtoken.json", "sinceDatetime", "yesterday")), "704", "Invalid date format");
    }
}

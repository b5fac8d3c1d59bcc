package io.signalbridge.sandbox.marketo;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.Test;

class MarketoListsTest extends MarketoSandboxTestSupport {

    @Test
    void membersAreAddedCheckedListedAndRemoved() {
        long ann = lead("ann@example.com").id();
        long bob = lead("bob@example.com").id();
        JsonNode created = postForm(uri("/asset/v1/staticLists.json"), "name", "ABM - FY25 Q1 - Tier 1", "folder", "{\"type\":\"Folder\",\"id\":12}");
        long listId = created.get("result").get(0).get("id").asLong();
        assertThat(created.get("result").get(0).get("createdAt").asText()).endsWith("Z+0000");
        assertThat(get(uri("/asset/v1/staticList/byName.json", "name", "ABM - FY25 Q1 - Tier 1")).get("result").get(0).get("id").asLong())
                .isEqualTo(listId);

        JsonNode added = postJson(uri("/v1/lists/" + listId + "/leads.json"), Map.of("input", List.of(Map.of("id", ann), Map.of("id", 999999))));
        assertThat(added.get("result").get(0).get("status").asText()).isEqualTo("added");
        assertThat(added.get("result").get(1).get("status").asText()).isEqualTo("skipped");
        assertThat(added.get("result").get(1).get("reasons").get(0).get("code").asText()).isEqualTo("1004");

        JsonNode membership = get(uri("/v1/lists/" + listId + "/leads/ismember.json", "id", ann + "," + bob + ",999999"));
        assertThat(membership.get("result").findValuesAsText("status")).containsExactly("memberof", "notmemberof", "skipped");

        // node-marketo-rest's list.getLeads: the older path, POST with _method=GET in the form
        JsonNode members = postForm(uri("/v1/list/" + listId + "/leads.json"), "listId", String.valueOf(listId), "_method", "GET");
        assertThat(members.get("result").findValuesAsText("email")).containsExactly("ann@example.com");

        // node-marketo-rest's removeLeadsFromList sends id=1&id=2 URL-encoded into one value
        JsonNode removed = deleteJson(uri("/v1/lists/" + listId + "/leads.json", "id", ann + "&id=" + bob), null);
        assertThat(removed.get("result").get(0).get("status").asText()).isEqualTo("removed");
        assertThat(removed.get("result").get(1).get("reasons").get(0).get("code").asText()).isEqualTo("1015");
        assertThat(removed.get("result").get(1).get("reasons").get(0).get("message").asText()).isEqualTo("Lead not in list");
        assertThat(store.isListMember(listId, ann)).isFalse();
    }

    @Test
    void listsAreFoundByIdAndNameAndUnknownListsAreErrors() {
        MarketoList list = store.createList("Churned", clock.instant());
        store.createList("High Value", clock.instant());

        JsonNode byName = postForm(uri("/v1/lists.json"), "name", "Churned", "_method", "GET");
        assertThat(byName.get("result")).hasSize(1);
        assertThat(byName.get("result").get(0).get("id").asLong()).isEqualTo(list.id());
        assertThat(get(uri("/v1/lists.json")).get("result")).hasSize(2);
        assertThat(get(uri("/v1/lists/" + list.id() + ".json")).get("result").get(0).get("name").asText()).isEqualTo("Churned");

        assertError(get(uri("/v1/lists/424242.json")), "1013", "Object not found");
        assertError(postJson(uri("/v1/lists/424242/leads.json"), Map.of("input", List.of(Map.of("id", 1)))), "1013", "Object not found");
    }

    @Test
    void membersPageWithATokenAndTheDefaultFields() {
        MarketoList list = store.createList("Big", clock.instant());
        for (int i = 0; i < 5; i++) {
            store.addToList(list.id(), lead("m" + i + "@example.com").id());
        }

        JsonNode first = get(uri("/v1/lists/" + list.id() + "/leads.json", "batchSize", "3"));
        JsonNode second = get(uri("/v1/lists/" + list.id() + "/leads.json", "batchSize", "3", "nextPageToken", first.get("nextPageToken").asText()));

        assertThat(first.get("result")).hasSize(3);
        assertThat(second.get("result")).hasSize(2);
        assertThat(second.has("nextPageToken")).isFalse();
    }
}

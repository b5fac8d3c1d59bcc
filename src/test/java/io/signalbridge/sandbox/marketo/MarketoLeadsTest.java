package io.signalbridge.sandbox.marketo;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.Test;

class MarketoLeadsTest extends MarketoSandboxTestSupport {

    static Map<String, Object> upsert(String action, String lookupField, List<Map<String, Object>> input) {
        return Map.of("action", action, "lookupField", lookupField, "input", input);
    }

    static List<Map<String, Object>> people(int count) {
        return IntStream.range(0, count).<Map<String, Object>>mapToObj(i -> Map.of("email", "p" + i + "@example.com", "firstName", "P" + i)).toList();
    }

    @Test
    void createOrUpdateTakes300RecordsAndRejects301() {
        JsonNode created = postJson(uri("/v1/leads.json"), upsert("createOrUpdate", "email", people(300)));

        assertSuccess(created);
        assertThat(created.get("result")).hasSize(300);
        created.get("result").forEach(r -> assertThat(r.get("status").asText()).isEqualTo("created"));
        assertThat(store.countLeads()).isEqualTo(300);

        JsonNode tooMany = postJson(uri("/v1/leads.json"), upsert("createOrUpdate", "email", people(301)));
        assertThat(tooMany.get("success").asBoolean()).isFalse();
        assertThat(tooMany.get("errors").get(0).get("code").asText()).isEqualTo("1003");
    }

    @Test
    void aBadValueSkipsOnlyItsRecordAndUpdatesMoveUpdatedAt() {
        long ann = lead("ann@example.com", "firstName", "Ann").id();
        clock.advance(Duration.ofMinutes(5));

        JsonNode response = postJson(uri("/v1/leads.json"), upsert("createOrUpdate", "email", List.of(
                Map.of("email", "ANN@example.com", "title", "CMO"),
                Map.of("email", "bob@example.com", "leadScore", 14.1),
                Map.of("email", "cy@example.com", "account6QA6sense", "other"),
                Map.of("email", "dee@example.com", "contactProfileScore6sense", "42"))));

        assertSuccess(response);
        JsonNode result = response.get("result");
        assertThat(result.get(0).get("id").asLong()).isEqualTo(ann);
        assertThat(result.get(0).get("status").asText()).isEqualTo("updated");
        assertThat(result.get(1).get("status").asText()).isEqualTo("skipped");
        assertThat(result.get(1).has("id")).isFalse();
        assertThat(result.get(1).get("reasons").get(0).get("code").asText()).isEqualTo("1003");
        assertThat(result.get(1).get("reasons").get(0).get("message").asText()).isEqualTo("Invalid value for field 'leadScore' and value '14.1'");
        assertThat(result.get(2).get("reasons").get(0).get("message").asText())
                .isEqualTo("Invalid value for field 'account6QA6sense' and value 'other'");
        assertThat(result.get(3).get("status").asText()).isEqualTo("created");

        var updated = store.findLead(ann).orElseThrow();
        assertThat(updated.updatedAt()).isEqualTo(clock.instant());
        assertThat(updated.createdAt()).isBefore(updated.updatedAt());
        assertThat(updated.fields().get("title").asText()).isEqualTo("CMO");
    }

    @Test
    void actionsReportMissingAndExistingLeads() {
        long ann = lead("ann@example.com").id();

        JsonNode updateOnly = postJson(uri("/v1/leads.json"), upsert("updateOnly", "id",
                List.of(Map.of("id", ann, "lastName", "Lee"), Map.of("id", 999999, "lastName", "Nobody"))));
        assertThat(updateOnly.get("result").get(0).get("status").asText()).isEqualTo("updated");
        assertThat(updateOnly.get("result").get(1).get("reasons").get(0).get("code").asText()).isEqualTo("1004");
        assertThat(updateOnly.get("result").get(1).get("reasons").get(0).get("message").asText()).isEqualTo("Lead not found");

        JsonNode createOnly = postJson(uri("/v1/leads.json"), upsert("createOnly", "email", List.of(Map.of("email", "ann@example.com"))));
        assertThat(createOnly.get("result").get(0).get("reasons").get(0).get("code").asText()).isEqualTo("1005");

        assertError(postJson(uri("/v1/leads.json"), upsert("createOrUpdate", "email", List.of(Map.of("email", "x@example.com", "shoeSize", 9)))),
                "1006", "Field 'shoeSize' not found");
        assertError(postJson(uri("/v1/leads.json"), upsert("createOrUpdate", "firstName", List.of(Map.of("firstName", "X")))),
                "1011", "Field 'firstName' not supported");
    }

    @Test
    void scoresAreWrittenBySalesforceIdAndLeaveChangeDataValueActivities() {
        long ann = lead("ann@example.com", "sfdcContactId", "0035g00000AbCdEAAV").id();
        long before = store.countActivities();

        JsonNode response = postJson(uri("/v1/leads.json"), upsert("updateOnly", "sfdcContactId",
                List.of(Map.of("sfdcContactId", "0035g00000AbCdEAAV", "contactGrade6sense", "A", "accountIntentScore6sense", 87))));

        assertThat(response.get("result").get(0).get("id").asLong()).isEqualTo(ann);
        JsonNode found = get(uri("/v1/leads.json", "filterType", "sfdcContactId", "filterValues", "0035g00000AbCdEAAV",
                "fields", "contactGrade6sense,accountIntentScore6sense,account6QA6sense,title"));
        assertThat(found.get("result").get(0).get("id").asLong()).isEqualTo(ann);
        assertThat(found.get("result").get(0).get("contactGrade6sense").asText()).isEqualTo("A");
        assertThat(found.get("result").get(0).get("accountIntentScore6sense").asInt()).isEqualTo(87);
        assertThat(found.get("result").get(0).get("account6QA6sense").asBoolean()).isFalse();
        assertThat(found.get("result").get(0).get("title").isNull()).isTrue();
        assertThat(store.countActivities()).isEqualTo(before + 2);
    }

    @Test
    void leadsAreFoundByEmailAndIdWithDefaultFieldsAndPaged() {
        long ann = lead("ann@example.com", "firstName", "Ann").id();
        long bob = lead("bob@example.com", "firstName", "Bob").id();
        long cy = lead("cy@example.com").id();

        JsonNode byEmail = get(uri("/v1/leads.json", "filterType", "email", "filterValues", "ANN@example.com,nobody@example.com"));
        assertThat(byEmail.get("result")).hasSize(1);
        assertThat(byEmail.get("result").get(0).fieldNames()).toIterable()
                .containsExactly("id", "firstName", "lastName", "email", "updatedAt", "createdAt");

        JsonNode first = get(uri("/v1/leads.json", "filterType", "id", "filterValues", ann + "," + bob + "," + cy, "batchSize", "2"));
        assertThat(first.get("result").findValuesAsText("id")).containsExactly(String.valueOf(ann), String.valueOf(bob));
        JsonNode second = get(uri("/v1/leads.json", "filterType", "id", "filterValues", ann + "," + bob + "," + cy,
                "nextPageToken", first.get("nextPageToken").asText()));
        assertThat(second.get("result").findValuesAsText("id")).containsExactly(String.valueOf(cy));
        assertThat(second.has("nextPageToken")).isFalse();

        JsonNode viaPost = postForm(uri("/v1/leads.json", "_method", "GET"), "filterType", "email", "filterValues", "bob@example.com");
        assertThat(viaPost.get("result").get(0).get("id").asLong()).isEqualTo(bob);

        assertThat(get(uri("/v1/lead/" + ann + ".json")).get("result").get(0).get("email").asText()).isEqualTo("ann@example.com");
        assertThat(get(uri("/v1/lead/424242.json")).get("result")).isEmpty();
        assertError(get(uri("/v1/leads.json", "filterType", "email", "filterValues", "a@b.c", "fields", "shoeSize")),
                "1006", "Field 'shoeSize' not found");
    }

    @Test
    void describeListsStandardAndScoreFields() {
        JsonNode fields = get(uri("/v1/leads/describe.json")).get("result");

        assertThat(fields.findValuesAsText("displayName")).contains("Email Address", "6sense Account Intent Score");
        JsonNode stage = MarketoLeadsTest.byRestName(fields, "accountBuyingStage6sense");
        assertThat(stage.get("dataType").asText()).isEqualTo("string");
        assertThat(stage.get("length").asInt()).isEqualTo(30);
        assertThat(stage.get("rest").get("readOnly").asBoolean()).isFalse();
        assertThat(MarketoLeadsTest.byRestName(fields, "sfdcContactId").get("rest").get("readOnly").asBoolean()).isTrue();
        assertSuccess(get(uri("/v1/leads/describe2.json")));
    }

    static JsonNode byRestName(JsonNode fields, String name) {
        for (JsonNode field : fields) {
            if (field.get("rest").get("name").asText().equals(name)) {
                return field;
            }
        }
        throw new AssertionError("no field " + name);
    }
}

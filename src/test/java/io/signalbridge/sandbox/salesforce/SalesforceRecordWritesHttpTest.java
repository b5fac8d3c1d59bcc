package io.signalbridge.sandbox.salesforce;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.Test;

class SalesforceRecordWritesHttpTest extends SalesforceSandboxHttpTestSupport {

    private static final String COLLECTIONS = DATA + "/composite/sobjects";

    @Test
    void collectionsUpdateStoresFieldsAndBumpsTheModstamp() {
        var accounts = accounts(2);
        String body = """
                {"allOrNone":false,"records":[
                  {"attributes":{"type":"Account"},"id":"%s","accountIntentScore6sense__c":91,"accountBuyingStage6sense__c":"Decision"},
                  {"attributes":{"type":"Account"},"Id":"%s","account6QA6sense__c":true,"account6QAStartDate6sense__c":"2025-02-01",
                   "accountUpdateDate6sense__c":"2025-02-01T09:30:00+01:00"}
                ]}""".formatted(accounts.get(0).id(), accounts.get(1).id().substring(0, 15));

        Response response = call("PATCH", COLLECTIONS, body);

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.body()).hasSize(2);
        for (int i = 0; i < 2; i++) {
            assertThat(response.body().get(i).get("id").asText()).isEqualTo(accounts.get(i).id());
            assertThat(response.body().get(i).get("success").asBoolean()).isTrue();
            assertThat(response.body().get(i).get("errors")).isEmpty();
        }
        SalesforceRecord first = store.find(accounts.get(0).id()).orElseThrow();
        assertThat(first.fields().get("accountIntentScore6sense__c").asDouble()).isEqualTo(91.0);
        assertThat(first.fields().get("accountBuyingStage6sense__c").asText()).isEqualTo("Decision");
        assertThat(first.systemModstamp()).isAfter(accounts.get(0).systemModstamp());
        assertThat(first.fields().get("SystemModstamp").asText()).isEqualTo(SalesforceDatetimes.format(first.systemModstamp()));
        SalesforceRecord second = store.find(accounts.get(1).id()).orElseThrow();
        assertThat(second.fields().get("account6QA6sense__c").asBoolean()).isTrue();
        assertThat(second.fields().get("accountUpdateDate6sense__c").asText()).isEqualTo("2025-02-01T08:30:00.000+0000");
    }

    @Test
    void collectionsUpdateReportsEachFailingRecordAndStoresTheRest() {
        var accounts = accounts(5);
        String body = """
                {"allOrNone":false,"records":[
                  {"attributes":{"type":"Account"},"id":"%s","accountProfileFit6sense__c":"A"},
                  {"attributes":{"type":"Account"},"id":"%s","SystemModstamp":"2020-01-01T00:00:00Z"},
                  {"attributes":{"type":"Account"},"id":"%s","accountProfileFit6sense__c":"%s"},
                  {"attributes":{"type":"Account"},"id":"%s","NoSuchField__c":"x"},
                  {"attributes":{"type":"Account"},"id":"%s","accountIntentScore6sense__c":"high"}
                ]}""".formatted(accounts.get(0).id(), accounts.get(1).id(), accounts.get(2).id(), "x".repeat(19), accounts.get(3).id(),
                accounts.get(4).id());

        JsonNode results = call("PATCH", COLLECTIONS, body).body();

        assertThat(results.get(0).get("success").asBoolean()).isTrue();
        assertError(results.get(1), accounts.get(1).id(), "INVALID_FIELD_FOR_INSERT_UPDATE",
                "Unable to create/update fields: SystemModstamp. Please check the security settings of this field and verify that it is read/write"
                        + " for your profile or permission set.", "SystemModstamp");
        assertError(results.get(2), accounts.get(2).id(), "STRING_TOO_LONG",
                "accountProfileFit6sense__c: data value too large: " + "x".repeat(19) + " (max length=18)", "accountProfileFit6sense__c");
        assertError(results.get(3), accounts.get(3).id(), "INVALID_FIELD", "No such column 'NoSuchField__c' on sobject of type Account", "NoSuchField__c");
        assertError(results.get(4), accounts.get(4).id(), "INVALID_TYPE_ON_FIELD_IN_RECORD",
                "accountIntentScore6sense__c: value not of required type: high", "accountIntentScore6sense__c");
        assertThat(store.find(accounts.get(0).id()).orElseThrow().fields().get("accountProfileFit6sense__c").asText()).isEqualTo("A");
    }

    @Test
    void allOrNoneRollsBackEveryRecordWhenOneFails() {
        var accounts = accounts(3);
        String body = """
                {"allOrNone":true,"records":[
                  {"attributes":{"type":"Account"},"id":"%s","accountBuyingStage6sense__c":"Purchase"},
                  {"attributes":{"type":"Account"},"id":"001000000000000AAA","accountBuyingStage6sense__c":"Purchase"},
                  {"attributes":{"type":"Account"},"id":"%s","accountBuyingStage6sense__c":"Purchase"}
                ]}""".formatted(accounts.get(0).id(), accounts.get(2).id());

        JsonNode results = call("PATCH", COLLECTIONS, body).body();

        assertThat(results).hasSize(3);
        assertThat(results.get(1).get("errors").get(0).get("statusCode").asText()).isIn("MALFORMED_ID", "INVALID_CROSS_REFERENCE_KEY");
        for (int i : new int[] {0, 2}) {
            assertError(results.get(i), accounts.get(i).id(), "ALL_OR_NONE_OPERATION_ROLLED_BACK",
                    "Record rolled back because not all records were valid and the request was using AllOrNone header");
            assertThat(store.find(accounts.get(i).id()).orElseThrow().fields().get("accountBuyingStage6sense__c").isNull()).isTrue();
        }
    }

    @Test
    void moreThanTwoHundredRecordsAreRefused() {
        String records = IntStream.range(0, 201)
                .mapToObj(i -> "{\"attributes\":{\"type\":\"Account\"},\"Name\":\"Too many " + i + "\"}")
                .collect(Collectors.joining(","));

        Response response = call("POST", COLLECTIONS, "{\"allOrNone\":false,\"records\":[" + records + "]}");

        assertThat(response.status()).isEqualTo(400);
        assertThat(errorCode(response)).isEqualTo("EXCEEDED_ID_LIMIT");
    }

    @Test
    void collectionsCreateValidatesRequiredFieldsAndDerivesNames() {
        String lastName = "Created " + UUID.randomUUID();
        String body = """
                {"allOrNone":false,"records":[
                  {"attributes":{"type":"Contact"},"FirstName":"Ada","LastName":"%s","Email":"ada@example.com"},
                  {"attributes":{"type":"Contact"},"FirstName":"Nameless"}
                ]}""".formatted(lastName);

        JsonNode results = call("POST", COLLECTIONS, body).body();

        assertThat(results.get(0).get("success").asBoolean()).isTrue();
        String id = results.get(0).get("id").asText();
        assertThat(id).startsWith("003").hasSize(18);
        assertThat(results.get(1).has("id")).isFalse();
        assertThat(results.get(1).get("errors").get(0).get("statusCode").asText()).isEqualTo("REQUIRED_FIELD_MISSING");
        assertThat(results.get(1).get("errors").get(0).get("message").asText()).isEqualTo("Required fields are missing: [LastName]");

        JsonNode record = query("SELECT Id, Name, Email, CreatedDate FROM Contact WHERE LastName = '" + lastName + "'").body().get("records").get(0);
        assertThat(record.get("Id").asText()).isEqualTo(id);
        assertThat(record.get("Name").asText()).isEqualTo("Ada " + lastName);
        assertThat(record.get("CreatedDate").asText()).matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}\\+0000");
    }

    @Test
    void collectionsDeleteAndRetrieve() {
        var accounts = accounts(2);
        String ids = accounts.get(0).id() + "," + accounts.get(1).id();

        JsonNode retrieved = call("GET", COLLECTIONS + "/Account?ids=" + ids + ",001000000000000AAA&fields=Id,Name", null).body();
        assertThat(retrieved).hasSize(3);
        assertThat(retrieved.get(0).get("Name").asText()).isEqualTo(accounts.get(0).fields().get("Name").asText());
        assertThat(retrieved.get(2).isNull()).isTrue();

        JsonNode deleted = call("DELETE", COLLECTIONS + "?ids=" + ids + "&allOrNone=false", null).body();
        assertThat(deleted.findValues("success")).extracting(JsonNode::asBoolean).containsExactly(true, true);
        JsonNode again = call("DELETE", COLLECTIONS + "?ids=" + accounts.get(0).id(), null).body();
        assertError(again.get(0), accounts.get(0).id(), "ENTITY_IS_DELETED", "entity is deleted");
    }

    @Test
    void singleRecordCreateReadUpdateDelete() {
        String name = "Single " + UUID.randomUUID();
        Response created = call("POST", DATA + "/sobjects/Opportunity",
                "{\"Name\":\"" + name + "\",\"StageName\":\"Closed Won\",\"CloseDate\":\"2025-06-30\",\"Amount\":\"1500.5\"}");
        assertThat(created.status()).isEqualTo(201);
        assertThat(created.body().get("success").asBoolean()).isTrue();
        assertThat(created.body().get("errors")).isEmpty();
        String id = created.body().get("id").asText();

        JsonNode record = get(DATA + "/sobjects/Opportunity/" + id).body();
        assertThat(record.get("attributes").get("url").asText()).isEqualTo("/services/data/v62.0/sobjects/Opportunity/" + id);
        assertThat(record.get("Amount").asDouble()).isEqualTo(1500.5);
        assertThat(record.get("IsWon").asBoolean()).isTrue();
        assertThat(record.get("CloseDate").asText()).isEqualTo("2025-06-30");

        assertThat(call("PATCH", DATA + "/sobjects/Opportunity/" + id, "{\"StageName\":\"Negotiation/Review\"}").status()).isEqualTo(204);
        JsonNode projected = get(DATA + "/sobjects/Opportunity/" + id + "?fields=StageName,IsClosed").body();
        assertThat(projected.get("StageName").asText()).isEqualTo("Negotiation/Review");
        assertThat(projected.get("IsClosed").asBoolean()).isFalse();
        assertThat(projected.has("Name")).isFalse();

        Response readOnly = call("PATCH", DATA + "/sobjects/Opportunity/" + id, "{\"IsWon\":true}");
        assertThat(readOnly.status()).isEqualTo(400);
        assertThat(errorCode(readOnly)).isEqualTo("INVALID_FIELD_FOR_INSERT_UPDATE");
        assertThat(readOnly.body().get(0).get("fields")).extracting(JsonNode::asText).containsExactly("IsWon");

        Response missing = call("POST", DATA + "/sobjects/Opportunity", "{\"Name\":\"No stage\"}");
        assertThat(missing.status()).isEqualTo(400);
        assertThat(errorCode(missing)).isEqualTo("REQUIRED_FIELD_MISSING");

        assertThat(call("DELETE", DATA + "/sobjects/Opportunity/" + id, null).status()).isEqualTo(204);
        Response gone = get(DATA + "/sobjects/Opportunity/" + id);
        assertThat(gone.status()).isEqualTo(404);
        assertThat(errorCode(gone)).isEqualTo("ENTITY_IS_DELETED");
        assertThat(errorCode(get(DATA + "/sobjects/Opportunity/006000000000000AAA"))).isEqualTo("NOT_FOUND");
    }

    private List<SalesforceRecord> accounts(int count) {
        String prefix = "Account " + UUID.randomUUID() + " ";
        return insert("Account", count, Instant.parse("2024-01-01T00:00:00Z"), (i, f) -> f.put("Name", prefix + i));
    }

    private static void assertError(JsonNode result, String id, String statusCode, String message, String... fields) {
        assertThat(result.get("id").asText()).isEqualTo(id);
        assertThat(result.get("success").asBoolean()).isFalse();
        JsonNode error = result.get("errors").get(0);
        assertThat(error.get("statusCode").asText()).isEqualTo(statusCode);
        assertThat(error.get("message").asText()).isEqualTo(message);
        assertThat(error.get("fields")).extracting(JsonNode::asText).containsExactly(fields);
    }
}

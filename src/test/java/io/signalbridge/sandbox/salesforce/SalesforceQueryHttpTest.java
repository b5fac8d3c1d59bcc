package io.signalbridge.sandbox.salesforce;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.Test;

class SalesforceQueryHttpTest extends SalesforceSandboxHttpTestSupport {

    @Test
    void pagesThroughMoreThanTwoThousandRowsWithoutGapsOrDuplicates() {
        String marker = "paging-" + UUID.randomUUID();
        var inserted = insert("Contact", 4500, Instant.parse("2024-06-01T00:00:00Z"), (i, f) -> {
            f.put("LastName", "Person " + i);
            f.put("Department", marker);
        });

        Response page = query("SELECT Id, LastName, Department FROM Contact WHERE Department = '" + marker + "' ORDER BY SystemModstamp, Id");
        var seen = new ArrayList<String>();
        var pageSizes = new ArrayList<Integer>();
        while (true) {
            assertThat(page.status()).isEqualTo(200);
            assertThat(page.body().get("totalSize").asInt()).isEqualTo(4500);
            page.body().get("records").forEach(r -> seen.add(r.get("Id").asText()));
            pageSizes.add(page.body().get("records").size());
            if (page.body().get("done").asBoolean()) {
                assertThat(page.body().has("nextRecordsUrl")).isFalse();
                break;
            }
            String next = page.body().get("nextRecordsUrl").asText();
            assertThat(next).matches("/services/data/v62\\.0/query/01g[0-9A-Za-z]{15}-\\d+");
            page = get(next);
        }

        assertThat(pageSizes).containsExactly(2000, 2000, 500);
        assertThat(new HashSet<>(seen)).hasSize(4500);
        assertThat(seen).containsExactlyElementsOf(inserted.stream().map(SalesforceRecord::id).toList());
    }

    @Test
    void honoursTheBatchSizeOptionAndCamelsTrailingSlash() {
        String marker = "batch-" + UUID.randomUUID();
        insert("Contact", 450, Instant.parse("2024-07-01T00:00:00Z"), (i, f) -> {
            f.put("LastName", "Batch " + i);
            f.put("Department", marker);
        });

        Response first = get(DATA + "/query/?q=" + encode("SELECT Id FROM Contact WHERE Department = '" + marker + "'"),
                "Sforce-Query-Options", "batchSize=200");

        assertThat(first.status()).isEqualTo(200);
        assertThat(first.body().get("records")).hasSize(200);
        Response second = get(first.body().get("nextRecordsUrl").asText());
        assertThat(second.body().get("records")).hasSize(200);
        Response third = get(second.body().get("nextRecordsUrl").asText());
        assertThat(third.body().get("records")).hasSize(50);
        assertThat(third.body().get("done").asBoolean()).isTrue();
    }

    @Test
    void rendersAttributesNullsNumbersAndDatetimesAsSalesforceDoes() {
        String name = "Render " + UUID.randomUUID();
        var inserted = insert("Account", 1, Instant.parse("2024-05-01T10:00:00Z"), (i, f) -> {
            f.put("Name", name);
            f.put("accountIntentScore6sense__c", 87.0);
            f.put("NumberOfEmployees", 250);
        }).get(0);

        Response response = query("SELECT Id, Name, Industry, accountIntentScore6sense__c, NumberOfEmployees, SystemModstamp FROM Account WHERE Name = '"
                + name + "'");

        JsonNode record = response.body().get("records").get(0);
        assertThat(response.body().get("done").asBoolean()).isTrue();
        assertThat(record.get("attributes").get("type").asText()).isEqualTo("Account");
        assertThat(record.get("attributes").get("url").asText()).isEqualTo("/services/data/v62.0/sobjects/Account/" + inserted.id());
        assertThat(record.has("Industry")).isTrue();
        assertThat(record.get("Industry").isNull()).isTrue();
        assertThat(record.get("accountIntentScore6sense__c").isNumber()).isTrue();
        assertThat(record.get("accountIntentScore6sense__c").asDouble()).isEqualTo(87.0);
        assertThat(record.get("NumberOfEmployees").asInt()).isEqualTo(250);
        assertThat(record.get("SystemModstamp").asText()).isEqualTo("2024-05-01T10:00:00.000+0000");
        assertThat(fieldNames(record)).containsExactly("attributes", "Id", "Name", "Industry", "accountIntentScore6sense__c", "NumberOfEmployees",
                "SystemModstamp");
    }

    @Test
    void queryAllReturnsDeletedRowsAndQueryDoesNot() {
        String marker = "deleted-" + UUID.randomUUID();
        var inserted = insert("Contact", 3, Instant.parse("2024-08-01T00:00:00Z"), (i, f) -> {
            f.put("LastName", "Gone " + i);
            f.put("Department", marker);
        });
        assertThat(call("DELETE", DATA + "/sobjects/Contact/" + inserted.get(1).id(), null).status()).isEqualTo(204);

        String soql = "SELECT Id, IsDeleted FROM Contact WHERE Department = '" + marker + "'";
        Response live = query(soql);
        Response all = queryAll(soql);

        assertThat(ids(live.body())).containsExactly(inserted.get(0).id(), inserted.get(2).id());
        assertThat(all.body().get("totalSize").asInt()).isEqualTo(3);
        assertThat(ids(all.body())).contains(inserted.get(1).id());
        assertThat(all.body().get("records").findValues("IsDeleted")).extracting(JsonNode::asBoolean).containsExactlyInAnyOrder(false, true, false);
    }

    @Test
    void incrementalPullStartsAtTheModstampAndCountOnlyCounts() {
        String marker = "incremental-" + UUID.randomUUID();
        var inserted = insert("Lead", 10, Instant.parse("2031-01-01T00:00:00Z"), (i, f) -> {
            f.put("LastName", "Lead " + i);
            f.put("Company", marker);
        });

        Response pulled = query("SELECT Id, SystemModstamp FROM Lead WHERE SystemModstamp >= 2031-01-01T00:00:00.004Z AND Company = '" + marker
                + "' ORDER BY SystemModstamp, Id");
        Response counted = query("SELECT COUNT() FROM Lead WHERE Company = '" + marker + "'");

        assertThat(ids(pulled.body())).containsExactlyElementsOf(inserted.subList(4, 10).stream().map(SalesforceRecord::id).toList());
        assertThat(counted.body().get("totalSize").asInt()).isEqualTo(10);
        assertThat(counted.body().get("records")).isEmpty();

        Response limited = query("SELECT Id FROM Lead WHERE Company = '" + marker + "' LIMIT 3");
        assertThat(limited.body().get("totalSize").asInt()).isEqualTo(3);
        assertThat(ids(limited.body())).containsExactlyElementsOf(inserted.subList(0, 3).stream().map(SalesforceRecord::id).toList());
    }

    @Test
    void ordersByOtherFieldsWithLimitAndOffset() {
        String marker = "order-" + UUID.randomUUID();
        insert("Contact", 30, Instant.parse("2024-09-01T00:00:00Z"), (i, f) -> {
            f.put("LastName", String.format("Name %02d", (i * 7) % 30));
            f.put("Department", marker);
        });

        Response response = query("SELECT LastName FROM Contact WHERE Department = '" + marker + "' ORDER BY LastName DESC LIMIT 3 OFFSET 2");

        assertThat(response.body().get("records").findValues("LastName")).extracting(JsonNode::asText)
                .containsExactly("Name 27", "Name 26", "Name 25");
        assertThat(response.body().get("totalSize").asInt()).isEqualTo(3);
    }

    @Test
    void badQueriesAnswerWithSalesforcesErrors() {
        Response malformed = query("SELECT Id FORM Account");
        assertThat(malformed.status()).isEqualTo(400);
        assertThat(errorCode(malformed)).isEqualTo("MALFORMED_QUERY");
        assertThat(errorMessage(malformed)).contains("unexpected token: 'FORM'");

        Response unknownField = query("SELECT Id, Foo FROM Account");
        assertThat(unknownField.status()).isEqualTo(400);
        assertThat(errorCode(unknownField)).isEqualTo("INVALID_FIELD");
        assertThat(errorMessage(unknownField)).contains("No such column 'Foo' on entity 'Account'");

        Response unknownObject = query("SELECT Id FROM Foo");
        assertThat(unknownObject.status()).isEqualTo(400);
        assertThat(errorCode(unknownObject)).isEqualTo("INVALID_TYPE");
        assertThat(errorMessage(unknownObject)).contains("sObject type 'Foo' is not supported.");

        Response missing = get(DATA + "/query");
        assertThat(errorCode(missing)).isEqualTo("MALFORMED_QUERY");
    }

    @Test
    void unknownOrExhaustedLocatorsAreInvalid() {
        Response unknown = get(DATA + "/query/01g5g0000000000AAA-2000");
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(errorCode(unknown)).isEqualTo("INVALID_QUERY_LOCATOR");
        assertThat(errorMessage(unknown)).isEqualTo("invalid query locator");

        assertThat(errorCode(get(DATA + "/query/not-a-locator"))).isEqualTo("INVALID_QUERY_LOCATOR");

        String marker = "exhausted-" + UUID.randomUUID();
        insert("Contact", 250, Instant.parse("2024-10-01T00:00:00Z"), (i, f) -> f.put("Department", marker));
        Response first = query("SELECT Id FROM Contact WHERE Department = '" + marker + "'", "Sforce-Query-Options", "batchSize=200");
        String next = first.body().get("nextRecordsUrl").asText();
        assertThat(get(next).body().get("done").asBoolean()).isTrue();
        assertThat(errorCode(get(next))).isEqualTo("INVALID_QUERY_LOCATOR");
    }

    private static List<String> ids(JsonNode page) {
        var ids = new ArrayList<String>();
        page.get("records").forEach(r -> ids.add(r.get("Id").asText()));
        return ids;
    }

    private static List<String> fieldNames(JsonNode record) {
        var names = new ArrayList<String>();
        record.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static String encode(String soql) {
        return java.net.URLEncoder.encode(soql, java.nio.charset.StandardCharsets.UTF_8);
    }
}

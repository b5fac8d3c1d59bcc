package io.signalbridge.sandbox.salesforce;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue 15: the sandbox org's objects carry the standard fields of a real org's describe, so SOQL, describe and writes
 * written for a real org work on it.
 */
class SalesforceStandardFieldsHttpTest extends SalesforceSandboxHttpTestSupport {

    static final Path RECORDED = Path.of("../shared/api-fixtures/salesforce-cumulusci-cassettes/describe-json");
    static final Instant T0 = Instant.parse("2025-03-01T00:00:00Z");

    @Test
    void accountNameAndDescriptionAsAnyToolAsksForThem() {
        String id = call("POST", DATA + "/sobjects/Account", """
                {"Name":"Standard Fields Inc","Description":"A customer since 2019","Phone":"+1 415 555 0100","BillingCity":"Oakland",
                 "BillingCountry":"United States","Rating":"Hot","AccountSource":"Web"}""").body().get("id").asText();

        Response response = query("SELECT Id, Name, Description FROM Account WHERE Id = '" + id + "'");

        assertThat(response.status()).isEqualTo(200);
        JsonNode account = response.body().get("records").get(0);
        assertThat(account.get("Name").asText()).isEqualTo("Standard Fields Inc");
        assertThat(account.get("Description").asText()).isEqualTo("A customer since 2019");

        JsonNode more = query("SELECT Phone, Rating, AccountSource, BillingAddress, ShippingAddress, IsPartner, CreatedById, Fax"
                + " FROM Account WHERE Rating = 'Hot' AND Id = '" + id + "'").body().get("records").get(0);
        assertThat(more.get("Phone").asText()).isEqualTo("+1 415 555 0100");
        assertThat(more.get("AccountSource").asText()).isEqualTo("Web");
        assertThat(more.get("BillingAddress").get("city").asText()).as("the compound address, of its parts").isEqualTo("Oakland");
        assertThat(more.get("BillingAddress").get("country").asText()).isEqualTo("United States");
        assertThat(more.get("BillingAddress").get("street").isNull()).isTrue();
        assertThat(more.get("ShippingAddress").isNull()).isTrue();
        assertThat(more.get("IsPartner").asBoolean(true)).as("a checkbox never set is false").isFalse();
        assertThat(more.get("Fax").isNull()).isTrue();

        assertThat(call("PATCH", DATA + "/sobjects/Account/" + id, "{\"Description\":\"Changed\",\"NumberOfEmployees\":12}").status()).isEqualTo(204);
        assertThat(get(DATA + "/sobjects/Account/" + id + "?fields=Description").body().get("Description").asText()).isEqualTo("Changed");
        assertThat(query("SELECT COUNT() FROM Account WHERE IsPartner = false AND Id = '" + id + "'").body().get("totalSize").asInt()).isEqualTo(1);
    }

    /** Every standard field of every object the sandbox serves can be selected, as a real org allows. */
    @ParameterizedTest
    @ValueSource(strings = {"Account", "Contact", "Lead", "Opportunity", "Campaign", "CampaignMember", "Task", "Event", "OpportunityContactRole"})
    void soqlOverEveryStandardFieldOfEachObject(String objectName) {
        var record = insert(objectName, 1, T0, (i, fields) -> {
        }).get(0);
        JsonNode describe = get(DATA + "/sobjects/" + objectName + "/describe").body();
        List<String> standard = new ArrayList<>();
        describe.get("fields").forEach(f -> {
            if (!f.get("custom").asBoolean()) {
                standard.add(f.get("name").asText());
            }
        });
        assertThat(standard).as(objectName + " has more than the fields the sandbox stores").hasSizeGreaterThan(10)
                .contains("Id", "IsDeleted", "CreatedDate", "CreatedById", "LastModifiedDate", "LastModifiedById", "SystemModstamp");

        Response response = query("SELECT " + String.join(", ", standard) + " FROM " + objectName + " WHERE Id = '" + record.id() + "'");

        assertThat(response.status()).as(String.valueOf(response.body())).isEqualTo(200);
        JsonNode row = response.body().get("records").get(0);
        assertThat(iterable(row.fieldNames())).containsAll(standard);
        describe.get("fields").forEach(f -> {
            if (f.get("type").asText().equals("boolean") && !f.get("custom").asBoolean()) {
                assertThat(row.get(f.get("name").asText()).isBoolean()).as(objectName + "." + f.get("name")).isTrue();
            }
        });
    }

    /** The four recorded describes: every standard field, in their order, with their types, lengths, flags and picklists. */
    @ParameterizedTest
    @ValueSource(strings = {"Account", "Contact", "Lead", "Opportunity"})
    void describeMatchesTheRecordedDescribe(String objectName) throws IOException {
        JsonNode recorded = recorded(objectName);
        JsonNode ours = get(DATA + "/sobjects/" + objectName + "/describe").body();

        List<JsonNode> expected = StreamSupport.stream(recorded.get("fields").spliterator(), false)
                .filter(f -> !f.get("name").asText().endsWith("__c")).toList();
        List<String> ourNames = StreamSupport.stream(ours.get("fields").spliterator(), false).map(f -> f.get("name").asText()).toList();
        assertThat(ourNames.subList(0, expected.size())).containsExactlyElementsOf(expected.stream().map(f -> f.get("name").asText()).toList());
        for (int i = 0; i < expected.size(); i++) {
            JsonNode want = expected.get(i);
            JsonNode got = ours.get("fields").get(i);
            for (String key : List.of("type", "length", "precision", "scale", "digits", "byteLength", "soapType", "label", "createable",
                    "updateable", "nillable", "defaultedOnCreate", "calculated", "custom", "referenceTo", "relationshipName", "picklistValues",
                    "filterable", "sortable", "groupable", "nameField", "externalId", "unique")) {
                assertThat(got.get(key)).as(objectName + "." + want.get("name").asText() + " " + key).isEqualTo(want.get(key));
            }
        }
        assertThat(ourNames.subList(expected.size(), ourNames.size())).as("then the sandbox's managed-package fields")
                .allMatch(name -> name.endsWith("__c"));
    }

    /** The objects without a recording: the standard fields of Salesforce's object reference. */
    @Test
    void describeOfTheOtherObjectsCarriesTheirStandardFields() {
        Map<String, List<String>> expected = Map.of(
                "Campaign", List.of("Name", "ParentId", "Type", "Status", "StartDate", "EndDate", "ExpectedRevenue", "BudgetedCost", "ActualCost",
                        "ExpectedResponse", "NumberSent", "IsActive", "Description", "NumberOfLeads", "NumberOfContacts", "NumberOfResponses",
                        "NumberOfOpportunities", "AmountWonOpportunities", "OwnerId", "LastActivityDate"),
                "CampaignMember", List.of("CampaignId", "LeadId", "ContactId", "Status", "HasResponded", "FirstRespondedDate", "Name", "Email",
                        "CompanyOrAccount", "LeadOrContactId"),
                "Task", List.of("WhoId", "WhatId", "Subject", "ActivityDate", "Status", "Priority", "IsHighPriority", "OwnerId", "Description",
                        "AccountId", "IsClosed", "CallDurationInSeconds", "CallType", "ReminderDateTime", "IsReminderSet", "Type", "TaskSubtype",
                        "CompletedDateTime"),
                "Event", List.of("WhoId", "WhatId", "Subject", "Location", "IsAllDayEvent", "ActivityDateTime", "ActivityDate", "DurationInMinutes",
                        "StartDateTime", "EndDateTime", "Description", "AccountId", "OwnerId", "Type", "IsPrivate", "ShowAs", "EventSubtype"),
                "OpportunityContactRole", List.of("OpportunityId", "ContactId", "Role", "IsPrimary"));
        expected.forEach((objectName, names) -> {
            JsonNode fields = get(DATA + "/sobjects/" + objectName + "/describe").body().get("fields");
            assertThat(StreamSupport.stream(fields.spliterator(), false).map(f -> f.get("name").asText())).as(objectName).containsAll(names);
        });
        JsonNode task = get(DATA + "/sobjects/Task/describe").body().get("fields");
        JsonNode priority = field(task, "Priority");
        assertThat(priority.get("type").asText()).isEqualTo("picklist");
        assertThat(priority.get("nillable").asBoolean()).isFalse();
        assertThat(priority.get("picklistValues").findValues("value")).extracting(JsonNode::asText).containsExactly("High", "Normal", "Low");
        JsonNode description = field(get(DATA + "/sobjects/Campaign/describe").body().get("fields"), "Description");
        assertThat(description.get("type").asText()).isEqualTo("textarea");
        assertThat(description.get("length").asInt()).isEqualTo(32000);
        JsonNode campaignId = field(get(DATA + "/sobjects/CampaignMember/describe").body().get("fields"), "CampaignId");
        assertThat(campaignId.get("createable").asBoolean()).isTrue();
        assertThat(campaignId.get("updateable").asBoolean()).isFalse();
        assertThat(campaignId.get("nillable").asBoolean()).isFalse();
    }

    /** createable and updateable are enforced apart: a campaign member's campaign is set on create only. */
    @Test
    void createableButNotUpdateableFields() {
        String campaign = insert("Campaign", 1, T0, (i, f) -> f.put("Name", "Spring webinar")).get(0).id();
        String contact = insert("Contact", 1, T0, (i, f) -> f.put("LastName", "Member")).get(0).id();
        String other = insert("Campaign", 1, T0, (i, f) -> f.put("Name", "Other")).get(0).id();

        Response created = call("POST", DATA + "/sobjects/CampaignMember",
                "{\"CampaignId\":\"" + campaign + "\",\"ContactId\":\"" + contact + "\",\"Status\":\"Sent\"}");
        assertThat(created.status()).as(String.valueOf(created.body())).isEqualTo(201);

        Response moved = call("PATCH", DATA + "/sobjects/CampaignMember/" + created.body().get("id").asText(), "{\"CampaignId\":\"" + other + "\"}");
        assertThat(moved.status()).isEqualTo(400);
        assertThat(errorCode(moved)).isEqualTo("INVALID_FIELD_FOR_INSERT_UPDATE");
        assertThat(moved.body().get(0).get("fields")).extracting(JsonNode::asText).containsExactly("CampaignId");

        Response system = call("PATCH", DATA + "/sobjects/CampaignMember/" + created.body().get("id").asText(), "{\"CreatedById\":\"005000000000001AAA\"}");
        assertThat(errorCode(system)).isEqualTo("INVALID_FIELD_FOR_INSERT_UPDATE");
    }

    @Test
    void anUnknownFieldIsStillInvalid() {
        Response soql = query("SELECT Id, Name, Descripton FROM Account");
        assertThat(soql.status()).isEqualTo(400);
        assertThat(errorCode(soql)).isEqualTo("INVALID_FIELD");
        assertThat(errorMessage(soql)).contains("No such column 'Descripton' on entity 'Account'");

        Response recordedOrgsOwn = query("SELECT Primary_Contact__c FROM Account");
        assertThat(errorCode(recordedOrgsOwn)).as("the recording org's custom fields are not the sandbox's").isEqualTo("INVALID_FIELD");

        String id = insert("Account", 1, T0, (i, f) -> f.put("Name", "Acme")).get(0).id();
        assertThat(errorCode(get(DATA + "/sobjects/Account/" + id + "?fields=Name,NoSuchField"))).isEqualTo("INVALID_FIELD");
        assertThat(errorCode(call("PATCH", DATA + "/sobjects/Account/" + id, "{\"NoSuchField\":1}"))).isEqualTo("INVALID_FIELD");
    }

    private JsonNode recorded(String objectName) throws IOException {
        Path file = RECORDED.resolve(objectName + "_describe.json");
        if (Files.exists(file)) {
            return json.readTree(file.toFile());
        }
        // beside no checkout of ../shared: the copy the sandbox serves from, byte for byte the recording
        try (InputStream in = getClass().getClassLoader().getResourceAsStream(SalesforceSchema.DESCRIBE_RESOURCES + objectName + ".json")) {
            return json.readTree(in);
        }
    }

    private static JsonNode field(JsonNode fields, String name) {
        return StreamSupport.stream(fields.spliterator(), false).filter(f -> f.get("name").asText().equals(name)).findFirst().orElseThrow();
    }

    private static <T> Iterable<T> iterable(java.util.Iterator<T> iterator) {
        return () -> iterator;
    }
}

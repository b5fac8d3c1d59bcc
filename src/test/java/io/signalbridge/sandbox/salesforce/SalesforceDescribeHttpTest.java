package io.signalbridge.sandbox.salesforce;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.Test;

class SalesforceDescribeHttpTest extends SalesforceSandboxHttpTestSupport {

    @Test
    void describeGlobalListsEveryObject() {
        Response response = get(DATA + "/sobjects");

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.body().get("encoding").asText()).isEqualTo("UTF-8");
        assertThat(response.body().get("maxBatchSize").asInt()).isEqualTo(200);
        JsonNode account = find(response.body().get("sobjects"), "name", "Account");
        assertThat(account.get("keyPrefix").asText()).isEqualTo("001");
        assertThat(account.get("queryable").asBoolean()).isTrue();
        assertThat(account.get("updateable").asBoolean()).isTrue();
        assertThat(account.get("urls").get("describe").asText()).isEqualTo("/services/data/v62.0/sobjects/Account/describe");
        assertThat(find(response.body().get("sobjects"), "name", "OpportunityHistory").get("createable").asBoolean()).isFalse();
    }

    @Test
    void describeGivesFieldMetadataWithTheKeysOfARealOrg() {
        Response response = get(DATA + "/sobjects/Account/describe");

        assertThat(response.status()).isEqualTo(200);
        JsonNode fields = response.body().get("fields");
        JsonNode intent = find(fields, "name", "accountIntentScore6sense__c");
        assertThat(intent.get("type").asText()).isEqualTo("double");
        assertThat(intent.get("custom").asBoolean()).isTrue();
        assertThat(intent.get("soapType").asText()).isEqualTo("xsd:double");
        assertThat(intent.get("precision").asInt()).isEqualTo(18);
        assertThat(find(fields, "name", "accountProfileFit6sense__c").get("length").asInt()).isEqualTo(18);
        assertThat(find(fields, "name", "accountProfileFit6sense__c").get("byteLength").asInt()).isEqualTo(54);

        JsonNode industry = find(fields, "name", "Industry");
        assertThat(industry.get("type").asText()).isEqualTo("picklist");
        assertThat(industry.get("picklistValues").findValues("value")).extracting(JsonNode::asText).contains("Banking", "Technology");
        JsonNode banking = find(industry.get("picklistValues"), "value", "Banking");
        assertThat(banking.get("active").asBoolean()).isTrue();
        assertThat(banking.get("defaultValue").asBoolean()).isFalse();
        assertThat(banking.has("validFor")).isTrue();

        JsonNode owner = find(fields, "name", "OwnerId");
        assertThat(owner.get("referenceTo")).extracting(JsonNode::asText).containsExactly("User");
        assertThat(owner.get("relationshipName").asText()).isEqualTo("Owner");
        assertThat(find(fields, "name", "Name").get("nillable").asBoolean()).isFalse();
        assertThat(find(fields, "name", "SystemModstamp").get("updateable").asBoolean()).isFalse();

        // Every field carries the keys a real describe has (CumulusCI's recorded Account describe).
        assertThat(names(intent)).contains("aggregatable", "byteLength", "calculated", "createable", "custom", "defaultValue", "externalId",
                "filterable", "groupable", "idLookup", "label", "length", "name", "nillable", "picklistValues", "precision", "referenceTo",
                "relationshipName", "scale", "soapType", "sortable", "type", "unique", "updateable");
    }

    @Test
    void describeAcceptsCamelsTrailingSlashAndAnyApiVersion() {
        Response response = get("/services/data/v58.0/sobjects/Contact/describe/");

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.body().get("name").asText()).isEqualTo("Contact");
        assertThat(response.body().get("urls").get("sobject").asText()).isEqualTo("/services/data/v58.0/sobjects/Contact");
    }

    @Test
    void basicInfoAndUnknownObjects() {
        assertThat(get(DATA + "/sobjects/Lead").body().get("objectDescribe").get("keyPrefix").asText()).isEqualTo("00Q");

        Response unknown = get(DATA + "/sobjects/Foo/describe");
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(errorCode(unknown)).isEqualTo("NOT_FOUND");
        assertThat(errorMessage(unknown)).isEqualTo("The requested resource does not exist");
    }

    private static JsonNode find(JsonNode array, String key, String value) {
        for (JsonNode node : array) {
            if (node.path(key).asText().equals(value)) {
                return node;
            }
        }
        throw new AssertionError("No " + key + "=" + value);
    }

    private static List<String> names(JsonNode node) {
        var names = new ArrayList<String>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}

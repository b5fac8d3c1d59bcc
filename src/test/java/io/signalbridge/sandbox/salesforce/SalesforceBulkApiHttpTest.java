package io.signalbridge.sandbox.salesforce;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;

import io.signalbridge.sandbox.SandboxTokenStore;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** Bulk API 2.0 ingest and query job lifecycles, as a client drives them. */
class SalesforceBulkApiHttpTest extends SalesforceSandboxHttpTestSupport {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Test
    void anUpdateJobRunsToCompletionWithPerRecordResults() throws Exception {
        String marker = UUID.randomUUID().toString().substring(0, 8);
        var accounts = insert("Account", 3, Instant.parse("2025-01-01T00:00:00Z"), (i, f) -> f.put("Name", marker + " " + i));

        JsonNode job = call("POST", DATA + "/jobs/ingest", "{\"object\":\"Account\",\"operation\":\"update\",\"lineEnding\":\"LF\"}").body();
        assertThat(job.path("state").asText()).isEqualTo("Open");
        assertThat(job.path("contentUrl").asText()).endsWith("/jobs/ingest/" + job.path("id").asText() + "/batches");
        String jobId = job.path("id").asText();

        String csv = "Id,accountIntentScore6sense__c,accountBuyingStage6sense__c\n"
                + accounts.get(0).id() + ",81,Decision\n"
                + accounts.get(1).id() + ",not-a-number,Awareness\n"
                + accounts.get(2).id() + ",12,\"Target, again\"\n";
        assertThat(raw("PUT", DATA + "/jobs/ingest/" + jobId + "/batches", csv, "text/csv").statusCode()).isEqualTo(201);
        assertThat(call("PATCH", DATA + "/jobs/ingest/" + jobId, "{\"state\":\"UploadComplete\"}").body().path("state").asText())
                .isIn("UploadComplete", "InProgress", "JobComplete");

        JsonNode done = awaitState("/jobs/ingest/" + jobId, "JobComplete");
        assertThat(done.path("numberRecordsProcessed").asInt()).isEqualTo(3);
        assertThat(done.path("numberRecordsFailed").asInt()).isEqualTo(1);

        String successes = raw("GET", DATA + "/jobs/ingest/" + jobId + "/successfulResults", null, null).body();
        String failures = raw("GET", DATA + "/jobs/ingest/" + jobId + "/failedResults", null, null).body();
        assertThat(successes).startsWith("\"sf__Id\",\"sf__Created\",Id,accountIntentScore6sense__c,accountBuyingStage6sense__c\n")
                .contains("\"" + accounts.get(0).id() + "\",\"false\"").contains("\"Target, again\"");
        assertThat(failures).startsWith("\"sf__Id\",\"sf__Error\"").contains("INVALID_TYPE_ON_FIELD_IN_RECORD");
        assertThat(store.find(accounts.get(0).id()).orElseThrow().fields().get("accountIntentScore6sense__c").asInt()).isEqualTo(81);
        assertThat(store.find(accounts.get(2).id()).orElseThrow().fields().get("accountBuyingStage6sense__c").asText()).isEqualTo("Target, again");
        assertThat(raw("DELETE", DATA + "/jobs/ingest/" + jobId, null, null).statusCode()).isEqualTo(204);
    }

    @Test
    void anUnknownColumnFailsTheJob() throws Exception {
        String jobId = call("POST", DATA + "/jobs/ingest", "{\"object\":\"Contact\",\"operation\":\"insert\"}").body().path("id").asText();
        raw("PUT", DATA + "/jobs/ingest/" + jobId + "/batches", "LastName,NoSuchField__c\nSmith,1\n", "text/csv");
        call("PATCH", DATA + "/jobs/ingest/" + jobId, "{\"state\":\"UploadComplete\"}");

        JsonNode failed = awaitState("/jobs/ingest/" + jobId, "Failed");
        assertThat(failed.path("errorMessage").asText()).isEqualTo("InvalidBatch : Field name not found : NoSuchField__c");
        assertThat(raw("GET", DATA + "/jobs/ingest/" + jobId + "/unprocessedrecords", null, null).body()).contains("Smith");
    }

    @Test
    void aQueryJobPagesItsResultsByLocator() throws Exception {
        String marker = "bulkq-" + UUID.randomUUID().toString().substring(0, 8);
        insert("Lead", 2_500, Instant.parse("2025-02-01T00:00:00Z"), (i, f) -> f.put("LastName", marker).put("Company", "Co " + i));

        JsonNode job = call("POST", DATA + "/jobs/query",
                "{\"operation\":\"query\",\"query\":\"SELECT Id, Company FROM Lead WHERE LastName = '" + marker + "'\"}").body();
        String jobId = job.path("id").asText();
        JsonNode done = awaitState("/jobs/query/" + jobId, "JobComplete");
        assertThat(done.path("numberRecordsProcessed").asInt()).isEqualTo(2_500);

        var first = raw("GET", DATA + "/jobs/query/" + jobId + "/results?maxRecords=2000", null, null);
        String locator = first.headers().firstValue("Sforce-Locator").orElseThrow();
        var second = raw("GET", DATA + "/jobs/query/" + jobId + "/results?maxRecords=2000&locator=" + locator, null, null);

        assertThat(first.headers().firstValue("Sforce-NumberOfRecords")).contains("2000");
        assertThat(first.body()).startsWith("\"Id\",\"Company\"\n");
        assertThat(second.headers().firstValue("Sforce-NumberOfRecords")).contains("500");
        assertThat(second.headers().firstValue("Sforce-Locator")).contains("null");
        assertThat(first.body().lines().count() + second.body().lines().count() - 2).isEqualTo(2_500);
    }

    @Test
    void unknownJobsAndBadRequestsGetSalesforceErrors() {
        var missing = get(DATA + "/jobs/ingest/7505g000000NOPEAAA");
        var badObject = call("POST", DATA + "/jobs/ingest", "{\"object\":\"Nope\",\"operation\":\"insert\"}");

        assertThat(missing.status()).isEqualTo(404);
        assertThat(errorCode(missing)).isEqualTo("NOT_FOUND");
        assertThat(badObject.status()).isEqualTo(400);
        assertThat(errorCode(badObject)).isEqualTo("INVALIDJOB");
    }

    private JsonNode awaitState(String jobPath, String state) {
        return Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                .until(() -> get(DATA + jobPath).body(), body -> state.equals(body.path("state").asText()));
    }

    private HttpResponse<String> raw(String method, String path, String body, String contentType) throws IOException, InterruptedException {
        String token = tokens.issue(SandboxTokenStore.Org.SALESFORCE, "sandbox", "integration@sandbox.local", Duration.ofMinutes(5), "00D!").value();
        var request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/sandbox/salesforce" + path))
                .header("Authorization", "Bearer " + token)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}

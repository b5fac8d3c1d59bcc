package io.signalbridge.writeback;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;

import io.signalbridge.failures.ExternalSystemGuard;
import io.signalbridge.salesforce.ApiUsage;
import io.signalbridge.salesforce.SalesforceQueries;
import io.signalbridge.salesforce.SalesforceQueries.SalesforceCallException;
import io.signalbridge.writeback.WrittenState.Change;

import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.component.salesforce.SalesforceEndpointConfig;
import org.apache.camel.component.salesforce.api.dto.bulkv2.ContentTypeEnum;
import org.apache.camel.component.salesforce.api.dto.bulkv2.Job;
import org.apache.camel.component.salesforce.api.dto.bulkv2.JobStateEnum;
import org.apache.camel.component.salesforce.api.dto.bulkv2.LineEndingEnum;
import org.apache.camel.component.salesforce.api.dto.bulkv2.OperationEnum;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Updates through camel-salesforce with the component's session: sObject Collections PATCH
 * ({@code /composite/sobjects}, allOrNone=false, through the {@code raw} operation since the typed collections
 * operation needs generated DTOs) and Bulk API 2.0 ingest update jobs. Every call is reported to
 * {@code onCall} with the org's usage from Sforce-Limit-Info. Per-record outcomes keep Salesforce's error code.
 */
@Component
public class SalesforceWrites {

    /**
     * One record's outcome. {@code errorCode} is Salesforce's statusCode, e.g. UNABLE_TO_LOCK_ROW (for a Marketo
     * lead: the reason code of a skipped record, e.g. 1003, none of which a retry cures).
     */
    public record RecordResult(String recordId, boolean success, String errorCode, String message) {

        /** Whether sending the same record again later can succeed: lock contention and timeouts. */
        public boolean retryable() {
            return !success && (RETRYABLE.contains(errorCode) || (errorCode != null && errorCode.contains("TIMEOUT")));
        }
    }

    /** What a Bulk API 2.0 job did: counts and its id (kept in the org for inspection). */
    public record BulkOutcome(String jobId, JobStateEnum state, long processed, long failed, long unprocessed, String errorMessage) {
    }

    static final Set<String> RETRYABLE = Set.of("UNABLE_TO_LOCK_ROW", "REQUEST_RUNNING_TOO_LONG", "SERVER_UNAVAILABLE", "QUERY_TIMEOUT",
            "TIMEOUT", "API_CURRENTLY_DISABLED");
    private static final CsvMapper CSV = new CsvMapper().enable(CsvParser.Feature.WRAP_AS_ARRAY);

    private final ProducerTemplate camel;
    private final ObjectMapper json;
    private final Clock clock;
    private final String collectionsPath;
    private final ExternalSystemGuard guard;

    public SalesforceWrites(ProducerTemplate camel, ObjectMapper json, Clock clock, ExternalSystemGuard guard,
                            @Value("${camel.component.salesforce.api-version:62.0}") String apiVersion) {
        this.camel = camel;
        this.json = json;
        this.clock = clock;
        this.guard = guard;
        this.collectionsPath = "/services/data/v" + apiVersion + "/composite/sobjects";
    }

    /** One sObject Collections update of up to 200 records; results in the order of {@code changes}. */
    public List<RecordResult> updateCollection(String object, List<Change> changes, Consumer<Optional<ApiUsage>> onCall) {
        ObjectNode request = json.createObjectNode();
        request.put("allOrNone", false);
        ArrayNode records = request.putArray("records");
        for (Change change : changes) {
            ObjectNode record = records.addObject();
            record.putObject("attributes").put("type", object);
            record.put("id", change.recordId());
            record.setAll(change.changes());
        }
        // through Salesforce's circuit breaker, bulkhead and rate limiter, like the pulls
        Exchange exchange = guard.call(SalesforceQueries.SYSTEM, () -> {
            Exchange answered = camel.request("salesforce:raw?format=JSON", e -> {
                e.getIn().setHeader(SalesforceEndpointConfig.RAW_PATH, collectionsPath);
                e.getIn().setHeader(SalesforceEndpointConfig.RAW_METHOD, "PATCH");
                e.getIn().setBody(request.toString());
            });
            if (answered.getException() != null) {
                throw new SalesforceCallException("sObject Collections update of " + changes.size() + " " + object + " records failed: "
                        + answered.getException().getMessage(), answered.getException());
            }
            return answered;
        });
        onCall.accept(ApiUsage.parse(exchange.getMessage().getHeader("Sforce-Limit-Info")));
        JsonNode body;
        try {
            body = json.readTree(exchange.getMessage().getBody(InputStream.class));
        } catch (IOException | RuntimeException malformed) {
            throw new SalesforceCallException("Salesforce answered an sObject Collections update with something that is not JSON", malformed);
        }
        if (body == null || !body.isArray() || body.size() != changes.size()) {
            throw new SalesforceCallException("Salesforce answered an sObject Collections update of " + changes.size()
                    + " records without one result per record", null);
        }
        var results = new ArrayList<RecordResult>(changes.size());
        for (int i = 0; i < changes.size(); i++) {
            JsonNode result = body.get(i);
            String id = changes.get(i).recordId();
            if (result.path("success").asBoolean(false)) {
                results.add(new RecordResult(id, true, null, null));
            } else {
                JsonNode error = result.path("errors").path(0);
                results.add(new RecordResult(id, false, error.path("statusCode").asText("UNKNOWN_EXCEPTION"),
                        error.path("message").asText("no message") + fields(error.path("fields"))));
            }
        }
        return results;
    }

    /**
     * One Bulk API 2.0 ingest update job over {@code csv} (a header line with Id first): create, upload, close,
     * poll until it ends, then the successful ids go to {@code succeeded} and the failed rows to {@code failed},
     * in chunks; rows the job did not reach are neither (they stay unwritten).
     */
    public BulkOutcome bulkUpdate(String object, Path csv, Duration pollInterval, Duration timeout, Consumer<List<String>> succeeded,
                                  Consumer<List<RecordResult>> failed, Consumer<Optional<ApiUsage>> onCall) {
        var request = new Job();
        request.setObject(object);
        request.setOperation(OperationEnum.UPDATE);
        request.setContentType(ContentTypeEnum.CSV);
        request.setLineEnding(LineEndingEnum.LF);
        Job job = call("salesforce:bulk2CreateJob", Map.of(), request, onCall).getMessage().getBody(Job.class);
        String jobId = job.getId();
        try (InputStream upload = Files.newInputStream(csv)) {
            call("salesforce:bulk2CreateBatch", Map.of(SalesforceEndpointConfig.JOB_ID, jobId), upload, onCall);
        } catch (IOException e) {
            throw new SalesforceCallException("cannot read the bulk upload file: " + e.getMessage(), e);
        }
        call("salesforce:bulk2CloseJob", Map.of(SalesforceEndpointConfig.JOB_ID, jobId), null, onCall);
        Job done = await(jobId, pollInterval, timeout, onCall);
        if (done.getState() != JobStateEnum.JOB_COMPLETE) {
            return new BulkOutcome(jobId, done.getState(), number(done.getNumberRecordsProcessed()), number(done.getNumberRecordsFailed()),
                    0, done.getErrorMessage());
        }
        readResults("salesforce:bulk2GetSuccessfulResults", jobId, onCall, rows -> succeeded.accept(rows.stream().map(Row::id).toList()));
        readResults("salesforce:bulk2GetFailedResults", jobId, onCall, rows -> failed.accept(rows.stream().map(Row::failure).toList()));
        long[] unprocessed = {0};
        readResults("salesforce:bulk2GetUnprocessedRecords", jobId, onCall, rows -> unprocessed[0] += rows.size());
        return new BulkOutcome(jobId, done.getState(), number(done.getNumberRecordsProcessed()), number(done.getNumberRecordsFailed()),
                unprocessed[0], done.getErrorMessage());
    }

    private Job await(String jobId, Duration pollInterval, Duration timeout, Consumer<Optional<ApiUsage>> onCall) {
        Instant deadline = clock.instant().plus(timeout);
        while (true) {
            Job job = call("salesforce:bulk2GetJob", Map.of(SalesforceEndpointConfig.JOB_ID, jobId), null, onCall).getMessage().getBody(Job.class);
            JobStateEnum state = job.getState();
            if (state == JobStateEnum.JOB_COMPLETE || state == JobStateEnum.FAILED || state == JobStateEnum.ABORTED) {
                return job;
            }
            if (clock.instant().isAfter(deadline)) {
                throw new SalesforceCallException("Bulk update job " + jobId + " still " + state + " after " + timeout
                        + "; its records stay unwritten and are sent again by the next run", null);
            }
            try {
                Thread.sleep(pollInterval.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SalesforceCallException("interrupted while waiting for bulk update job " + jobId, e);
            }
        }
    }

    /** A result row: the record id and, for a failed row, Salesforce's error ({@code CODE:message:fields}). */
    private record Row(String id, String error) {
        RecordResult failure() {
            String code = error == null ? "UNKNOWN_EXCEPTION" : error.split(":", 2)[0].trim();
            String message = error == null ? "no error given" : error.contains(":") ? error.substring(error.indexOf(':') + 1) : error;
            return new RecordResult(id, false, code, message);
        }
    }

    private void readResults(String endpoint, String jobId, Consumer<Optional<ApiUsage>> onCall, Consumer<List<Row>> handler) {
        Exchange results = call(endpoint, Map.of(SalesforceEndpointConfig.JOB_ID, jobId), null, onCall);
        try (InputStream in = results.getMessage().getBody(InputStream.class);
             MappingIterator<String[]> rows = CSV.readerFor(String[].class).with(CsvSchema.emptySchema()).readValues(in)) {
            if (!rows.hasNextValue()) {
                return;
            }
            String[] header = rows.nextValue();
            int sfId = indexOf(header, "sf__Id");
            int id = indexOf(header, "Id");
            int error = indexOf(header, "sf__Error");
            var chunk = new ArrayList<Row>(1_000);
            while (rows.hasNextValue()) {
                String[] row = rows.nextValue();
                String recordId = id >= 0 && id < row.length && !row[id].isEmpty() ? row[id] : sfId >= 0 && sfId < row.length ? row[sfId] : null;
                if (recordId == null || recordId.isEmpty()) {
                    continue;
                }
                chunk.add(new Row(recordId, error >= 0 && error < row.length ? row[error] : null));
                if (chunk.size() == 1_000) {
                    handler.accept(chunk);
                    chunk = new ArrayList<>(1_000);
                }
            }
            if (!chunk.isEmpty()) {
                handler.accept(chunk);
            }
        } catch (IOException | RuntimeException e) {
            throw new SalesforceCallException("Bulk job " + jobId + " results are not readable CSV: " + e.getMessage(), e);
        }
    }

    private static int indexOf(String[] header, String name) {
        for (int i = 0; i < header.length; i++) {
            if (header[i].equals(name)) {
                return i;
            }
        }
        return -1;
    }

    private Exchange call(String endpoint, Map<String, Object> headers, Object body, Consumer<Optional<ApiUsage>> onCall) {
        Exchange exchange = guard.call(SalesforceQueries.SYSTEM, () -> {
            Exchange answered = camel.request(endpoint, e -> {
                e.getIn().setHeaders(new HashMap<>(headers));
                e.getIn().setBody(body);
            });
            if (answered.getException() != null) {
                throw new SalesforceCallException("Salesforce call " + endpoint + " failed: " + answered.getException().getMessage(),
                        answered.getException());
            }
            return answered;
        });
        onCall.accept(ApiUsage.parse(exchange.getMessage().getHeader("Sforce-Limit-Info")));
        return exchange;
    }

    private static String fields(JsonNode fields) {
        if (!fields.isArray() || fields.isEmpty()) {
            return "";
        }
        var names = new ArrayList<String>();
        fields.forEach(f -> names.add(f.asText()));
        return " (fields: " + String.join(", ", names) + ")";
    }

    private static long number(Long value) {
        return value == null ? 0 : value;
    }
}

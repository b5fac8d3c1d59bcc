package io.signalbridge.salesforce;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;

import io.signalbridge.failures.ExternalSystemGuard;
import io.signalbridge.salesforce.SalesforceQueries.SalesforceCallException;

import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.component.salesforce.SalesforceEndpointConfig;
import org.apache.camel.component.salesforce.api.dto.bulkv2.JobStateEnum;
import org.apache.camel.component.salesforce.api.dto.bulkv2.OperationEnum;
import org.apache.camel.component.salesforce.api.dto.bulkv2.QueryJob;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * First loads of large objects through Bulk API 2.0 (camel-salesforce bulk2 operations): one queryAll job,
 * polled until complete, its CSV results streamed set by set (Sforce-Locator) and handed on as typed JSON
 * records in chunks, then the job is deleted. Every call made is reported to {@code onCall}.
 */
@Component
public class SalesforceBulkQueries {

    /** Rows per result set: camel-salesforce buffers each response whole (http-max-content-length). */
    static final int RESULT_SET_SIZE = 10_000;
    private static final CsvMapper CSV = new CsvMapper().enable(CsvParser.Feature.WRAP_AS_ARRAY);

    private final ProducerTemplate camel;
    private final ObjectMapper json;
    private final Map<String, Map<String, String>> fieldTypes = new ConcurrentHashMap<>();

    private final ExternalSystemGuard guard;

    public SalesforceBulkQueries(ProducerTemplate camel, ObjectMapper json) {
        this(camel, json, ExternalSystemGuard.unguarded());
    }

    @Autowired
    public SalesforceBulkQueries(ProducerTemplate camel, ObjectMapper json, ExternalSystemGuard guard) {
        this.camel = camel;
        this.json = json;
        this.guard = guard;
    }

    /** The number of rows (deleted ones included) a first load of the object would read: one API call. */
    public long countAll(String object, Consumer<Optional<ApiUsage>> onCall) {
        Exchange exchange = call("salesforce:queryAll?rawPayload=true", Map.of(SalesforceEndpointConfig.SOBJECT_QUERY,
                "SELECT COUNT() FROM " + object), null, onCall);
        try {
            return json.readTree(exchange.getMessage().getBody(String.class)).path("totalSize").asLong();
        } catch (IOException e) {
            throw new SalesforceCallException("Salesforce returned a count that is not JSON", e);
        }
    }

    /** Runs {@code soql} as a Bulk API 2.0 queryAll job and hands the rows on in chunks of {@code chunkSize}. */
    public void queryAll(String object, String soql, int chunkSize, Duration pollInterval,
                         Consumer<List<ObjectNode>> chunkHandler, Consumer<Optional<ApiUsage>> onCall) {
        Map<String, String> types = describeTypes(object, onCall);
        var request = new QueryJob();
        request.setOperation(OperationEnum.QUERY_ALL);
        request.setQuery(soql);
        QueryJob job = call("salesforce:bulk2CreateQueryJob", Map.of(), request, onCall).getMessage().getBody(QueryJob.class);
        String jobId = job.getId();
        try {
            awaitCompletion(jobId, pollInterval, onCall);
            String locator = null;
            do {
                var headers = new HashMap<String, Object>();
                headers.put(SalesforceEndpointConfig.JOB_ID, jobId);
                headers.put(SalesforceEndpointConfig.MAX_RECORDS, RESULT_SET_SIZE);
                if (locator != null) {
                    headers.put(SalesforceEndpointConfig.LOCATOR, locator);
                }
                Exchange results = call("salesforce:bulk2GetQueryJobResults", headers, null, onCall);
                readCsv(results.getMessage().getBody(InputStream.class), types, chunkSize, chunkHandler);
                Object next = results.getMessage().getHeader("Sforce-Locator");
                locator = next == null || "null".equals(next.toString()) || next.toString().isBlank() ? null : next.toString();
            } while (locator != null);
        } finally {
            call("salesforce:bulk2DeleteQueryJob", Map.of(SalesforceEndpointConfig.JOB_ID, jobId), null, onCall);
        }
    }

    private void awaitCompletion(String jobId, Duration pollInterval, Consumer<Optional<ApiUsage>> onCall) {
        while (true) {
            QueryJob job = call("salesforce:bulk2GetQueryJob", Map.of(SalesforceEndpointConfig.JOB_ID, jobId), null, onCall)
                    .getMessage().getBody(QueryJob.class);
            JobStateEnum state = job.getState();
            if (state == JobStateEnum.JOB_COMPLETE) {
                return;
            }
            if (state == JobStateEnum.FAILED || state == JobStateEnum.ABORTED) {
                throw new SalesforceCallException("Bulk query job " + jobId + " ended " + state, null);
            }
            try {
                Thread.sleep(pollInterval.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SalesforceCallException("interrupted while waiting for bulk query job " + jobId, e);
            }
        }
    }

    private void readCsv(InputStream body, Map<String, String> types, int chunkSize, Consumer<List<ObjectNode>> chunkHandler) {
        try (InputStream in = body; MappingIterator<String[]> rows = CSV.readerFor(String[].class).with(CsvSchema.emptySchema()).readValues(in)) {
            if (!rows.hasNextValue()) {
                return;
            }
            String[] header = rows.nextValue();
            var chunk = new ArrayList<ObjectNode>(chunkSize);
            while (rows.hasNextValue()) {
                chunk.add(typed(header, rows.nextValue(), types));
                if (chunk.size() == chunkSize) {
                    chunkHandler.accept(chunk);
                    chunk = new ArrayList<>(chunkSize);
                }
            }
            if (!chunk.isEmpty()) {
                chunkHandler.accept(chunk);
            }
        } catch (IOException e) {
            throw new SalesforceCallException("Bulk query results are not readable CSV: " + e.getMessage(), e);
        }
    }

    /** CSV has only text: the object's describe gives booleans and numbers back their JSON types, as a REST query returns them. */
    private static ObjectNode typed(String[] header, String[] row, Map<String, String> types) {
        var record = JsonNodeFactory.instance.objectNode();
        for (int i = 0; i < header.length; i++) {
            String value = i < row.length ? row[i] : null;
            if (value == null || value.isEmpty()) {
                record.putNull(header[i]);
                continue;
            }
            switch (types.getOrDefault(header[i], "string")) {
                case "boolean" -> record.put(header[i], Boolean.parseBoolean(value));
                case "int", "double", "currency", "percent" -> record.put(header[i], new java.math.BigDecimal(value));
                default -> record.put(header[i], value);
            }
        }
        return record;
    }

    /** Field name → describe type, read once per object for the life of the service. */
    private Map<String, String> describeTypes(String object, Consumer<Optional<ApiUsage>> onCall) {
        return fieldTypes.computeIfAbsent(object, name -> {
            Exchange exchange = call("salesforce:getDescription?rawPayload=true", Map.of(SalesforceEndpointConfig.SOBJECT_NAME, name), null, onCall);
            try {
                var types = new HashMap<String, String>();
                for (JsonNode field : json.readTree(exchange.getMessage().getBody(String.class)).path("fields")) {
                    types.put(field.path("name").asText(), field.path("type").asText());
                }
                return types;
            } catch (IOException e) {
                throw new SalesforceCallException("Salesforce returned a describe that is not JSON", e);
            }
        });
    }

    private Exchange call(String endpoint, Map<String, Object> headers, Object body, Consumer<Optional<ApiUsage>> onCall) {
        Exchange exchange = guard.call(SalesforceQueries.SYSTEM, () -> {
            Exchange answered = camel.request(endpoint, e -> {
                e.getIn().setHeaders(new HashMap<>(headers));
                e.getIn().setBody(body);
            });
            if (answered.getException() != null) {
                throw new SalesforceCallException("Salesforce call " + endpoint + " failed: " + answered.getException().getMessage(), answered.getException());
            }
            return answered;
        });
        onCall.accept(ApiUsage.parse(exchange.getMessage().getHeader("Sforce-Limit-Info")));
        return exchange;
    }
}

package io.signalbridge.sandbox.salesforce.bulk;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.signalbridge.sandbox.ConditionalOnSandbox;
import io.signalbridge.sandbox.salesforce.SalesforceApiException;
import io.signalbridge.sandbox.salesforce.SalesforceIds;
import io.signalbridge.sandbox.salesforce.SalesforceSchema;
import io.signalbridge.sandbox.salesforce.bulk.BulkJob.State;
import io.signalbridge.sandbox.salesforce.bulk.BulkJob.Type;
import io.signalbridge.sandbox.salesforce.bulk.BulkJobStore.Kind;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Bulk API 2.0 of the sandbox org: ingest and query job lifecycles under {@code /services/data/vNN.0/jobs}. */
@RestController
@ConditionalOnSandbox
@RequestMapping("/sandbox/salesforce/services/data/v{version}/jobs")
public class BulkApiController {

    static final int DEFAULT_MAX_RECORDS = 50_000;
    private static final Set<String> INGEST_OPERATIONS = Set.of("insert", "update", "upsert", "delete", "hardDelete");
    private static final Set<String> QUERY_OPERATIONS = Set.of("query", "queryAll");
    private static final Set<String> DELIMITERS = Set.of("BACKQUOTE", "CARET", "COMMA", "PIPE", "SEMICOLON", "TAB");
    private static final DateTimeFormatter SALESFORCE_DATETIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSxx").withZone(ZoneOffset.UTC);
    private static final MediaType CSV = MediaType.parseMediaType("text/csv");

    private final BulkJobStore jobs;
    private final BulkJobProcessor processor;
    private final SalesforceSchema schema;
    private final JdbcTemplate jdbc;
    private final Clock clock;

    public BulkApiController(BulkJobStore jobs, BulkJobProcessor processor, SalesforceSchema schema, JdbcTemplate jdbc, Clock clock) {
        this.jobs = jobs;
        this.processor = processor;
        this.schema = schema;
        this.jdbc = jdbc;
        this.clock = clock;
    }

    // ---- ingest

    @PostMapping(path = "/ingest", consumes = MediaType.APPLICATION_JSON_VALUE)
    public Map<String, Object> createIngestJob(@PathVariable String version, @RequestBody Map<String, String> request) {
        String operation = request.get("operation");
        if (!INGEST_OPERATIONS.contains(operation)) {
            throw invalidJob("Invalid operation: " + operation);
        }
        var object = schema.object(String.valueOf(request.get("object")))
                .orElseThrow(() -> invalidJob("Entity type '" + request.get("object") + "' is not supported by the Bulk API"));
        String externalId = request.get("externalIdFieldName");
        if ("upsert".equals(operation) && !"Id".equals(externalId)) {
            // The sandbox schema has no external id fields: Id is the one upsert key it offers.
            throw invalidJob("The External ID field is not valid for upsert on " + object.name() + ": " + externalId + "; use Id");
        }
        var job = newJob(Type.INGEST, operation, object.name(), externalId, null, State.Open, version, request);
        jobs.insert(job);
        return info(job);
    }

    @PutMapping(path = "/ingest/{jobId}/batches", consumes = "text/csv")
    public ResponseEntity<Void> upload(@PathVariable String version, @PathVariable String jobId, @RequestBody String csv) {
        var job = job(Type.INGEST, jobId);
        if (job.state() != State.Open) {
            throw new SalesforceApiException(HttpStatus.CONFLICT, "INVALIDJOBSTATE", "Job is not in Open state: " + job.state(), List.of());
        }
        jobs.appendData(jobId, Kind.UPLOAD, 0, csv);
        return ResponseEntity.status(HttpStatus.CREATED).build();
    }

    @PatchMapping(path = "/ingest/{jobId}", consumes = MediaType.APPLICATION_JSON_VALUE)
    public Map<String, Object> changeIngestState(@PathVariable String jobId, @RequestBody Map<String, String> request) {
        var job = job(Type.INGEST, jobId);
        String target = request.get("state");
        if ("UploadComplete".equals(target) && jobs.transition(jobId, State.Open, State.UploadComplete, clock.instant())) {
            processor.submit(jobId);
        } else if ("Aborted".equals(target) && !job.state().terminal()) {
            jobs.transition(jobId, job.state(), State.Aborted, clock.instant());
        } else {
            throw new SalesforceApiException(HttpStatus.BAD_REQUEST, "INVALIDJOBSTATE",
                    "Cannot change the state of a job in state " + job.state() + " to " + target, List.of());
        }
        return info(job(Type.INGEST, jobId));
    }

    @GetMapping("/ingest/{jobId}")
    public Map<String, Object> ingestJob(@PathVariable String jobId) {
        return info(job(Type.INGEST, jobId));
    }

    @GetMapping("/ingest")
    public Map<String, Object> ingestJobs() {
        return allJobs(Type.INGEST);
    }

    @DeleteMapping("/ingest/{jobId}")
    public ResponseEntity<Void> deleteIngestJob(@PathVariable String jobId) {
        return delete(Type.INGEST, jobId);
    }

    @GetMapping(path = "/ingest/{jobId}/successfulResults", produces = "text/csv")
    public ResponseEntity<String> successfulResults(@PathVariable String jobId) {
        return resultFile(jobId, Kind.SUCCESS, "\"sf__Id\",\"sf__Created\"\n");
    }

    @GetMapping(path = "/ingest/{jobId}/failedResults", produces = "text/csv")
    public ResponseEntity<String> failedResults(@PathVariable String jobId) {
        return resultFile(jobId, Kind.FAILED, "\"sf__Id\",\"sf__Error\"\n");
    }

    /** The uploaded rows the job did not reach: all of them for a job aborted or failed before it ran. */
    @GetMapping(path = "/ingest/{jobId}/unprocessedrecords", produces = "text/csv")
    public ResponseEntity<String> unprocessedRecords(@PathVariable String jobId) {
        var job = job(Type.INGEST, jobId);
        var out = new StringBuilder();
        long toSkip = job.recordsProcessed();
        boolean headerWritten = false;
        for (String upload : jobs.data(jobId, Kind.UPLOAD)) {
            List<String[]> rows = BulkCsv.read(upload, job.delimiter());
            if (rows.isEmpty()) {
                continue;
            }
            if (!headerWritten) {
                out.append(String.join(String.valueOf(job.delimiter()), rows.get(0))).append(job.newline());
                headerWritten = true;
            }
            for (String[] row : rows.subList(1, rows.size())) {
                if (toSkip > 0) {
                    toSkip--;
                } else {
                    BulkCsv.appendRow(out, List.of((Object[]) row), job.delimiter(), job.newline());
                }
            }
        }
        return ResponseEntity.ok().contentType(CSV).body(out.toString());
    }

    // ---- query

    @PostMapping(path = "/query", consumes = MediaType.APPLICATION_JSON_VALUE)
    public Map<String, Object> createQueryJob(@PathVariable String version, @RequestBody Map<String, String> request) {
        String operation = request.getOrDefault("operation", "query");
        if (!QUERY_OPERATIONS.contains(operation)) {
            throw invalidJob("Invalid operation: " + operation);
        }
        String query = request.get("query");
        if (query == null || query.isBlank()) {
            throw invalidJob("A query is required");
        }
        var job = newJob(Type.QUERY, operation, objectOf(query), null, query, State.UploadComplete, version, request);
        jobs.insert(job);
        processor.submit(job.id());
        return info(job);
    }

    @GetMapping("/query/{jobId}")
    public Map<String, Object> queryJob(@PathVariable String jobId) {
        return info(job(Type.QUERY, jobId));
    }

    @GetMapping("/query")
    public Map<String, Object> queryJobs() {
        return allJobs(Type.QUERY);
    }

    @PatchMapping(path = "/query/{jobId}", consumes = MediaType.APPLICATION_JSON_VALUE)
    public Map<String, Object> abortQueryJob(@PathVariable String jobId, @RequestBody Map<String, String> request) {
        var job = job(Type.QUERY, jobId);
        if (!"Aborted".equals(request.get("state")) || job.state().terminal()) {
            throw new SalesforceApiException(HttpStatus.BAD_REQUEST, "INVALIDJOBSTATE",
                    "Cannot change the state of a job in state " + job.state() + " to " + request.get("state"), List.of());
        }
        jobs.transition(jobId, job.state(), State.Aborted, clock.instant());
        return info(job(Type.QUERY, jobId));
    }

    @DeleteMapping("/query/{jobId}")
    public ResponseEntity<Void> deleteQueryJob(@PathVariable String jobId) {
        return delete(Type.QUERY, jobId);
    }

    @GetMapping(path = "/query/{jobId}/results", produces = "text/csv")
    public ResponseEntity<String> queryResults(@PathVariable String jobId,
                                               @RequestParam(required = false) String locator,
                                               @RequestParam(required = false) Integer maxRecords) {
        var job = job(Type.QUERY, jobId);
        if (job.state() != State.JobComplete) {
            throw new SalesforceApiException(HttpStatus.BAD_REQUEST, "INVALIDJOBSTATE",
                    "Results are available once the job is JobComplete; it is " + job.state(), List.of());
        }
        int pageSize = maxRecords == null || maxRecords <= 0 ? DEFAULT_MAX_RECORDS : maxRecords;
        var page = processor.results(job, BulkJobProcessor.offset(locator), pageSize);
        return ResponseEntity.ok()
                .contentType(CSV)
                .header("Sforce-Locator", page.nextLocator() == null ? "null" : page.nextLocator())
                .header("Sforce-NumberOfRecords", Integer.toString(page.records()))
                .body(page.csv());
    }

    // ---- shared

    private BulkJob newJob(Type type, String operation, String object, String externalId, String query, State state,
                           String version, Map<String, String> request) {
        String delimiter = request.getOrDefault("columnDelimiter", "COMMA");
        String lineEnding = request.getOrDefault("lineEnding", "LF");
        if (!DELIMITERS.contains(delimiter) || !Set.of("LF", "CRLF").contains(lineEnding)) {
            throw invalidJob("Invalid columnDelimiter or lineEnding");
        }
        if (request.containsKey("contentType") && !"CSV".equals(request.get("contentType"))) {
            throw invalidJob("Only contentType CSV is supported");
        }
        Long sequence = jdbc.queryForObject("select nextval('sandbox_sf_id_seq')", Long.class);
        String id = SalesforceIds.of("750", sequence);
        Instant now = clock.instant();
        return new BulkJob(id, type, operation, object, externalId, query, state, delimiter, lineEnding, version,
                now, now, 0, 0, 0, null);
    }

    private Map<String, Object> info(BulkJob job) {
        var info = new LinkedHashMap<String, Object>();
        info.put("id", job.id());
        info.put("operation", job.operation());
        info.put("object", job.object());
        info.put("createdById", "0055g0000000001AAA");
        info.put("createdDate", SALESFORCE_DATETIME.format(job.createdDate()));
        info.put("systemModstamp", SALESFORCE_DATETIME.format(job.systemModstamp()));
        info.put("state", job.state().name());
        if (job.externalIdField() != null) {
            info.put("externalIdFieldName", job.externalIdField());
        }
        info.put("concurrencyMode", "Parallel");
        info.put("contentType", "CSV");
        info.put("apiVersion", Double.parseDouble(job.apiVersion()));
        info.put("jobType", job.type() == Type.INGEST ? "V2Ingest" : "V2Query");
        if (job.type() == Type.INGEST && job.state() == State.Open) {
            info.put("contentUrl", "services/data/v" + job.apiVersion() + "/jobs/ingest/" + job.id() + "/batches");
        }
        info.put("lineEnding", job.lineEnding());
        info.put("columnDelimiter", job.columnDelimiter());
        info.put("numberRecordsProcessed", job.recordsProcessed());
        if (job.type() == Type.INGEST) {
            info.put("numberRecordsFailed", job.recordsFailed());
        }
        info.put("retries", 0);
        info.put("totalProcessingTime", job.processingMillis());
        if (job.type() == Type.INGEST) {
            info.put("apiActiveProcessingTime", job.processingMillis());
            info.put("apexProcessingTime", 0);
        }
        if (job.errorMessage() != null) {
            info.put("errorMessage", job.errorMessage());
        }
        return info;
    }

    private Map<String, Object> allJobs(Type type) {
        var body = new LinkedHashMap<String, Object>();
        body.put("done", true);
        body.put("records", jobs.findAll(type).stream().map(this::info).toList());
        body.put("nextRecordsUrl", null);
        return body;
    }

    private ResponseEntity<Void> delete(Type type, String jobId) {
        var job = job(type, jobId);
        if (job.state() == State.Open || job.state() == State.InProgress) {
            throw new SalesforceApiException(HttpStatus.BAD_REQUEST, "INVALIDJOBSTATE",
                    "A job in state " + job.state() + " cannot be deleted", List.of());
        }
        jobs.delete(jobId);
        return ResponseEntity.noContent().build();
    }

    private ResponseEntity<String> resultFile(String jobId, Kind kind, String emptyHeader) {
        job(Type.INGEST, jobId);
        List<String> chunks = jobs.data(jobId, kind);
        String body = chunks.isEmpty() ? emptyHeader : String.join("", chunks);
        return ResponseEntity.ok().contentType(CSV).body(body);
    }

    private BulkJob job(Type type, String jobId) {
        return jobs.find(type, jobId).orElseThrow(() -> new SalesforceApiException(HttpStatus.NOT_FOUND, "NOT_FOUND",
                "The requested resource does not exist", List.of()));
    }

    private static SalesforceApiException invalidJob(String message) {
        return new SalesforceApiException(HttpStatus.BAD_REQUEST, "INVALIDJOB", message, List.of());
    }

    /** The object a query reads: the word after FROM. */
    private static String objectOf(String query) {
        String[] words = query.trim().split("\\s+");
        for (int i = 0; i < words.length - 1; i++) {
            if (words[i].equalsIgnoreCase("from")) {
                return words[i + 1];
            }
        }
        return null;
    }
}

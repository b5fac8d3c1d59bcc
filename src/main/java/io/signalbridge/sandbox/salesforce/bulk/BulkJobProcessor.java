package io.signalbridge.sandbox.salesforce.bulk;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.signalbridge.sandbox.salesforce.SalesforceApiException;
import io.signalbridge.sandbox.salesforce.SalesforceSchema;
import io.signalbridge.sandbox.salesforce.SalesforceSchema.FieldDef;
import io.signalbridge.sandbox.salesforce.SalesforceSchema.ObjectDef;
import io.signalbridge.sandbox.salesforce.bulk.BulkJob.State;
import io.signalbridge.sandbox.salesforce.bulk.BulkJobStore.Kind;
import io.signalbridge.sandbox.salesforce.soql.IdList;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.SmartInitializingSingleton;

/**
 * Runs bulk jobs in the background, as Salesforce does once a job is UploadComplete: ingest jobs in batches
 * of 200 rows through the org's write rules, query jobs by recording the ids they match. A job that was
 * running when the service stopped is marked Failed on the next start; one waiting to run is run then.
 */
public class BulkJobProcessor implements SmartInitializingSingleton, DisposableBean {

    static final int WRITE_BATCH = 200;
    static final int CHUNK_RECORDS = 10_000;
    private static final Logger log = LoggerFactory.getLogger(BulkJobProcessor.class);

    private final BulkJobStore jobs;
    private final BulkRecordOperations records;
    private final SalesforceSchema schema;
    private final Clock clock;
    private final ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
        var thread = new Thread(r, "sandbox-bulk");
        thread.setDaemon(true);
        return thread;
    });

    public BulkJobProcessor(BulkJobStore jobs, BulkRecordOperations records, SalesforceSchema schema, Clock clock) {
        this.jobs = jobs;
        this.records = records;
        this.schema = schema;
        this.clock = clock;
    }

    @Override
    public void afterSingletonsInstantiated() {
        for (BulkJob interrupted : jobs.findInState(State.InProgress)) {
            jobs.fail(interrupted.id(), "InternalServerError : job interrupted by a restart of the org", clock.instant());
        }
        jobs.findInState(State.UploadComplete).forEach(job -> submit(job.id()));
    }

    @Override
    public void destroy() {
        executor.shutdownNow();
    }

    public void submit(String jobId) {
        executor.submit(() -> {
            try {
                process(jobId);
            } catch (RuntimeException e) {
                log.warn("Bulk job {} failed", jobId, e);
                jobs.fail(jobId, "InternalServerError : " + e.getMessage(), clock.instant());
            }
        });
    }

    void process(String jobId) {
        var job = jobs.find(BulkJob.Type.INGEST, jobId).or(() -> jobs.find(BulkJob.Type.QUERY, jobId)).orElse(null);
        if (job == null || !jobs.transition(jobId, State.UploadComplete, State.InProgress, clock.instant())) {
            return;
        }
        long started = System.nanoTime();
        if (job.type() == BulkJob.Type.INGEST) {
            ingest(job, started);
        } else {
            query(job, started);
        }
    }

    private void ingest(BulkJob job, long started) {
        ObjectDef object = schema.object(job.object()).orElseThrow();
        String[] header = null;
        List<String[]> rows = new ArrayList<>();
        for (String upload : jobs.data(job.id(), Kind.UPLOAD)) {
            List<String[]> lines = BulkCsv.read(upload, job.delimiter());
            if (lines.isEmpty()) {
                continue;
            }
            if (header == null) {
                header = lines.get(0);
            } else if (!Arrays.equals(header, lines.get(0))) {
                jobs.fail(job.id(), "InvalidBatch : all uploads of a job must have the same columns", clock.instant());
                return;
            }
            rows.addAll(lines.subList(1, lines.size()));
        }
        if (header == null) {
            jobs.fail(job.id(), "InvalidBatch : no data uploaded", clock.instant());
            return;
        }
        FieldDef[] fields = new FieldDef[header.length];
        for (int i = 0; i < header.length; i++) {
            String column = header[i].trim();
            fields[i] = object.field(column).orElse(null);
            if (fields[i] == null) {
                jobs.fail(job.id(), "InvalidBatch : Field name not found : " + column, clock.instant());
                return;
            }
        }
        var results = new ResultFiles(job, header);
        long processed = 0;
        long failed = 0;
        for (int from = 0; from < rows.size(); from += WRITE_BATCH) {
            if (from > 0 && from % CHUNK_RECORDS == 0) {
                results.flush(jobs);
                if (aborted(job)) {
                    return;
                }
            }
            List<String[]> batch = rows.subList(from, Math.min(rows.size(), from + WRITE_BATCH));
            List<ObjectNode> typed = batch.stream().map(row -> typed(fields, row)).toList();
            var outcomes = records.write(job.operation(), object.name(), typed);
            for (int i = 0; i < batch.size(); i++) {
                var outcome = outcomes.get(i);
                results.add(outcome, batch.get(i));
                processed++;
                if (!outcome.success()) {
                    failed++;
                }
            }
            jobs.progress(job.id(), processed, failed, elapsedMillis(started), clock.instant());
        }
        results.flush(jobs);
        jobs.progress(job.id(), processed, failed, elapsedMillis(started), clock.instant());
        jobs.transition(job.id(), State.InProgress, State.JobComplete, clock.instant());
    }

    private void query(BulkJob job, long started) {
        BulkRecordOperations.QueryMatch match;
        try {
            match = records.query(job.query(), "queryAll".equals(job.operation()));
        } catch (SalesforceApiException invalid) {
            jobs.fail(job.id(), invalid.errorCode() + " : " + invalid.getMessage(), clock.instant());
            return;
        }
        jobs.appendData(job.id(), Kind.FIELDS, 0, match.objectName() + "\n" + String.join(",", match.fields()));
        IdList ids = match.ids();
        for (int from = 0; from < ids.size(); from += CHUNK_RECORDS) {
            List<String> chunk = ids.slice(from, Math.min(ids.size(), from + CHUNK_RECORDS));
            jobs.appendData(job.id(), Kind.IDS, chunk.size(), String.join("\n", chunk));
        }
        jobs.progress(job.id(), ids.size(), 0, elapsedMillis(started), clock.instant());
        jobs.transition(job.id(), State.InProgress, State.JobComplete, clock.instant());
    }

    /** One page of a query job's results, from {@code offset}, at most {@code maxRecords} records. */
    QueryResultPage results(BulkJob job, long offset, int maxRecords) {
        List<String> fieldsChunk = jobs.data(job.id(), Kind.FIELDS);
        String[] objectAndFields = fieldsChunk.get(0).split("\n", 2);
        List<String> fields = objectAndFields[1].isEmpty() ? List.of() : List.of(objectAndFields[1].split(","));
        var match = new BulkRecordOperations.QueryMatch(objectAndFields[0], fields, new IdList());
        var out = new StringBuilder();
        BulkCsv.appendRow(out, fields, job.delimiter(), job.newline());
        long end = Math.min(job.recordsProcessed(), offset + maxRecords);
        long position = offset;
        while (position < end) {
            int chunkIndex = (int) (position / CHUNK_RECORDS);
            List<String> chunkIds = List.of(jobs.chunk(job.id(), Kind.IDS, chunkIndex).orElseThrow().split("\n"));
            int from = (int) (position - (long) chunkIndex * CHUNK_RECORDS);
            int to = (int) Math.min(chunkIds.size(), from + (end - position));
            List<String> ids = chunkIds.subList(from, to);
            for (List<Object> values : records.values(match, ids)) {
                BulkCsv.appendRow(out, values, job.delimiter(), job.newline());
            }
            position += ids.size();
        }
        String nextLocator = end < job.recordsProcessed() ? locator(end) : null;
        return new QueryResultPage(out.toString(), (int) (end - offset), nextLocator);
    }

    record QueryResultPage(String csv, int records, String nextLocator) {
    }

    /** Like Salesforce's: the Base64 of the offset of the next record. */
    static String locator(long offset) {
        return Base64.getEncoder().withoutPadding().encodeToString(Long.toString(offset).getBytes(StandardCharsets.US_ASCII));
    }

    static long offset(String locator) {
        if (locator == null || locator.isBlank()) {
            return 0;
        }
        try {
            return Long.parseLong(new String(Base64.getDecoder().decode(locator), StandardCharsets.US_ASCII));
        } catch (IllegalArgumentException e) {
            throw new SalesforceApiException(org.springframework.http.HttpStatus.BAD_REQUEST, "INVALID_LOCATOR", "Invalid locator: " + locator, List.of());
        }
    }

    private boolean aborted(BulkJob job) {
        return jobs.find(job.type(), job.id()).map(current -> current.state() == State.Aborted).orElse(true);
    }

    /**
     * Bulk CSV values typed by the field's describe type: an empty value leaves the field alone, {@code #N/A}
     * clears it; a value that does not parse is passed on as text for the write rules to refuse.
     */
    static ObjectNode typed(FieldDef[] fields, String[] row) {
        var node = JsonNodeFactory.instance.objectNode();
        for (int i = 0; i < fields.length && i < row.length; i++) {
            String value = row[i];
            String name = fields[i].name();
            if (value == null || value.isEmpty()) {
                continue;
            }
            if ("#N/A".equals(value)) {
                node.putNull(name);
                continue;
            }
            switch (fields[i].type()) {
                case "boolean" -> {
                    String lower = value.toLowerCase(Locale.ROOT);
                    if (lower.equals("true") || lower.equals("false")) {
                        node.put(name, Boolean.parseBoolean(lower));
                    } else {
                        node.put(name, value);
                    }
                }
                case "int", "double", "currency", "percent" -> {
                    try {
                        node.put(name, new BigDecimal(value));
                    } catch (NumberFormatException notANumber) {
                        node.put(name, value);
                    }
                }
                default -> node.put(name, value);
            }
        }
        return node;
    }

    private static long elapsedMillis(long startedNanos) {
        return (System.nanoTime() - startedNanos) / 1_000_000;
    }

    /** successfulResults and failedResults files, written in chunks. */
    private static final class ResultFiles {
        private final BulkJob job;
        private final StringBuilder success = new StringBuilder();
        private final StringBuilder failed = new StringBuilder();
        private int successCount;
        private int failedCount;

        ResultFiles(BulkJob job, String[] header) {
            this.job = job;
            success.append(headerLine(job, header, "sf__Created"));
            failed.append(headerLine(job, header, "sf__Error"));
        }

        void add(BulkRecordOperations.RowResult outcome, String[] row) {
            var values = new ArrayList<Object>(row.length + 2);
            values.add(outcome.id() == null ? "" : outcome.id());
            values.add(outcome.success() ? Boolean.toString(outcome.created()) : outcome.error());
            values.addAll(Arrays.asList(row));
            if (outcome.success()) {
                BulkCsv.appendRow(success, values, job.delimiter(), job.newline());
                successCount++;
            } else {
                BulkCsv.appendRow(failed, values, job.delimiter(), job.newline());
                failedCount++;
            }
        }

        void flush(BulkJobStore jobs) {
            if (!success.isEmpty()) {
                jobs.appendData(job.id(), Kind.SUCCESS, successCount, success.toString());
            }
            if (!failed.isEmpty()) {
                jobs.appendData(job.id(), Kind.FAILED, failedCount, failed.toString());
            }
            success.setLength(0);
            failed.setLength(0);
            successCount = 0;
            failedCount = 0;
        }
    }

    /** The first line of a result file: {@code "sf__Id","sf__Created"} or {@code "sf__Error"}, then the uploaded columns. */
    static String headerLine(BulkJob job, String[] uploadedColumns, String secondColumn) {
        var out = new StringBuilder();
        out.append("\"sf__Id\"").append(job.delimiter()).append('"').append(secondColumn).append('"');
        for (String column : uploadedColumns) {
            out.append(job.delimiter()).append(column);
        }
        return out.append(job.newline()).toString();
    }
}

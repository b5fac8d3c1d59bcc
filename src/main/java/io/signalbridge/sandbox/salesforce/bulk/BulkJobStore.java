package io.signalbridge.sandbox.salesforce.bulk;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.JdbcTemplate;

/** Bulk jobs and their data (uploads, results, matched ids) in tables sandbox_sf_bulk_*. */
public class BulkJobStore {

    /** Kinds of job data. */
    public enum Kind { UPLOAD, SUCCESS, FAILED, FIELDS, IDS }

    private final JdbcTemplate jdbc;

    public BulkJobStore(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public void insert(BulkJob job) {
        jdbc.update("""
                insert into sandbox_sf_bulk_job (id, job_type, operation, object_name, external_id_field, query_text, state,
                    column_delimiter, line_ending, api_version, created_date, system_modstamp)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
                job.id(), job.type().name(), job.operation(), job.object(), job.externalIdField(), job.query(), job.state().name(),
                job.columnDelimiter(), job.lineEnding(), job.apiVersion(), utc(job.createdDate()), utc(job.systemModstamp()));
    }

    public Optional<BulkJob> find(BulkJob.Type type, String id) {
        return jdbc.query("select * from sandbox_sf_bulk_job where id = ? and job_type = ?", this::map, id, type.name())
                .stream().findFirst();
    }

    public List<BulkJob> findAll(BulkJob.Type type) {
        return jdbc.query("select * from sandbox_sf_bulk_job where job_type = ? order by created_date, id", this::map, type.name());
    }

    public List<BulkJob> findInState(BulkJob.State state) {
        return jdbc.query("select * from sandbox_sf_bulk_job where state = ? order by created_date, id", this::map, state.name());
    }

    /** Moves a job from one state to another; false when it was no longer in {@code from} (a concurrent abort). */
    public boolean transition(String id, BulkJob.State from, BulkJob.State to, Instant now) {
        return jdbc.update("update sandbox_sf_bulk_job set state = ?, system_modstamp = ? where id = ? and state = ?",
                to.name(), utc(now), id, from.name()) == 1;
    }

    public void progress(String id, long processed, long failed, long processingMillis, Instant now) {
        jdbc.update("update sandbox_sf_bulk_job set records_processed = ?, records_failed = ?, processing_millis = ?, system_modstamp = ? where id = ?",
                processed, failed, processingMillis, utc(now), id);
    }

    public void fail(String id, String errorMessage, Instant now) {
        jdbc.update("update sandbox_sf_bulk_job set state = ?, error_message = ?, system_modstamp = ? where id = ?",
                BulkJob.State.Failed.name(), errorMessage, utc(now), id);
    }

    public void delete(String id) {
        jdbc.update("delete from sandbox_sf_bulk_data where job_id = ?", id);
        jdbc.update("delete from sandbox_sf_bulk_job where id = ?", id);
    }

    public void appendData(String jobId, Kind kind, int recordCount, String content) {
        Integer next = jdbc.queryForObject("select coalesce(max(seq), -1) + 1 from sandbox_sf_bulk_data where job_id = ? and kind = ?",
                Integer.class, jobId, kind.name());
        jdbc.update("insert into sandbox_sf_bulk_data (job_id, kind, seq, record_count, content) values (?, ?, ?, ?, ?)",
                jobId, kind.name(), next, recordCount, content);
    }

    /** The chunks of one kind of data, in the order they were appended. */
    public List<String> data(String jobId, Kind kind) {
        return jdbc.queryForList("select content from sandbox_sf_bulk_data where job_id = ? and kind = ? order by seq",
                String.class, jobId, kind.name());
    }

    /** One chunk, by its position. */
    public Optional<String> chunk(String jobId, Kind kind, int seq) {
        return jdbc.queryForList("select content from sandbox_sf_bulk_data where job_id = ? and kind = ? and seq = ?",
                String.class, jobId, kind.name(), seq).stream().findFirst();
    }

    private BulkJob map(ResultSet rs, int row) throws SQLException {
        return new BulkJob(
                rs.getString("id"),
                BulkJob.Type.valueOf(rs.getString("job_type")),
                rs.getString("operation"),
                rs.getString("object_name"),
                rs.getString("external_id_field"),
                rs.getString("query_text"),
                BulkJob.State.valueOf(rs.getString("state")),
                rs.getString("column_delimiter"),
                rs.getString("line_ending"),
                rs.getString("api_version"),
                rs.getObject("created_date", LocalDateTime.class).toInstant(ZoneOffset.UTC),
                rs.getObject("system_modstamp", LocalDateTime.class).toInstant(ZoneOffset.UTC),
                rs.getLong("records_processed"),
                rs.getLong("records_failed"),
                rs.getLong("processing_millis"),
                rs.getString("error_message"));
    }

    private static LocalDateTime utc(Instant instant) {
        return LocalDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
}

package io.signalbridge.signals;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.signalbridge.cluster.JobLeases;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationStartedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Repository;

/** The history of sync runs: job, start, end, status, records per object, API calls, error. */
@Repository
public class SyncRuns {

    /**
     * PARKED: stopped because the source's daily quota is used up; no call is made before it resets.
     * PAUSED: not run, or stopped, because the source's circuit breaker is open; the next run resumes.
     */
    public enum Status { RUNNING, SUCCEEDED, FAILED, BUDGET_STOPPED, PARKED, INTERRUPTED, PAUSED }

    public record Run(long id, String job, String trigger, Instant startedAt, Instant endedAt, Status status,
                      Map<String, Long> recordsByObject, int apiCalls, String apiUsage, String error) {
    }

    private static final Logger log = LoggerFactory.getLogger(SyncRuns.class);

    private final JdbcTemplate jdbc;
    private final ObjectMapper json;
    private final Clock clock;
    private final io.micrometer.core.instrument.MeterRegistry meters;
    /**
     * Runs started by this process: never cut off by its own start-up recovery, which can come after a first run
     * (the web server takes a run-now request before the started event).
     */
    private final Set<Long> startedHere = ConcurrentHashMap.newKeySet();
    private JobLeases leases = JobLeases.inProcess();

    public SyncRuns(JdbcTemplate jdbc, ObjectMapper json, Clock clock, io.micrometer.core.instrument.MeterRegistry meters) {
        this.jdbc = jdbc;
        this.json = json;
        this.clock = clock;
        this.meters = meters;
    }

    public long start(String job, String trigger) {
        var keys = new GeneratedKeyHolder();
        jdbc.update(connection -> {
            var ps = connection.prepareStatement(
                    "insert into sync_run (job, trigger_kind, started_at, status, records_by_object, api_calls) values (?, ?, ?, ?, '{}', 0)",
                    new String[] {"id"});
            ps.setString(1, job);
            ps.setString(2, trigger);
            ps.setObject(3, utc(clock.instant()));
            ps.setString(4, Status.RUNNING.name());
            return ps;
        }, keys);
        long id = keys.getKey().longValue();
        startedHere.add(id);
        if (leases.isHeldHere(job)) {
            interruptOthers(job, id);
        }
        return id;
    }

    /**
     * A run started under the job's lease: any other run of the job still RUNNING belonged to a node that died (its lease
     * expired, else this one could not have been taken) and is marked so now, not at that node's restart.
     */
    private void interruptOthers(String job, long runId) {
        int marked = jdbc.update("update sync_run set status = ?, ended_at = ?, error = ? where job = ? and status = ? and id <> ?",
                Status.INTERRUPTED.name(), utc(clock.instant()), "the node running it stopped during the run; the next run resumes from the watermark",
                job, Status.RUNNING.name(), runId);
        if (marked > 0) {
            log.warn("{} run(s) of {} were cut off by a node that stopped; this run resumes from the watermarks", marked, job);
        }
    }

    /** Progress of a run still going: what the operations API shows while it runs. */
    public void progress(long runId, Map<String, Long> recordsByObject, int apiCalls, String apiUsage) {
        jdbc.update("update sync_run set records_by_object = ?, api_calls = ?, api_usage = ? where id = ?",
                write(recordsByObject), apiCalls, apiUsage, runId);
    }

    public void finish(long runId, Status status, Map<String, Long> recordsByObject, int apiCalls, String apiUsage, String error) {
        Instant ended = clock.instant();
        jdbc.update("update sync_run set ended_at = ?, status = ?, records_by_object = ?, api_calls = ?, api_usage = ?, error = ? where id = ?",
                utc(ended), status.name(), write(recordsByObject), apiCalls, apiUsage, error, runId);
        find(runId).ifPresent(run -> measure(run.job(), status, run.startedAt(), ended, recordsByObject, apiCalls));
    }

    /**
     * The run's meters (at /actuator/prometheus): runs by job and status, their duration, records by job and object,
     * API calls by job.
     */
    private void measure(String job, Status status, Instant started, Instant ended, Map<String, Long> recordsByObject, int apiCalls) {
        io.micrometer.core.instrument.Timer.builder("signalbridge.runs").description("Runs of a job, by how they ended")
                .tags("job", job, "status", status.name()).register(meters).record(java.time.Duration.between(started, ended));
        io.micrometer.core.instrument.Counter.builder("signalbridge.run.api.calls").description("API calls made by a job's runs")
                .tags("job", job).register(meters).increment(apiCalls);
        recordsByObject.forEach((what, count) -> io.micrometer.core.instrument.Counter.builder("signalbridge.run.records")
                .description("Records counted by a job's runs, by object and outcome (Account.changed, Task.stored, ...)")
                .tags("job", job, "counted", what).register(meters).increment(count));
    }

    /** The run guard across nodes: a run whose job's lease is held is going on, on another node. */
    @org.springframework.beans.factory.annotation.Autowired(required = false)
    public void setJobLeases(JobLeases leases) {
        this.leases = leases;
    }

    /**
     * Runs left RUNNING by a process that died (not those this process started, nor those of a job whose lease another
     * node holds: they are its runs): they will never finish, say so.
     */
    public int markInterrupted() {
        List<Long> dead = jdbc.query("select id, job from sync_run where status = ?",
                        (rs, i) -> Map.entry(rs.getLong(1), rs.getString(2)), Status.RUNNING.name()).stream()
                .filter(run -> !startedHere.contains(run.getKey()) && !leases.isHeld(run.getValue()))
                .map(Map.Entry::getKey).toList();
        int marked = 0;
        for (long id : dead) {
            marked += jdbc.update("update sync_run set status = ?, ended_at = ?, error = ? where id = ? and status = ?",
                    Status.INTERRUPTED.name(), utc(clock.instant()), "the service stopped during the run; the next run resumes from the watermark",
                    id, Status.RUNNING.name());
        }
        return marked;
    }

    /**
     * Once the application has started: before the ready event, on which jobs start their first runs. Not in the
     * ops command line (signalbridge.command-line), which runs beside a live service whose runs are not cut off.
     */
    @EventListener(value = ApplicationStartedEvent.class, condition = "!'true'.equals(@environment.getProperty('signalbridge.command-line'))")
    public void markInterruptedOnStart() {
        int interrupted = markInterrupted();
        if (interrupted > 0) {
            log.warn("{} sync run(s) were cut off by the last shutdown; their jobs resume from their watermarks", interrupted);
        }
    }

    public List<Run> recent(String job, int limit) {
        String where = job == null ? "" : " where job = ?";
        Object[] args = job == null ? new Object[] {limit} : new Object[] {job, limit};
        return jdbc.query("select * from sync_run" + where + " order by started_at desc, id desc limit ?", this::map, args);
    }

    /** Every job's runs started at or after {@code since}, oldest first: the console's charts. */
    public List<Run> startedSince(Instant since) {
        return jdbc.query("select * from sync_run where started_at >= ? order by started_at, id", this::map, utc(since));
    }

    public Optional<Run> find(long id) {
        return jdbc.query("select * from sync_run where id = ?", this::map, id).stream().findFirst();
    }

    private Run map(java.sql.ResultSet rs, int row) throws java.sql.SQLException {
        return new Run(
                rs.getLong("id"), rs.getString("job"), rs.getString("trigger_kind"),
                rs.getObject("started_at", LocalDateTime.class).toInstant(ZoneOffset.UTC),
                Optional.ofNullable(rs.getObject("ended_at", LocalDateTime.class)).map(t -> t.toInstant(ZoneOffset.UTC)).orElse(null),
                Status.valueOf(rs.getString("status")), read(rs.getString("records_by_object")), rs.getInt("api_calls"),
                rs.getString("api_usage"), rs.getString("error"));
    }

    private Map<String, Long> read(String text) {
        try {
            return json.readValue(text, new TypeReference<LinkedHashMap<String, Long>>() {
            });
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private String write(Map<String, Long> counts) {
        try {
            return json.writeValueAsString(counts);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static LocalDateTime utc(Instant instant) {
        return LocalDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
}

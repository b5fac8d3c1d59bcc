package io.signalbridge.salesforce;

import java.time.Instant;
import java.util.List;
import java.util.Set;

import io.signalbridge.jobs.PullJobStarts;
import io.signalbridge.jobs.QuartzSchedules;
import io.signalbridge.signals.SyncRuns;

import org.apache.camel.ProducerTemplate;
import org.springframework.stereotype.Service;

/** The pull jobs as ops see them: schedule, last run, next fire time; and "run now". */
@Service
public class SalesforcePullJobs extends PullJobStarts {

    public record JobStatus(String job, String cron, List<String> objects, boolean running, Instant nextFire, SyncRuns.Run lastRun) {
    }

    private final SalesforcePullProperties settings;
    private final SalesforcePull pull;
    private final SyncRuns runs;
    private final QuartzSchedules schedules;

    public SalesforcePullJobs(SalesforcePullProperties settings, SalesforcePull pull, SyncRuns runs, QuartzSchedules schedules,
                              ProducerTemplate camel) {
        super(SalesforceQueries.SYSTEM, "direct:salesforce-pull", runs, camel);
        this.settings = settings;
        this.pull = pull;
        this.runs = runs;
        this.schedules = schedules;
    }

    public List<JobStatus> jobs() {
        return settings.jobs().entrySet().stream().map(entry -> new JobStatus(entry.getKey(), entry.getValue().cron(),
                entry.getValue().objects(), pull.isRunning(entry.getKey()), schedules.nextFire(entry.getKey()),
                runs.recent(entry.getKey(), 1).stream().findFirst().orElse(null))).toList();
    }

    public boolean exists(String job) {
        return settings.jobs().containsKey(job);
    }

    @Override
    protected Set<String> jobNames() {
        return settings.jobs().keySet();
    }

    @Override
    protected boolean reserve(String job) {
        return pull.reserve(job);
    }

    @Override
    protected boolean runOnStart() {
        return settings.runOnStart();
    }
}

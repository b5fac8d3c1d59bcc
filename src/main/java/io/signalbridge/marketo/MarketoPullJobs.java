package io.signalbridge.marketo;

import java.time.Instant;
import java.util.List;
import java.util.Set;

import io.signalbridge.jobs.PullJobStarts;
import io.signalbridge.jobs.QuartzSchedules;
import io.signalbridge.signals.SyncRuns;

import org.apache.camel.ProducerTemplate;
import org.springframework.stereotype.Service;

/** The Marketo pull jobs as ops see them: schedule, activity types, last run, next fire time, quota parking; and "run now". */
@Service
public class MarketoPullJobs extends PullJobStarts {

    public record JobStatus(String job, String cron, List<String> activityTypes, boolean running, Instant nextFire,
                            Instant parkedUntil, SyncRuns.Run lastRun) {
    }

    private final MarketoPullProperties settings;
    private final MarketoActivityPull pull;
    private final MarketoQuota quota;
    private final SyncRuns runs;
    private final QuartzSchedules schedules;

    public MarketoPullJobs(MarketoPullProperties settings, MarketoActivityPull pull, MarketoQuota quota, SyncRuns runs,
                           QuartzSchedules schedules, ProducerTemplate camel) {
        super(MarketoClient.SYSTEM, "direct:marketo-pull", runs, camel);
        this.settings = settings;
        this.pull = pull;
        this.quota = quota;
        this.runs = runs;
        this.schedules = schedules;
    }

    public List<JobStatus> jobs() {
        Instant parkedUntil = quota.parkedUntil().orElse(null);
        return settings.jobs().entrySet().stream().map(entry -> new JobStatus(entry.getKey(), entry.getValue().cron(),
                entry.getValue().activityTypes(), pull.isRunning(entry.getKey()), schedules.nextFire(entry.getKey()), parkedUntil,
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

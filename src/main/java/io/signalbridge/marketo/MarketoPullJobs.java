package io.signalbridge.marketo;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.signalbridge.failures.ExternalSystemGuard;
import io.signalbridge.jobs.QuartzSchedules;
import io.signalbridge.signals.SyncRuns;

import org.apache.camel.ProducerTemplate;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Service;

/** The Marketo pull jobs as ops see them: schedule, activity types, last run, next fire time, quota parking; and "run now". */
@Service
public class MarketoPullJobs {

    public record JobStatus(String job, String cron, List<String> activityTypes, boolean running, Instant nextFire,
                            Instant parkedUntil, SyncRuns.Run lastRun) {
    }

    private final MarketoPullProperties settings;
    private final MarketoActivityPull pull;
    private final MarketoQuota quota;
    private final SyncRuns runs;
    private final QuartzSchedules schedules;
    private final ProducerTemplate camel;

    public MarketoPullJobs(MarketoPullProperties settings, MarketoActivityPull pull, MarketoQuota quota, SyncRuns runs,
                           QuartzSchedules schedules, ProducerTemplate camel) {
        this.settings = settings;
        this.pull = pull;
        this.quota = quota;
        this.runs = runs;
        this.schedules = schedules;
        this.camel = camel;
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

    /** Starts a run in the background, through the same route as the schedule; false if one is running. */
    public boolean runNow(String job, String trigger) {
        if (pull.isRunning(job)) {
            return false;
        }
        camel.asyncRequestBodyAndHeaders("direct:marketo-pull", null, Map.of("job", job, "trigger", trigger));
        return true;
    }

    /** The system's circuit breaker half-opened: the jobs it paused run now, not at their next fire time. */
    @EventListener
    public void onResumed(ExternalSystemGuard.SystemResumed resumed) {
        if (!MarketoClient.SYSTEM.equals(resumed.system())) {
            return;
        }
        settings.jobs().keySet().stream()
                .filter(job -> runs.recent(job, 1).stream().anyMatch(run -> run.status() == SyncRuns.Status.PAUSED))
                .forEach(job -> runNow(job, "resume"));
    }

    @EventListener(ApplicationReadyEvent.class)
    public void onStart() {
        if (settings.runOnStart()) {
            settings.jobs().keySet().forEach(job -> runNow(job, "startup"));
        }
    }

}

package io.signalbridge.jobs;

import java.util.Map;
import java.util.Set;

import io.signalbridge.failures.ExternalSystemGuard;
import io.signalbridge.signals.SyncRuns;

import org.apache.camel.ProducerTemplate;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;

/**
 * How the pull jobs of one external system are started besides their schedule: "run now" (through the same
 * route as the schedule), at start-up when configured, and again as soon as the system's circuit breaker
 * half-opens for the jobs it paused.
 */
public abstract class PullJobStarts {

    private final String system;
    private final String routeUri;
    private final SyncRuns runs;
    private final ProducerTemplate camel;

    protected PullJobStarts(String system, String routeUri, SyncRuns runs, ProducerTemplate camel) {
        this.system = system;
        this.routeUri = routeUri;
        this.runs = runs;
        this.camel = camel;
    }

    protected abstract Set<String> jobNames();

    protected abstract boolean isRunning(String job);

    protected abstract boolean runOnStart();

    /** Starts a run in the background, through the same route as the schedule; false if one is running. */
    public boolean runNow(String job, String trigger) {
        if (isRunning(job)) {
            return false;
        }
        camel.asyncRequestBodyAndHeaders(routeUri, null, Map.of("job", job, "trigger", trigger));
        return true;
    }

    /** The system's circuit breaker half-opened: the jobs it paused run now, not at their next fire time. */
    @EventListener
    public void onResumed(ExternalSystemGuard.SystemResumed resumed) {
        if (!system.equals(resumed.system())) {
            return;
        }
        jobNames().stream()
                .filter(job -> runs.recent(job, 1).stream().anyMatch(run -> run.status() == SyncRuns.Status.PAUSED))
                .forEach(job -> runNow(job, "resume"));
    }

    @EventListener(ApplicationReadyEvent.class)
    public void onStart() {
        if (runOnStart()) {
            jobNames().forEach(job -> runNow(job, "startup"));
        }
    }
}

package io.signalbridge.jobs;

import java.time.Duration;
import java.util.Map;
import java.util.Set;

import io.signalbridge.cluster.ClusterProperties;
import io.signalbridge.failures.ExternalSystemGuard;
import io.signalbridge.signals.SyncRuns;

import org.apache.camel.ProducerTemplate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;

/**
 * How the pull jobs of one external system are started besides their schedule: "run now" (through the same
 * route as the schedule), at start-up when configured, and again as soon as the system's circuit breaker
 * half-opens for the jobs it paused.
 */
public abstract class PullJobStarts {

    private static final Logger log = LoggerFactory.getLogger(PullJobStarts.class);
    private static final long START_UP_RETRY_MILLIS = 2_000;

    private final String system;
    private final String routeUri;
    private final SyncRuns runs;
    private final ProducerTemplate camel;
    private Duration startupLeaseWait = Duration.ofSeconds(40);

    protected PullJobStarts(String system, String routeUri, SyncRuns runs, ProducerTemplate camel) {
        this.system = system;
        this.routeUri = routeUri;
        this.runs = runs;
        this.camel = camel;
    }

    protected abstract Set<String> jobNames();

    /** Takes the job's lease (cluster-wide) for the run started next on this node; false while a run holds it. */
    protected abstract boolean reserve(String job);

    protected abstract boolean runOnStart();

    /**
     * Starts a run in the background, through the same route as the schedule; false if one is running, on this node or
     * another. The job's lease is taken here, before the answer, and handed to the run.
     */
    public boolean runNow(String job, String trigger) {
        if (!reserve(job)) {
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

    /**
     * Start-up runs. A job whose lease is held (a run on another node, or the lease of a node that died, which expires
     * within the lease TTL) is asked again every few seconds for up to the TTL and a margin, then left to its schedule.
     */
    @EventListener(ApplicationReadyEvent.class)
    public void onStart() {
        if (!runOnStart()) {
            return;
        }
        for (String job : jobNames()) {
            if (!runNow(job, "startup")) {
                waitForLease(job);
            }
        }
    }

    private void waitForLease(String job) {
        long giveUp = System.nanoTime() + startupLeaseWait.toNanos();
        var thread = new Thread(() -> {
            try {
                while (System.nanoTime() < giveUp) {
                    Thread.sleep(START_UP_RETRY_MILLIS);
                    if (runNow(job, "startup")) {
                        return;
                    }
                }
                log.info("Pull job {} was running elsewhere all through start-up; its schedule runs it next", job);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException e) {
                log.warn("Start-up run of pull job {} not started: {}", job, e.getMessage());
            }
        }, "startup-" + job);
        thread.setDaemon(true);
        thread.start();
    }

    /** How long a start-up run waits for a held lease: the lease TTL and a margin. */
    @Autowired(required = false)
    public void setClusterSettings(ClusterProperties cluster) {
        this.startupLeaseWait = cluster.leaseTtl().plusSeconds(10);
    }
}

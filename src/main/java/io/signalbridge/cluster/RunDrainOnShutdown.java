package io.signalbridge.cluster;

import java.time.Duration;
import java.util.Set;

import org.apache.camel.CamelContext;
import org.apache.camel.component.quartz.QuartzComponent;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.web.context.WebServerGracefulShutdownLifecycle;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * The first step of a node's graceful stop (SIGTERM, a rolling restart): this node takes no more fire times (its
 * Quartz scheduler goes to standby; the other nodes fire them) and waits, up to
 * {@code signalbridge.cluster.drain-timeout}, until the runs it holds leases for have finished. Only then do the web
 * server and the Camel context stop.
 * <p>
 * Spring stops the web server's graceful shutdown phase before the Camel context, so without this step a run in
 * flight would be cut off by Camel's shutdown timeout, and in the sandbox profile would fail at once: its orgs are
 * served by the web server that has just stopped taking requests. A run the timeout still cuts off is marked
 * INTERRUPTED and the job's next run resumes from its watermarks.
 */
@Component
public class RunDrainOnShutdown implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(RunDrainOnShutdown.class);
    /** A run that ends may hand over to the next step of its chain (pull, scoring, write-back): quiet this long first. */
    private static final Duration QUIET = Duration.ofSeconds(1);

    /** Looked up when stopping: injected here, the context was created before what configures it, and no schedule fired. */
    private final ObjectProvider<CamelContext> camel;
    private final JobLeases leases;
    private final Duration timeout;
    private volatile boolean running;

    public RunDrainOnShutdown(ObjectProvider<CamelContext> camel, JobLeases leases, ClusterProperties settings) {
        this.camel = camel;
        this.leases = leases;
        this.timeout = settings.drainTimeout();
    }

    @Override
    public void start() {
        running = true;
    }

    @Override
    public void stop() {
        running = false;
        standBy();
        long started = System.nanoTime();
        long deadline = started + timeout.toNanos();
        long quietSince = -1;
        Set<String> under = leases.heldHere();
        if (under.isEmpty()) {
            return;
        }
        log.info("Stopping: this node takes no more fire times and lets its runs finish ({}), for up to {}", under, timeout);
        while (System.nanoTime() < deadline) {
            under = leases.heldHere();
            long now = System.nanoTime();
            if (!under.isEmpty()) {
                quietSince = -1;
            } else if (quietSince < 0) {
                quietSince = now;
            } else if (now - quietSince >= QUIET.toNanos()) {
                log.info("Stopping: no run under way on this node after {} ms", (now - started) / 1_000_000);
                return;
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        log.warn("Stopping with runs still under way after {} ({}): they are cut off, marked INTERRUPTED, and resume from their"
                + " watermarks on the next run", timeout, leases.heldHere());
    }

    private void standBy() {
        try {
            Scheduler scheduler = camel.getObject().getComponent("quartz", false) instanceof QuartzComponent quartz ? quartz.getScheduler() : null;
            if (scheduler != null && scheduler.isStarted() && !scheduler.isShutdown()) {
                scheduler.standby();
            }
        } catch (SchedulerException | RuntimeException e) {
            log.warn("Could not put this node's Quartz scheduler in standby: {}", e.getMessage());
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Before the web server's graceful shutdown (and so before the Camel context, which stops after the web server). */
    @Override
    public int getPhase() {
        return WebServerGracefulShutdownLifecycle.SMART_LIFECYCLE_PHASE + 512;
    }
}

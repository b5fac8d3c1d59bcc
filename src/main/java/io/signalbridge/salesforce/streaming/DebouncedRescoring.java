package io.signalbridge.salesforce.streaming;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.camel.ProducerTemplate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rescoring after change events, in small batches: the first event of a quiet stream schedules one run of
 * {@code direct:score-accounts} after the debounce time, and every event until that run starts joins it. That route is
 * the one the schedule runs: an incremental scoring of the accounts the newly stored records touch, then the
 * write-back of their changed fields only.
 */
public class DebouncedRescoring implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(DebouncedRescoring.class);

    private final ProducerTemplate camel;
    private final long debounceMillis;
    private final Freshness freshness;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        var thread = new Thread(r, "streaming-rescore");
        thread.setDaemon(true);
        return thread;
    });
    private final AtomicBoolean scheduled = new AtomicBoolean();

    public DebouncedRescoring(ProducerTemplate camel, long debounceMillis, Freshness freshness) {
        this.camel = camel;
        this.debounceMillis = debounceMillis;
        this.freshness = freshness;
    }

    /** Records arrived: a rescoring runs within the debounce time. */
    public void touched() {
        if (scheduled.compareAndSet(false, true)) {
            timer.schedule(this::rescore, debounceMillis, TimeUnit.MILLISECONDS);
        }
    }

    private void rescore() {
        scheduled.set(false);
        var events = freshness.takePending();
        try {
            camel.requestBody("direct:score-accounts", (Object) null);
            freshness.writtenBack(events);
        } catch (RuntimeException e) {
            // the scheduled scoring run picks the records up: they are in the store
            log.warn("Rescoring after change events failed: {}", e.getMessage());
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}

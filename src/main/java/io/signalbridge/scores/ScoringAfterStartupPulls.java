package io.signalbridge.scores;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import io.signalbridge.marketo.MarketoPullProperties;
import io.signalbridge.salesforce.SalesforcePullProperties;
import io.signalbridge.signals.SyncRuns;

import org.apache.camel.ProducerTemplate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

import jakarta.annotation.PreDestroy;

/**
 * With {@code signalbridge.scoring.run-after-startup-pulls}, scores once as soon as every pull job started with the
 * service (Salesforce and Marketo {@code run-on-start}) has a finished run, so a fresh service shows scores without
 * waiting for the scoring schedule. Checks the sync runs every few seconds; gives up waiting after
 * {@code startup-pulls-timeout} and scores what the store has then.
 */
@Component
public class ScoringAfterStartupPulls {

    private static final Logger log = LoggerFactory.getLogger(ScoringAfterStartupPulls.class);
    private static final long CHECK_SECONDS = 2;

    private final ScoringProperties properties;
    private final SalesforcePullProperties salesforce;
    private final MarketoPullProperties marketo;
    private final SyncRuns runs;
    private final ProducerTemplate camel;
    private final Clock clock;
    private final ScheduledExecutorService checker = Executors.newSingleThreadScheduledExecutor(runnable -> {
        var thread = new Thread(runnable, "scoring-after-startup-pulls");
        thread.setDaemon(true);
        return thread;
    });
    private volatile ScheduledFuture<?> check;

    public ScoringAfterStartupPulls(ScoringProperties properties, SalesforcePullProperties salesforce, MarketoPullProperties marketo,
                                    SyncRuns runs, ProducerTemplate camel, Clock clock) {
        this.properties = properties;
        this.salesforce = salesforce;
        this.marketo = marketo;
        this.runs = runs;
        this.camel = camel;
        this.clock = clock;
    }

    @EventListener(ApplicationReadyEvent.class)
    public void onStart() {
        List<String> jobs = startupJobs();
        if (!properties.runAfterStartupPulls() || jobs.isEmpty()) {
            return;
        }
        Instant ready = clock.instant();
        Instant giveUp = ready.plus(properties.startupPullsTimeout());
        log.info("Scoring once the start-up pulls {} have finished", jobs);
        check = checker.scheduleWithFixedDelay(() -> {
            try {
                boolean finished = jobs.stream().allMatch(job -> finishedSince(job, ready));
                if (finished || clock.instant().isAfter(giveUp)) {
                    if (!finished) {
                        log.warn("Start-up pulls still running after {}; scoring what the store holds now", properties.startupPullsTimeout());
                    }
                    check.cancel(false);
                    camel.sendBody("direct:score-accounts", null);
                }
            } catch (RuntimeException e) {
                log.warn("Scoring after the start-up pulls failed: {}", e.getMessage());
                check.cancel(false);
            }
        }, CHECK_SECONDS, CHECK_SECONDS, TimeUnit.SECONDS);
    }

    /** The jobs the pull services start on application ready. */
    List<String> startupJobs() {
        var jobs = new ArrayList<String>();
        if (salesforce.runOnStart()) {
            jobs.addAll(salesforce.jobs().keySet());
        }
        if (marketo.runOnStart()) {
            jobs.addAll(marketo.jobs().keySet());
        }
        return jobs;
    }

    private boolean finishedSince(String job, Instant ready) {
        return runs.recent(job, 1).stream().anyMatch(run -> run.endedAt() != null
                && !run.startedAt().isBefore(ready.minusSeconds(1)));
    }

    @PreDestroy
    void stop() {
        checker.shutdownNow();
    }
}

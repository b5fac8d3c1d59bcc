package io.signalbridge.failures;

import java.util.Comparator;
import java.util.HashMap;
import java.util.List;

import io.signalbridge.cluster.JobLeases;
import io.signalbridge.cluster.JobLeases.JobLease;

import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Service;

/**
 * What ops do with failed exchanges: replay one or many, discard one. A replay sends the stored payload and
 * headers to the route the failure happened in; it first moves the failure from FAILED to REPLAYING in one
 * conditional update, so of two replays of the same failure only one enters the route, and a failure
 * already replayed is not replayed again. The caller chooses the field-mapping version a replay writes with
 * ({@link ReplayMappingVersion}). Every action is audited with who, when, the choice and how it ended.
 * <p>
 * A replay holds the lease {@code failed-exchange-<id>} while it runs, so that a node starting up releases only the
 * replays whose node died (their lease expired), not one that another node of the cluster is running.
 */
@Service
public class FailureReplay {

    public static final int BULK_LIMIT = 500;
    private static final Logger log = LoggerFactory.getLogger(FailureReplay.class);

    public enum Result { REPLAYED, FAILED_AGAIN, NOT_REPLAYABLE, NOT_FAILED, NOT_FOUND, DISCARDED }

    public record Outcome(long id, Result result, String detail) {
    }

    private final FailedExchangeStore store;
    private final ProducerTemplate camel;
    private final JobLeases leases;

    public FailureReplay(FailedExchangeStore store, ProducerTemplate camel, JobLeases leases) {
        this.store = store;
        this.camel = camel;
        this.leases = leases;
    }

    static String lease(long id) {
        return "failed-exchange-" + id;
    }

    /** Replays with the current mapping version. */
    public Outcome replay(long id, String actor) {
        return replay(id, actor, ReplayMappingVersion.CURRENT);
    }

    public Outcome replay(long id, String actor, ReplayMappingVersion mappingVersion) {
        var failure = store.find(id);
        if (failure.isEmpty()) {
            return new Outcome(id, Result.NOT_FOUND, "no failed exchange " + id);
        }
        Outcome outcome;
        var lease = leases.tryAcquire(lease(id));
        if (lease.isEmpty()) {
            outcome = new Outcome(id, Result.NOT_FAILED, "it is being replayed, on this node or another");
        } else {
            try (JobLease held = lease.get()) {
                outcome = claimAndReplay(failure.get(), mappingVersion);
            }
        }
        store.audit(id, actor, "REPLAY", outcome.result() + " (mapping version " + mappingVersion.value() + ")"
                + (outcome.detail() == null ? "" : ": " + outcome.detail()));
        return outcome;
    }

    public List<Outcome> replayAll(FailureFilter filter, String actor) {
        return replayAll(filter, actor, ReplayMappingVersion.CURRENT);
    }

    /** Replays the FAILED exchanges the filter selects, oldest first, at most {@link #BULK_LIMIT}. */
    public List<Outcome> replayAll(FailureFilter filter, String actor, ReplayMappingVersion mappingVersion) {
        var failures = store.list(filter.withStatus(FailureStatus.FAILED), BULK_LIMIT);
        return failures.stream()
                .sorted(Comparator.comparing(FailedExchange::lastFailure).thenComparing(FailedExchange::id))
                .map(failure -> replay(failure.id(), actor, mappingVersion))
                .toList();
    }

    public Outcome discard(long id, String actor) {
        var failure = store.find(id);
        if (failure.isEmpty()) {
            return new Outcome(id, Result.NOT_FOUND, "no failed exchange " + id);
        }
        Outcome outcome = store.discard(id)
                ? new Outcome(id, Result.DISCARDED, null)
                : new Outcome(id, Result.NOT_FAILED, "status is " + store.find(id).map(FailedExchange::status).orElseThrow());
        store.audit(id, actor, "DISCARD", outcome.result() + (outcome.detail() == null ? "" : ": " + outcome.detail()));
        return outcome;
    }

    /**
     * The replays left REPLAYING whose lease is free: their node stopped (this one before its restart, or another). A
     * replay running now, here (the API takes requests before the ready event) or elsewhere, holds its lease. Not in
     * the ops command line: it runs beside a live service, whose replays in flight are not cut off.
     */
    @EventListener(value = ApplicationReadyEvent.class, condition = "!'true'.equals(@environment.getProperty('signalbridge.command-line'))")
    public void releaseInterruptedReplays() {
        int released = store.releaseInterruptedReplays(id -> leases.isHeld(lease(id)));
        if (released > 0) {
            log.warn("{} replay(s) were cut off by a node that stopped (their lease expired); they are FAILED again and can be replayed", released);
        }
    }

    private Outcome claimAndReplay(FailedExchange failure, ReplayMappingVersion mappingVersion) {
        long id = failure.id();
        if (!store.claimForReplay(id)) {
            return new Outcome(id, Result.NOT_FAILED, "status is " + store.find(id).map(FailedExchange::status).orElseThrow());
        }
        if (failure.replayTarget() == null) {
            store.releaseClaim(id);
            return new Outcome(id, Result.NOT_REPLAYABLE, "route " + failure.routeId() + " cannot be entered by a replay");
        }
        Exchange result;
        try {
            result = camel.send(failure.replayTarget(), exchange -> {
                exchange.getIn().setHeaders(new HashMap<String, Object>(failure.headers()));
                exchange.getIn().setHeader(FailedExchangeRecorder.REPLAY_OF, id);
                exchange.getIn().setHeader(ReplayMappingVersion.HEADER, mappingVersion.value());
                exchange.getIn().setBody(failure.payload());
            });
        } catch (RuntimeException e) {
            return failedAgain(failure, e);
        }
        if (result.getException() != null) {
            return failedAgain(failure, result.getException());
        }
        if (result.getProperty(FailedExchangeRecorder.RECORDED_AS) != null) {
            // the route's error policy has already counted the attempt and set FAILED again
            var now = store.find(id).orElseThrow();
            return new Outcome(id, Result.FAILED_AGAIN, now.errorCode() == null ? now.message() : now.errorCode() + " " + now.message());
        }
        store.markReplayed(id);
        return new Outcome(id, Result.REPLAYED, null);
    }

    private Outcome failedAgain(FailedExchange failure, Throwable error) {
        String message = SecretRedaction.mask(error.getMessage());
        String code = FailureDetails.errorCode(error).orElse(null);
        store.recordReplayFailure(failure.id(), new FailedExchangeStore.Failure(failure.routeId(), failure.replayTarget(), failure.failureKey(),
                failure.payload(), failure.headers(), error.getClass().getName(), code, message, failure.replayTarget()));
        return new Outcome(failure.id(), Result.FAILED_AGAIN, code == null ? message : code + " " + message);
    }
}

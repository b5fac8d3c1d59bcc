package io.signalbridge.scores;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import io.signalbridge.cluster.JobLeases;
import io.signalbridge.scoring.AccountState;
import io.signalbridge.scoring.Backtest;
import io.signalbridge.scoring.BacktestReport;
import io.signalbridge.scoring.ScoreEvent;
import io.signalbridge.scoring.ScoringCore;
import io.signalbridge.scoring.ScoringInput;
import io.signalbridge.scoring.ScoringSettings;
import io.signalbridge.scoring.TrainedModels;
import io.signalbridge.scoring.Transitions;
import io.signalbridge.signals.RecordKeys;
import io.signalbridge.signals.SignalStore;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.util.DigestUtils;

/**
 * The "score accounts" step. A full run streams the signal store into the scoring core, retrains the models,
 * rescores every account and person (decay applied as of now) and stores the models. An incremental run scores
 * with the stored models and rescores only the accounts that records pulled since the last run touch (signals,
 * the account itself, its contacts, leads, opportunities and contact roles). Stage and 6QA changes go to the outbox.
 * Also the backtest on the store's history.
 */
@Component("accountScoring")
public class AccountScoring {

    private static final Logger log = LoggerFactory.getLogger(AccountScoring.class);

    public enum RunType { FULL, INCREMENTAL }

    /** The name of scoring's lease. */
    public static final String JOB = "scoring";

    private final SignalStore store;
    private final AccountScores scores;
    private final ScoringModels models;
    private final ScoringProperties properties;
    private final TransactionTemplate transaction;
    private final Clock clock;
    private final ScoringCore core = new ScoringCore();
    private JobLeases leases = JobLeases.inProcess();

    public AccountScoring(SignalStore store, AccountScores scores, ScoringModels models, ScoringProperties properties,
                          TransactionTemplate transaction, Clock clock) {
        this.store = store;
        this.scores = scores;
        this.models = models;
        this.properties = properties;
        this.transaction = transaction;
        this.clock = clock;
    }

    public record RunSummary(long run, RunType type, int accounts, int people, int events, Map<String, Long> rejections) {
    }

    /** Scoring runs one at a time across the nodes (its lease, waited for); scoring built by hand, in this JVM only. */
    @org.springframework.beans.factory.annotation.Autowired(required = false)
    public void setJobLeases(JobLeases leases) {
        this.leases = leases;
    }

    /** A full run if one is due (see {@link #fullDue}), else an incremental one. */
    public synchronized RunSummary run() {
        return score(false);
    }

    /** Retrains and rescores everything, whatever is due. */
    /** The step of the score-accounts route: a full run when asked for one ({@code fullRescore}), else as {@link #run()} decides. */
    public RunSummary score(Boolean fullRescore) {
        return Boolean.TRUE.equals(fullRescore) ? runFull() : run();
    }

    public synchronized RunSummary runFull() {
        return score(true);
    }

    private RunSummary score(boolean forceFull) {
        try (var lease = leases.acquire(JOB)) {
            return scoreHoldingLease(forceFull);
        }
    }

    private RunSummary scoreHoldingLease(boolean forceFull) {
        Instant now = clock.instant();
        long run = scores.startRun(now);
        RunType type = RunType.FULL;
        try {
            // Records pulled before this instant are in the store when this run reads it (a page's transaction takes
            // far less than the overlap); the next run looks at everything pulled after it, so nothing falls between
            // two runs, and records pulled while this run reads are looked at again.
            Instant signalsUntil = now.minus(properties.changeOverlap());
            var rules = ActivitySignalRules.load(properties.signals());
            String fingerprint = fingerprint(properties.settings().withKinds(rules.kinds()));
            var stored = models.latest().orElse(null);
            var since = scores.lastSignalsUntil();
            type = forceFull || fullDue(stored, fingerprint, since.isPresent(), now) ? RunType.FULL : RunType.INCREMENTAL;

            Set<String> only = null;
            Instant asOf = scoringInstant(now, properties.zone());
            ScoringInput input;
            TrainedModels trained;
            if (type == RunType.FULL) {
                input = assemble(rules, now).input();
                trained = core.train(input, asOf);
            } else {
                trained = stored.models();
                var touched = new TouchedAccounts(store, scores);
                var changed = touched.since(since.get());
                only = changed.accounts();
                // Only the touched accounts' records, through the record keys, when the rules name no account or
                // person field the keys do not hold; else the whole store, as a full run reads it.
                input = rules.keyedBy(RecordKeys.ACCOUNT_FIELDS, RecordKeys.PERSON_FIELDS)
                        ? ScoringInputAssembler.fromStoreFor(store, rules, properties.settings(), now, only, changed.leads(),
                                touched::accountOfDomain).input()
                        : assemble(rules, now).input();
            }
            var result = core.score(input, asOf, trained, only);
            Map<String, AccountState> previous = scores.states();
            var states = new HashMap<String, AccountState>();
            var events = new ArrayList<ScoreEvent>();
            for (var score : result.accounts()) {
                var outcome = Transitions.advance(previous.get(score.accountId()), score, properties.intentSurgePoints());
                states.put(score.accountId(), outcome.state());
                events.addAll(outcome.events());
            }
            RunType done = type;
            transaction.executeWithoutResult(status -> {
                scores.save(result.accounts(), states, events, now);
                scores.savePeople(result.people(), now);
                if (done == RunType.FULL) {
                    models.save(result.models(), fingerprint, now);
                }
            });
            var rejections = new TreeMap<String, Long>();
            result.rejections().forEach((reason, count) -> rejections.put(reason.name(), count));
            scores.endRun(run, clock.instant(), new AccountScores.RunEnd("SUCCEEDED", type.name(), result.accounts().size(),
                    result.people().size(), events.size(), rejections, signalsUntil, null));
            log.info("{} scoring run: {} accounts ({} stage / 6QA events) and {} people rescored; inputs not used: {}", type,
                    result.accounts().size(), events.size(), result.people().size(), rejections);
            return new RunSummary(run, type, result.accounts().size(), result.people().size(), events.size(), rejections);
        } catch (RuntimeException e) {
            scores.endRun(run, clock.instant(), new AccountScores.RunEnd("FAILED", type.name(), 0, 0, 0, Map.of(), null,
                    String.valueOf(e.getMessage())));
            throw e;
        }
    }

    /**
     * The instant scores are computed as of: the last second of the scoring day in the scoring zone. Decay then
     * moves with the calendar day, not with the minute a run happens to start, so runs minutes apart on the same
     * signals give the same scores and bands (nothing for the write-back to send), and a score near a band edge
     * cannot flip back and forth between them. Signals pulled during the day count from the first run after them.
     */
    static Instant scoringInstant(Instant now, ZoneId zone) {
        return now.atZone(zone).toLocalDate().plusDays(1).atStartOfDay(zone).toInstant().minusSeconds(1);
    }

    /**
     * Full when incremental runs are off, no models are stored, the stored ones were trained under other settings or
     * signal kinds, no run has read the store yet, or the stored models predate the latest daily full-rescore time.
     */
    boolean fullDue(ScoringModels.Stored stored, String fingerprint, boolean readBefore, Instant now) {
        if (!properties.incremental() || stored == null || !stored.fingerprint().equals(fingerprint) || !readBefore) {
            return true;
        }
        ZonedDateTime local = now.atZone(properties.zone());
        ZonedDateTime dailyFull = local.toLocalDate().atTime(properties.fullRescoreAt()).atZone(properties.zone());
        if (dailyFull.isAfter(local)) {
            dailyFull = dailyFull.minusDays(1);
        }
        return stored.models().trainedAt().isBefore(dailyFull.toInstant());
    }

    /** Learns from the store's history until the end of {@code cutoff} and judges on the {@code horizonDays} after. */
    public BacktestReport backtest(LocalDate cutoff, int horizonDays) {
        Instant now = clock.instant();
        return new Backtest().run(assemble(ActivitySignalRules.load(properties.signals()), now).input(), cutoff, horizonDays);
    }

    public ZoneId zone() {
        return properties.zone();
    }

    private ScoringInputAssembler assemble(ActivitySignalRules rules, Instant now) {
        return ScoringInputAssembler.fromStore(store, rules, properties.settings(), now);
    }

    /** What the models depend on besides the data: the signal kinds and every setting. */
    static String fingerprint(ScoringSettings settings) {
        var text = new StringBuilder(new TreeMap<>(settings.kinds()).toString());
        text.append(new TreeSet<>(settings.relevantStages())).append(settings.halfLifeDays()).append('/')
                .append(settings.horizonDays()).append('/').append(settings.snapshotSpacingDays()).append('/')
                .append(settings.maxSnapshots()).append('/').append(settings.zone());
        return DigestUtils.md5DigestAsHex(text.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
}

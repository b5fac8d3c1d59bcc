package io.signalbridge.scores;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

import io.signalbridge.scoring.AccountState;
import io.signalbridge.scoring.Backtest;
import io.signalbridge.scoring.BacktestReport;
import io.signalbridge.scoring.ScoreEvent;
import io.signalbridge.scoring.ScoringCore;
import io.signalbridge.scoring.ScoringInput;
import io.signalbridge.scoring.Transitions;
import io.signalbridge.signals.SignalStore;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The "score accounts" step: streams the signal store into the scoring core, rescores every account (models
 * retrained on the store's history, decay applied as of now), stores the scores and emits stage and 6QA
 * changes into the outbox. Also the backtest on the store's history.
 */
@Component("accountScoring")
public class AccountScoring {

    private static final Logger log = LoggerFactory.getLogger(AccountScoring.class);

    private final SignalStore store;
    private final AccountScores scores;
    private final ScoringProperties properties;
    private final TransactionTemplate transaction;
    private final Clock clock;
    private final ScoringCore core = new ScoringCore();

    public AccountScoring(SignalStore store, AccountScores scores, ScoringProperties properties, TransactionTemplate transaction,
                          Clock clock) {
        this.store = store;
        this.scores = scores;
        this.properties = properties;
        this.transaction = transaction;
        this.clock = clock;
    }

    public record RunSummary(long run, int accounts, int people, int events, Map<String, Long> rejections) {
    }

    public synchronized RunSummary run() {
        Instant now = clock.instant();
        long run = scores.startRun(now);
        try {
            var input = read(now);
            var result = core.score(input, now);
            Map<String, AccountState> previous = scores.states();
            var states = new HashMap<String, AccountState>();
            var events = new ArrayList<ScoreEvent>();
            for (var score : result.accounts()) {
                var outcome = Transitions.advance(previous.get(score.accountId()), score);
                states.put(score.accountId(), outcome.state());
                events.addAll(outcome.events());
            }
            transaction.executeWithoutResult(status -> {
                scores.save(result.accounts(), states, events, now);
                scores.savePeople(result.people(), now);
            });
            var rejections = new TreeMap<String, Long>();
            result.rejections().forEach((reason, count) -> rejections.put(reason.name(), count));
            scores.endRun(run, clock.instant(), "SUCCEEDED", result.accounts().size(), events.size(), rejections, null);
            log.info("Scored {} accounts ({} stage / 6QA events) and {} people; inputs not used: {}", result.accounts().size(),
                    events.size(), result.people().size(), rejections);
            return new RunSummary(run, result.accounts().size(), result.people().size(), events.size(), rejections);
        } catch (RuntimeException e) {
            scores.endRun(run, clock.instant(), "FAILED", 0, 0, Map.of(), String.valueOf(e.getMessage()));
            throw e;
        }
    }

    /** Learns from the store's history until the end of {@code cutoff} and judges on the {@code horizonDays} after. */
    public BacktestReport backtest(LocalDate cutoff, int horizonDays) {
        return new Backtest().run(read(clock.instant()), cutoff, horizonDays);
    }

    public ZoneId zone() {
        return properties.zone();
    }

    private ScoringInput read(Instant now) {
        return ScoringInputAssembler.fromStore(store, ActivitySignalRules.load(properties.signals()), properties.settings(), now);
    }
}

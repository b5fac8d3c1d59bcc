package io.signalbridge.web;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonUnwrapped;

import io.signalbridge.scores.AccountScores;
import io.signalbridge.scores.AccountScoring;
import io.signalbridge.scores.BacktestCommand;
import io.signalbridge.scores.CsvTables;
import io.signalbridge.scoring.BacktestReport;
import io.signalbridge.scoring.Contribution;
import io.signalbridge.scoring.PersonScore;
import io.signalbridge.scoring.ScoreEvent;
import io.signalbridge.scoring.TableBacktest;
import io.signalbridge.signals.SignalStore;

import org.apache.camel.ProducerTemplate;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Account and person scores with what made them, a scoring run on demand, and the backtest. */
@RestController
public class ScoringController {

    private static final int MAX_RANKING = 500;

    private final AccountScores scores;
    private final AccountScoring scoring;
    private final SignalStore signals;
    private final ProducerTemplate camel;
    private final Clock clock;

    public ScoringController(AccountScores scores, AccountScoring scoring, SignalStore signals, ProducerTemplate camel, Clock clock) {
        this.scores = scores;
        this.scoring = scoring;
        this.signals = signals;
        this.camel = camel;
        this.clock = clock;
    }

    /** The account fields as 6sense names them, plus the strongest contributors and the stage / 6QA history. */
    public record AccountScoreView(String accountId, LocalDate asOf, int profileScore, String profileFit, int intentScore,
                                   double inMarketProbability, int reachScore, String reachLevel, String buyingStage,
                                   boolean sixQa, LocalDate sixQaStartDate, LocalDate sixQaEndDate, Long sixQaAgeInDays,
                                   List<Contribution> topContributors, List<ScoreEvent> history) {
    }

    /** A ranked account with its name from the signal store (empty when the account was never pulled). */
    public record AccountRow(@JsonUnwrapped AccountScores.RankedAccount score, String name) {
    }

    /** The top accounts by intent (default), profile or reach score; {@code sixQa=true} keeps 6QA accounts only. */
    @GetMapping("/api/accounts/scores")
    public ResponseEntity<?> ranking(@RequestParam(defaultValue = "intent") String sort, @RequestParam(defaultValue = "false") boolean sixQa,
                                     @RequestParam(defaultValue = "50") int limit) {
        AccountScores.Ranking ranking;
        try {
            ranking = AccountScores.Ranking.valueOf(sort.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException unknown) {
            return ResponseEntity.badRequest().body(Map.of("error", "sort must be one of intent, profile, reach"));
        }
        return ResponseEntity.ok(scores.ranked(ranking, sixQa, Math.max(1, Math.min(limit, MAX_RANKING))).stream()
                .map(row -> new AccountRow(row, signals.find("salesforce", row.accountId())
                        .map(record -> record.fields().path("Name").asText(null)).orElse(null)))
                .toList());
    }

    /** The number of accounts in each buying stage, Target to Purchase: the accounts page's funnel. */
    @GetMapping("/api/accounts/stages")
    public List<AccountScores.StageCount> stages() {
        return scores.stageCounts();
    }

    @GetMapping("/api/accounts/{id}/score")
    public ResponseEntity<AccountScoreView> score(@PathVariable String id) {
        return scores.find(id).map(stored -> {
            var score = stored.score();
            var state = stored.state();
            return ResponseEntity.ok(new AccountScoreView(score.accountId(), score.asOf(), score.profileScore(),
                    score.fit().name(), score.intentScore(), score.inMarketProbability(), score.reachScore(),
                    score.reachLevel().name(), score.stage().name(), state.qualified(), state.qualifiedSince(),
                    state.qualifiedUntil(), state.qualifiedAgeDays(LocalDate.now(clock.withZone(scoring.zone()))),
                    score.contributors(), scores.events(id)));
        }).orElse(ResponseEntity.notFound().build());
    }

    /** Contact and lead scores, with the 6sense-style grade A-D. */
    @GetMapping("/api/people/{id}/score")
    public ResponseEntity<PersonScore> personScore(@PathVariable String id) {
        return ResponseEntity.of(scores.findPerson(id));
    }

    @PostMapping("/api/scoring/run")
    public AccountScoring.RunSummary run(@RequestParam(defaultValue = "false") boolean full) {
        // through the route, so that segment membership, the write-back and the Marketo push follow as after a scheduled run
        return camel.requestBodyAndHeader("direct:score-accounts", null, "fullRescore", full, AccountScoring.RunSummary.class);
    }

    public record BacktestRequest(LocalDate cutoff, Integer horizonDays) {
    }

    public record BacktestResponse(BacktestReport report, String markdown) {
    }

    /** The backtest on a CSV export: one row per account or person, feature columns, an outcome, optionally a date. */
    @PostMapping(path = "/api/scoring/backtest/csv", consumes = "text/csv")
    public ResponseEntity<?> backtestCsv(@RequestBody byte[] csv, @RequestParam String outcome,
                                         @RequestParam(required = false) String date,
                                         @RequestParam(required = false) String ignore) throws IOException {
        var rows = CsvTables.read(new ByteArrayInputStream(csv));
        if (rows.isEmpty() || !rows.get(0).containsKey(outcome)) {
            return ResponseEntity.badRequest().body(Map.of("error", "the CSV needs a header line and a column '" + outcome + "'"));
        }
        var report = new TableBacktest().run(rows, outcome, date, BacktestCommand.ignored(ignore));
        return ResponseEntity.ok(Map.of("report", report, "markdown", report.toMarkdown()));
    }

    @PostMapping("/api/scoring/backtest")
    public ResponseEntity<?> backtest(@RequestBody BacktestRequest request) {
        if (request.cutoff() == null) {
            return ResponseEntity.badRequest().body(Map.of("error", "cutoff (a date, yyyy-MM-dd) is required"));
        }
        int horizon = request.horizonDays() == null ? 90 : request.horizonDays();
        if (horizon < 1) {
            return ResponseEntity.badRequest().body(Map.of("error", "horizonDays must be positive"));
        }
        var report = scoring.backtest(request.cutoff(), horizon);
        return ResponseEntity.ok(new BacktestResponse(report, report.toMarkdown()));
    }
}

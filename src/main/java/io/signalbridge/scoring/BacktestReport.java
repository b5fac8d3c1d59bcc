package io.signalbridge.scoring;

import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** What a backtest measured, and its Markdown rendering. */
public record BacktestReport(LocalDate cutoff, int horizonDays, int accounts, int opened, double profileAuc,
                             double inMarketAuc, PersonAuc people, Lift qualifiedLift, double inMarketTopDecileLift, List<StageRow> stages,
                             List<Metrics.CalibrationBin> calibration, List<Metrics.CalibrationBin> profileCalibration,
                             TrainedModels.Platt inMarketCalibration, double meanUncalibrated, List<LiftPoint> liftCurve,
                             ScoringResult.TrainingSize profileTraining,
                             ScoringResult.TrainingSize intentTraining, List<Map.Entry<String, Double>> profileWeights,
                             List<Map.Entry<String, Double>> intentWeights, Map<Rejection, Long> rejections,
                             Choice profileLearner, Choice intentLearner, double brier) {

    /** Which learner a model chose, and the validation AUCs of both on its training window (NaN: not compared). */
    public record Choice(Learner learner, double validationLogisticAuc, double validationTreesAuc, int rounds) {

        static Choice of(TrainedModels.Model model) {
            var validation = model.validation();
            return new Choice(model.learner(), validation.logisticAuc(), validation.treesAuc(), validation.rounds());
        }

        public String describe() {
            String chosen = learner == Learner.LOGISTIC ? "logistic regression" : "gradient-boosted trees (" + rounds + " rounds)";
            return Double.isNaN(validationLogisticAuc) ? chosen : chosen + String.format(Locale.ROOT,
                    "; validation AUC logistic %.3f, trees %s", validationLogisticAuc,
                    Double.isNaN(validationTreesAuc) ? "–" : String.format(Locale.ROOT, "%.3f", validationTreesAuc));
        }
    }

    /** Opportunity rate of 6QA accounts against the rest. */
    public record Lift(int qualified, int qualifiedOpened, int rest, int restOpened, double lift) {

        static Lift of(int qualified, int qualifiedOpened, int rest, int restOpened) {
            double qualifiedRate = qualified == 0 ? Double.NaN : (double) qualifiedOpened / qualified;
            double restRate = rest == 0 ? Double.NaN : (double) restOpened / rest;
            return new Lift(qualified, qualifiedOpened, rest, restOpened, qualifiedRate / restRate);
        }
    }

    /** Contacts and leads not yet on a buying team at the cut-off: do their scores predict who joins one? */
    public record PersonAuc(int people, int joined, double profileAuc, double engagementAuc, double intentAuc) {
    }

    /**
     * Cumulative gains: of the accounts ranked by a score, the top {@code accountShare} hold these shares of the
     * opportunities that opened (by in-market probability and by profile score). Lift = share ÷ accountShare.
     */
    public record LiftPoint(double accountShare, double inMarketShare, double profileShare) {
    }

    public record StageRow(BuyingStage stage, int accounts, int opened, double accountShare, double opportunityShare,
                           double lift) {
    }

    public String toMarkdown() {
        return toMarkdown(Map.of());
    }

    /** @param charts caption → image file (relative to the report), shown under "Charts" */
    public String toMarkdown(Map<String, String> charts) {
        var md = new StringBuilder();
        md.append("# Scoring backtest\n\n");
        md.append(format("Scored as of the end of %s, learning only from what happened until then; judged on which of "
                + "the %d accounts without an open opportunity opened a relevant opportunity in the next %d days (%d did).%n%n",
                cutoff, accounts, horizonDays, opened));
        md.append("| measure | value |\n|---|---|\n");
        md.append(format("| AUC of the profile score | %.3f |%n", profileAuc));
        md.append(format("| AUC of the in-market prediction | %.3f |%n", inMarketAuc));
        md.append(format("| lift of 6QA accounts (opportunity rate of 6QA ÷ rest) | %.2f (%d of %d 6QA opened, %d of %d others) |%n",
                qualifiedLift.lift(), qualifiedLift.qualifiedOpened(), qualifiedLift.qualified(), qualifiedLift.restOpened(),
                qualifiedLift.rest()));
        md.append(format("| lift of the top in-market decile | %.2f |%n", inMarketTopDecileLift));
        md.append(format("| AUC of the contact / lead profile score (joins a buying team: %d of %d) | %.3f |%n",
                people.joined(), people.people(), people.profileAuc()));
        md.append(format("| AUC of the contact / lead engagement | %.3f |%n", people.engagementAuc()));
        md.append(format("| AUC of the contact / lead intent | %.3f |%n", people.intentAuc()));
        md.append(format("| mean in-market probability (before Platt scaling) / observed rate | %.3f (%.3f) / %.3f |%n",
                mean(calibration, true), meanUncalibrated, mean(calibration, false)));
        md.append(format("| Brier score of the in-market probability | %.4f |%n", brier));
        md.append(format("| profile model | %s |%n", profileLearner.describe()));
        md.append(format("| in-market model | %s |%n", intentLearner.describe()));
        md.append(format("| profile model trained on | %d accounts, %d with opportunities |%n",
                profileTraining.examples(), profileTraining.positives()));
        md.append(format("| intent model trained on | %d account snapshots, %d followed by an opportunity |%n%n",
                intentTraining.examples(), intentTraining.positives()));

        md.append("## Buying stage at the cut-off\n\n| stage | accounts | % of accounts | opened | % of opportunities | lift |\n|---|---|---|---|---|---|\n");
        for (StageRow row : stages) {
            md.append(format("| %s | %d | %.1f | %d | %.1f | %.2f |%n", row.stage(), row.accounts(), 100 * row.accountShare(),
                    row.opened(), 100 * row.opportunityShare(), row.lift()));
        }
        if (!charts.isEmpty()) {
            md.append("\n## Charts\n\n");
            charts.forEach((caption, file) -> md.append(format("![%s](%s)%n%n", caption, file)));
        }
        md.append(format("%n## Calibration of the in-market probability (equal-count bins)%n%n"
                + "Platt-scaled on the latest training snapshot: slope %.3f, intercept %+.3f (%d snapshots, %d positive).%n%n",
                inMarketCalibration.slope(), inMarketCalibration.intercept(), inMarketCalibration.examples(),
                inMarketCalibration.positives()));
        calibrationTable(md, calibration);
        md.append("\n## Calibration of the profile probability against the same outcome\n\n"
                + "The profile model estimates whether an account ever produces an opportunity, not whether it opens one in the "
                + "horizon: its probabilities are a ranking here, higher than the observed rates by design.\n\n");
        calibrationTable(md, profileCalibration);
        md.append("\n## Strongest learned weights (log-odds; for trees the mean absolute SHAP contribution)\n\n"
                + "| model | feature | weight |\n|---|---|---|\n");
        profileWeights.forEach(w -> md.append(format("| profile | %s | %+.3f |%n", w.getKey(), w.getValue())));
        intentWeights.forEach(w -> md.append(format("| intent | %s | %+.3f |%n", w.getKey(), w.getValue())));
        if (!rejections.isEmpty()) {
            md.append("\n## Inputs not used\n\n| reason | count |\n|---|---|\n");
            rejections.forEach((reason, count) -> md.append(format("| %s | %d |%n", reason, count)));
        }
        return md.toString();
    }

    private static void calibrationTable(StringBuilder md, List<Metrics.CalibrationBin> bins) {
        md.append("| accounts | predicted from | to | mean predicted | observed rate |\n|---|---|---|---|---|\n");
        for (var bin : bins) {
            md.append(format("| %d | %.3f | %.3f | %.3f | %.3f |%n", bin.accounts(), bin.from(), bin.to(), bin.meanPredicted(),
                    bin.observedRate()));
        }
    }

    private static double mean(List<Metrics.CalibrationBin> bins, boolean predicted) {
        double sum = 0;
        int n = 0;
        for (var bin : bins) {
            sum += bin.accounts() * (predicted ? bin.meanPredicted() : bin.observedRate());
            n += bin.accounts();
        }
        return n == 0 ? Double.NaN : sum / n;
    }

    private static String format(String pattern, Object... args) {
        return String.format(Locale.ROOT, pattern, args);
    }
}

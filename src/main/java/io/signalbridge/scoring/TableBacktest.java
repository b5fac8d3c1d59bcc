package io.signalbridge.scoring;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * The backtest on a plain table (one row per account or person: feature columns, an outcome column, optionally
 * a date column), e.g. a CSV export of a customer's own history or a public propensity data set. Features: see
 * {@link TableFeatures}, fitted on each training window. Both learners are trained; which one scores is chosen on
 * the training window only ({@link ModelSelection}: its latest {@link #VALIDATION_SHARE}, or a random share without
 * a date), and its probabilities are Platt-scaled on that validation part.
 * <p>
 * With a date column: rolling-origin evaluation. Rows are ordered by date; the first half is the first training
 * window, and the second half is cut into {@link #FOLDS} consecutive test windows; each fold trains on everything
 * before its window and is judged on the window (a window starts on a new date, so one day is never on both sides).
 * Without one: a seeded random {@link #HELD_OUT_SHARE} is held out, one fold.
 */
public final class TableBacktest {

    static final int FOLDS = 5;
    static final double FIRST_TRAINING_SHARE = 0.5;
    static final double HELD_OUT_SHARE = 0.3;
    static final double VALIDATION_SHARE = 0.2;
    private static final long SEED = 42;
    private static final int CALIBRATION_BINS = 10;

    /**
     * One training window and the test window after it.
     *
     * @param chosen the learner the training window chose, whose AUC is {@code chosenAuc}
     */
    public record Fold(int trainRows, int testRows, int testPositives, String from, String to, double logisticAuc,
                       double treesAuc, Learner chosen, double chosenAuc, double validationLogisticAuc,
                       double validationTreesAuc) {
    }

    /**
     * @param auc             mean AUC of the chosen learner over the folds
     * @param brier           Brier score of the chosen learner's calibrated probabilities, all test rows
     * @param calibration     the chosen learner's calibration table, all test rows
     * @param numericColumns  columns read as numbers (blank cells as missing)
     * @param bucketedColumns categorical columns whose rare categories went into "other", with how many (last fold)
     */
    public record Report(int trainRows, int heldOutRows, int heldOutPositives, boolean timeOrdered, double auc,
                         double topDecileLift, List<Metrics.CalibrationBin> calibration, List<Fold> folds,
                         double logisticAuc, double treesAuc, double brier, double logisticBrier, double treesBrier,
                         List<String> ignored, List<String> numericColumns, Map<String, Integer> bucketedColumns) {

        public String toMarkdown() {
            var md = new StringBuilder("# Backtest on a table\n\n| measure | value |\n|---|---|\n");
            md.append(String.format(Locale.ROOT, "| split | %s |%n", timeOrdered
                    ? "rolling origin by date: " + folds.size() + " folds, each trained on every earlier row and judged on the next window"
                    : "random (30 % held out, seed 42)"));
            md.append(String.format(Locale.ROOT, "| rows trained (last fold) / judged (positive) | %d / %d (%d) |%n", trainRows,
                    heldOutRows, heldOutPositives));
            md.append(String.format(Locale.ROOT, "| AUC, chosen learner%s | %.3f |%n", timeOrdered ? " (mean of the folds)" : "", auc));
            md.append(String.format(Locale.ROOT, "| AUC, logistic / gradient-boosted trees | %.3f / %s |%n", logisticAuc, number(treesAuc)));
            md.append(String.format(Locale.ROOT, "| Brier score, chosen (logistic / trees) | %.4f (%.4f / %s) |%n", brier,
                    logisticBrier, Double.isNaN(treesBrier) ? "–" : String.format(Locale.ROOT, "%.4f", treesBrier)));
            md.append(String.format(Locale.ROOT, "| lift of the top decile, chosen | %.2f |%n", topDecileLift));
            md.append(String.format(Locale.ROOT, "| numeric columns (blank = missing) | %s |%n", numericColumns.isEmpty() ? "–" : String.join(", ", numericColumns)));
            if (!ignored.isEmpty()) {
                md.append(String.format(Locale.ROOT, "| ignored columns | %s |%n", String.join(", ", ignored)));
            }
            if (!bucketedColumns.isEmpty()) {
                var bucketed = new StringBuilder();
                bucketedColumns.forEach((column, n) -> bucketed.append(bucketed.isEmpty() ? "" : ", ").append(column)
                        .append(" (").append(n).append(')'));
                md.append(String.format(Locale.ROOT, "| rare categories put into \"other\" (how many) | %s |%n", bucketed));
            }
            md.append("\n| fold | trained | judged (positive) | from | to | AUC logistic | AUC trees | chosen (validation AUC logistic / trees) | AUC chosen |\n");
            md.append("|---|---|---|---|---|---|---|---|---|\n");
            for (int i = 0; i < folds.size(); i++) {
                var fold = folds.get(i);
                md.append(String.format(Locale.ROOT, "| %d | %d | %d (%d) | %s | %s | %.3f | %s | %s (%s / %s) | %.3f |%n", i + 1,
                        fold.trainRows(), fold.testRows(), fold.testPositives(), fold.from(), fold.to(), fold.logisticAuc(),
                        number(fold.treesAuc()), label(fold.chosen()), number(fold.validationLogisticAuc()),
                        number(fold.validationTreesAuc()), fold.chosenAuc()));
            }
            md.append("\nCalibration of the chosen learner (Platt-scaled on its validation rows), every judged row:\n\n");
            md.append("| rows | predicted from | to | mean predicted | observed rate |\n|---|---|---|---|---|\n");
            for (var bin : calibration) {
                md.append(String.format(Locale.ROOT, "| %d | %.3f | %.3f | %.3f | %.3f |%n", bin.accounts(), bin.from(), bin.to(),
                        bin.meanPredicted(), bin.observedRate()));
            }
            return md.toString();
        }

        private static String number(double value) {
            return Double.isNaN(value) ? "–" : String.format(Locale.ROOT, "%.3f", value);
        }

        private static String label(Learner learner) {
            return learner == Learner.LOGISTIC ? "logistic" : "trees";
        }
    }

    public Report run(List<Map<String, String>> rows, String outcome, String dateColumn) {
        return run(rows, outcome, dateColumn, Set.of());
    }

    /**
     * @param rows       column name → cell text, every row with the same columns
     * @param outcome    the outcome column: 1 / true / yes (any case) is positive, anything else negative
     * @param dateColumn the column with each row's date (yyyy-MM-dd…), or null
     * @param ignore     columns that are not features (identifiers, e-mail addresses, …)
     */
    public Report run(List<Map<String, String>> rows, String outcome, String dateColumn, Set<String> ignore) {
        if (rows.isEmpty() || !rows.get(0).containsKey(outcome)) {
            throw new IllegalArgumentException("The table has no rows or no column '" + outcome + "'");
        }
        var ordered = new ArrayList<>(rows);
        boolean timeOrdered = dateColumn != null && rows.get(0).containsKey(dateColumn);
        if (timeOrdered) {
            ordered.sort(Comparator.comparing(row -> date(row.get(dateColumn))));
        } else {
            var random = new SplittableRandom(SEED);
            for (int i = ordered.size() - 1; i > 0; i--) {
                int j = random.nextInt(i + 1);
                var swap = ordered.get(i);
                ordered.set(i, ordered.get(j));
                ordered.set(j, swap);
            }
        }
        var columns = rows.get(0).keySet().stream()
                .filter(c -> !c.equals(outcome) && !c.equals(dateColumn) && !ignore.contains(c)).toList();
        var numeric = TableFeatures.numericColumns(ordered, columns);
        var labels = ordered.stream().map(row -> positive(row.get(outcome))).toList();

        var origins = new ArrayList<Integer>();
        if (timeOrdered) {
            for (int f = 0; f <= FOLDS; f++) {
                int boundary = f == FOLDS ? ordered.size()
                        : nextDate(ordered, dateColumn, (int) Math.round(ordered.size() * (FIRST_TRAINING_SHARE
                        + (1 - FIRST_TRAINING_SHARE) * f / FOLDS)));
                if (origins.isEmpty() || boundary > origins.get(origins.size() - 1)) {
                    origins.add(boundary);
                }
            }
        } else {
            origins.add((int) Math.round(ordered.size() * (1 - HELD_OUT_SHARE)));
            origins.add(ordered.size());
        }

        var folds = new ArrayList<Fold>();
        var chosenPredicted = new ArrayList<Double>();
        var logisticPredicted = new ArrayList<Double>();
        var treesPredicted = new ArrayList<Double>();
        var judged = new ArrayList<Boolean>();
        TableFeatures features = null;
        for (int f = 0; f + 1 < origins.size(); f++) {
            int train = origins.get(f);
            int end = origins.get(f + 1);
            features = TableFeatures.fit(ordered.subList(0, train), columns, numeric);
            var logisticRows = new ArrayList<Map<String, Double>>(end);
            var treeRows = new ArrayList<Map<String, Double>>(end);
            for (var row : ordered.subList(0, end)) {
                logisticRows.add(features.logistic(row));
                treeRows.add(features.trees(row));
            }
            int validationFrom = (int) Math.round(train * (1 - VALIDATION_SHARE));
            var selected = ModelSelection.select("table", logisticRows.subList(0, train), treeRows.subList(0, train),
                    labels.subList(0, train), IntStream.range(0, validationFrom).boxed().toList(),
                    IntStream.range(validationFrom, train).boxed().toList(), true);
            boolean[] observed = new boolean[end - train];
            for (int i = 0; i < observed.length; i++) {
                observed[i] = labels.get(train + i);
                judged.add(observed[i]);
            }
            double[] logistic = predict(selected, Learner.LOGISTIC, logisticRows.subList(train, end));
            double[] trees = predict(selected, Learner.GRADIENT_BOOSTED_TREES, treeRows.subList(train, end));
            double[] chosen = selected.learner() == Learner.LOGISTIC ? logistic : trees;
            for (int i = 0; i < observed.length; i++) {
                logisticPredicted.add(logistic[i]);
                treesPredicted.add(trees == null ? Double.NaN : trees[i]);
                chosenPredicted.add(chosen[i]);
            }
            folds.add(new Fold(train, end - train, count(observed),
                    timeOrdered ? text(ordered.get(train).get(dateColumn)) : "–",
                    timeOrdered ? text(ordered.get(end - 1).get(dateColumn)) : "–",
                    Metrics.auc(logistic, observed), trees == null ? Double.NaN : Metrics.auc(trees, observed),
                    selected.learner(), Metrics.auc(chosen, observed), selected.logisticAuc(), selected.treesAuc()));
        }
        boolean[] outcomes = new boolean[judged.size()];
        for (int i = 0; i < outcomes.length; i++) {
            outcomes[i] = judged.get(i);
        }
        double[] chosen = chosenPredicted.stream().mapToDouble(Double::doubleValue).toArray();
        double[] trees = treesPredicted.stream().mapToDouble(Double::doubleValue).toArray();
        var last = folds.get(folds.size() - 1);
        return new Report(last.trainRows(), outcomes.length, count(outcomes), timeOrdered,
                folds.stream().mapToDouble(Fold::chosenAuc).average().orElse(Double.NaN),
                Metrics.topDecileLift(chosen, outcomes), Metrics.calibration(chosen, outcomes, CALIBRATION_BINS), List.copyOf(folds),
                folds.stream().mapToDouble(Fold::logisticAuc).average().orElse(Double.NaN),
                folds.stream().mapToDouble(Fold::treesAuc).average().orElse(Double.NaN),
                Metrics.brier(chosen, outcomes),
                Metrics.brier(logisticPredicted.stream().mapToDouble(Double::doubleValue).toArray(), outcomes),
                Double.isNaN(trees.length == 0 ? Double.NaN : trees[0]) ? Double.NaN : Metrics.brier(trees, outcomes),
                ignore.stream().filter(rows.get(0)::containsKey).sorted().toList(), numeric, features.bucketed());
    }

    /** The learner's calibrated probabilities, or null when it was not trained. */
    private static double[] predict(ModelSelection.Selected selected, Learner learner, List<Map<String, Double>> rows) {
        Classifier model = selected.of(learner);
        if (model == null) {
            return null;
        }
        var platt = selected.calibrationOf(learner);
        double[] probabilities = model.probabilities(rows);
        for (int i = 0; i < probabilities.length; i++) {
            probabilities[i] = platt.apply(probabilities[i]);
        }
        return probabilities;
    }

    /** The first row from {@code index} on whose date differs from the row before it. */
    private static int nextDate(List<Map<String, String>> ordered, String dateColumn, int index) {
        int i = Math.max(1, index);
        while (i < ordered.size() && date(ordered.get(i).get(dateColumn)).equals(date(ordered.get(i - 1).get(dateColumn)))) {
            i++;
        }
        return i;
    }

    private static int count(boolean[] values) {
        int n = 0;
        for (boolean value : values) {
            n += value ? 1 : 0;
        }
        return n;
    }

    private static String text(String cell) {
        return cell == null ? "" : cell.trim();
    }

    private static boolean positive(String cell) {
        String text = cell == null ? "" : cell.trim().toLowerCase(Locale.ROOT);
        return text.equals("1") || text.equals("true") || text.equals("yes") || text.equals("1.0");
    }

    private static LocalDate date(String cell) {
        try {
            return LocalDate.parse(cell.trim().substring(0, 10));
        } catch (RuntimeException unreadable) {
            // rows without a readable date go first: into training, never into the judged period
            return LocalDate.MIN;
        }
    }
}

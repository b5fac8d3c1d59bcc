package io.signalbridge.scoring;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The backtest on a plain table (one row per account or person: feature columns, an outcome column, optionally
 * a date column), e.g. a CSV export of a customer's own history or a public propensity data set. Numeric
 * columns are standardised (mean and deviation of the training rows), others one-hot. With a date column the
 * latest rows are held out (time-ordered split), otherwise a seeded random share.
 */
public final class TableBacktest {

    private static final double HELD_OUT_SHARE = 0.3;
    private static final long SEED = 42;
    private static final String NUMERIC = "number: ";

    public record Report(int trainRows, int heldOutRows, int heldOutPositives, boolean timeOrdered, double auc,
                         double topDecileLift, List<Metrics.CalibrationBin> calibration) {

        public String toMarkdown() {
            var md = new StringBuilder("# Backtest on a table\n\n| measure | value |\n|---|---|\n");
            md.append(String.format(Locale.ROOT, "| split | %s |%n", timeOrdered ? "time-ordered (latest 30 % held out)" : "random (30 % held out, seed 42)"));
            md.append(String.format(Locale.ROOT, "| rows trained / held out (positive) | %d / %d (%d) |%n", trainRows, heldOutRows, heldOutPositives));
            md.append(String.format(Locale.ROOT, "| AUC | %.3f |%n| lift of the top decile | %.2f |%n", auc, topDecileLift));
            md.append("\n| rows | predicted from | to | mean predicted | observed rate |\n|---|---|---|---|---|\n");
            for (var bin : calibration) {
                md.append(String.format(Locale.ROOT, "| %d | %.3f | %.3f | %.3f | %.3f |%n", bin.accounts(), bin.from(), bin.to(),
                        bin.meanPredicted(), bin.observedRate()));
            }
            return md.toString();
        }
    }

    /**
     * @param rows       column name → cell text, every row with the same columns
     * @param outcome    the outcome column: 1 / true / yes (any case) is positive, anything else negative
     * @param dateColumn the column with each row's date (yyyy-MM-dd…), or null
     */
    public Report run(List<Map<String, String>> rows, String outcome, String dateColumn) {
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
        int train = (int) Math.round(ordered.size() * (1 - HELD_OUT_SHARE));
        var features = new ArrayList<Map<String, Double>>(ordered.size());
        var labels = new ArrayList<Boolean>(ordered.size());
        for (var row : ordered) {
            features.add(features(row, outcome, dateColumn));
            labels.add(positive(row.get(outcome)));
        }
        standardise(features, train);
        var model = LogisticModel.train("table", features.subList(0, train), labels.subList(0, train));
        int heldOut = ordered.size() - train;
        double[] predicted = new double[heldOut];
        boolean[] observed = new boolean[heldOut];
        for (int i = 0; i < heldOut; i++) {
            predicted[i] = model.probability(features.get(train + i));
            observed[i] = labels.get(train + i);
        }
        int positives = 0;
        for (boolean o : observed) {
            positives += o ? 1 : 0;
        }
        return new Report(train, heldOut, positives, timeOrdered, Metrics.auc(predicted, observed),
                Metrics.topDecileLift(predicted, observed), Metrics.calibration(predicted, observed, 10));
    }

    private static Map<String, Double> features(Map<String, String> row, String outcome, String dateColumn) {
        var features = new LinkedHashMap<String, Double>();
        features.put(LogisticModel.BIAS, 1.0);
        row.forEach((column, cell) -> {
            if (column.equals(outcome) || column.equals(dateColumn)) {
                return;
            }
            String text = cell == null ? "" : cell.trim();
            Double value = number(text);
            if (value != null) {
                features.put(NUMERIC + column, value);
            } else {
                features.put(column + "=" + (text.isEmpty() ? "unknown" : text.toLowerCase(Locale.ROOT)), 1.0);
            }
        });
        return features;
    }

    /** Numeric columns to (value − mean) / deviation, both measured on the training rows only. */
    private static void standardise(List<Map<String, Double>> features, int train) {
        var sums = new LinkedHashMap<String, double[]>();
        for (var row : features.subList(0, train)) {
            row.forEach((name, value) -> {
                if (name.startsWith(NUMERIC)) {
                    double[] s = sums.computeIfAbsent(name, n -> new double[3]);
                    s[0]++;
                    s[1] += value;
                    s[2] += value * value;
                }
            });
        }
        for (var row : features) {
            for (var entry : row.entrySet()) {
                double[] s = sums.get(entry.getKey());
                if (s != null) {
                    double mean = s[1] / s[0];
                    double deviation = Math.sqrt(Math.max(s[2] / s[0] - mean * mean, 0));
                    entry.setValue(deviation == 0 ? 0 : (entry.getValue() - mean) / deviation);
                }
            }
        }
    }

    private static Double number(String text) {
        try {
            double value = Double.parseDouble(text);
            return Double.isFinite(value) ? value : null;
        } catch (NumberFormatException notNumeric) {
            return null;
        }
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

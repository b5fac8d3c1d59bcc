package io.signalbridge.scoring;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The features of a table's rows, fitted on the training rows only so nothing of the judged period leaks in:
 * <ul>
 * <li>a column is numeric when every non-blank cell of it is a number; a blank cell stays numeric, as a missing
 * value with a {@code missing} flag (not a category per value);</li>
 * <li>for the logistic model a numeric value becomes its quantile among the training rows (0 … 1, a missing one
 * 0.5): a value beyond the training range is clipped to 0 or 1, so a rate or index that drifts upward later cannot
 * push the linear score past anything seen in training; the trees take the raw value (missing as missing), since
 * splits are already indifferent to scale;</li>
 * <li>other columns are one-hot; a category seen in fewer than {@link #MIN_CATEGORY_ROWS} training rows, or beyond
 * the {@link #MAX_CATEGORIES} most frequent, goes into {@code column=other} (identifiers and free text collapse
 * there instead of overfitting); blank is {@code column=unknown}.</li>
 * </ul>
 */
final class TableFeatures {

    static final int MIN_CATEGORY_ROWS = 10;
    static final int MAX_CATEGORIES = 50;
    private static final String NUMERIC = "number: ";
    private static final String MISSING = " missing";

    private final List<String> numeric;
    private final Map<String, double[]> sortedTrainingValues;
    private final Map<String, Set<String>> categories;
    private final Map<String, Integer> bucketed;

    private TableFeatures(List<String> numeric, Map<String, double[]> sortedTrainingValues, Map<String, Set<String>> categories,
                          Map<String, Integer> bucketed) {
        this.numeric = numeric;
        this.sortedTrainingValues = sortedTrainingValues;
        this.categories = categories;
        this.bucketed = bucketed;
    }

    /** Which columns are numeric, judged on every row (types only, no outcome): a column is numeric or it is not. */
    static List<String> numericColumns(List<Map<String, String>> rows, List<String> columns) {
        var numeric = new ArrayList<String>();
        for (String column : columns) {
            boolean any = false;
            boolean all = true;
            for (var row : rows) {
                String text = text(row.get(column));
                if (text.isEmpty()) {
                    continue;
                }
                if (number(text) == null) {
                    all = false;
                    break;
                }
                any = true;
            }
            if (any && all) {
                numeric.add(column);
            }
        }
        return numeric;
    }

    static TableFeatures fit(List<Map<String, String>> training, List<String> columns, List<String> numeric) {
        var sorted = new LinkedHashMap<String, double[]>();
        for (String column : numeric) {
            sorted.put(column, training.stream().map(row -> number(text(row.get(column)))).filter(v -> v != null)
                    .mapToDouble(Double::doubleValue).sorted().toArray());
        }
        var categories = new LinkedHashMap<String, Set<String>>();
        var bucketed = new LinkedHashMap<String, Integer>();
        for (String column : columns) {
            if (numeric.contains(column)) {
                continue;
            }
            var counts = new HashMap<String, Integer>();
            training.forEach(row -> counts.merge(category(row.get(column)), 1, Integer::sum));
            var kept = counts.entrySet().stream().filter(e -> e.getValue() >= MIN_CATEGORY_ROWS)
                    .sorted(Map.Entry.<String, Integer>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                    .limit(MAX_CATEGORIES).map(Map.Entry::getKey).toList();
            categories.put(column, Set.copyOf(kept));
            if (kept.size() < counts.size()) {
                bucketed.put(column, counts.size() - kept.size());
            }
        }
        return new TableFeatures(List.copyOf(numeric), sorted, categories, bucketed);
    }

    /** Categorical columns with categories put into {@code other}, and how many categories went there. */
    Map<String, Integer> bucketed() {
        return bucketed;
    }

    Map<String, Double> logistic(Map<String, String> row) {
        var features = new LinkedHashMap<String, Double>();
        features.put(LogisticModel.BIAS, 1.0);
        for (String column : numeric) {
            Double value = number(text(row.get(column)));
            features.put(NUMERIC + column, value == null ? 0.5 : quantile(sortedTrainingValues.get(column), value));
            if (value == null) {
                features.put(NUMERIC + column + MISSING, 1.0);
            }
        }
        categorical(row, features);
        return features;
    }

    Map<String, Double> trees(Map<String, String> row) {
        var features = new LinkedHashMap<String, Double>();
        for (String column : numeric) {
            Double value = number(text(row.get(column)));
            features.put(NUMERIC + column, value == null ? Double.NaN : value);
            features.put(NUMERIC + column + MISSING, value == null ? 1.0 : 0.0);
        }
        categorical(row, features);
        return features;
    }

    private void categorical(Map<String, String> row, Map<String, Double> features) {
        categories.forEach((column, kept) -> {
            String category = category(row.get(column));
            features.put(column + "=" + (kept.contains(category) ? category : "other"), 1.0);
        });
    }

    /** The mid-rank share of training values below {@code value}: 0 below the least, 1 above the greatest. */
    static double quantile(double[] sorted, double value) {
        if (sorted.length == 0) {
            return 0.5;
        }
        int below = lowerBound(sorted, value);
        int upTo = lowerBound(sorted, Math.nextUp(value));
        return (below + upTo) / 2.0 / sorted.length;
    }

    private static int lowerBound(double[] sorted, double value) {
        int i = Arrays.binarySearch(sorted, value);
        if (i < 0) {
            return -i - 1;
        }
        while (i > 0 && sorted[i - 1] == value) {
            i--;
        }
        return i;
    }

    private static String category(String cell) {
        String text = text(cell);
        return text.isEmpty() ? "unknown" : text.toLowerCase(Locale.ROOT);
    }

    private static String text(String cell) {
        return cell == null ? "" : cell.trim();
    }

    static Double number(String text) {
        try {
            double value = Double.parseDouble(text);
            return Double.isFinite(value) ? value : null;
        } catch (NumberFormatException notNumeric) {
            return null;
        }
    }
}

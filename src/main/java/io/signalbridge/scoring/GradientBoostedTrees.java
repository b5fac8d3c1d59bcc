package io.signalbridge.scoring;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoost;
import ml.dmlc.xgboost4j.java.XGBoostError;

/**
 * Gradient-boosted trees (XGBoost4J, binary:logistic) over the same named features as {@link LogisticModel}: a
 * feature absent from a row is 0 (one-hot), NaN is missing (the trees learn which way missing goes). Shallow trees
 * with shrinkage and row sampling, one thread and a fixed seed: deterministic. The number of rounds is chosen by
 * the AUC on a validation set of the training window ({@link #validate}); explanations are XGBoost's exact
 * TreeSHAP contributions (log-odds), of the features the row has. A model is stored as XGBoost's own UBJSON bytes,
 * which carry the feature names.
 */
final class GradientBoostedTrees implements Classifier {

    static final int MAX_ROUNDS = 300;
    static final int ROUND_STEP = 10;
    private static final int DEFAULT_ROUNDS = 100;
    private static final int PREDICTION_BATCH = 8_192;

    private final String name;
    private final byte[] model;
    private final String[] featureNames;
    private final Map<String, Integer> index;
    private final Map<String, Double> importance;
    private Booster booster;

    private GradientBoostedTrees(String name, byte[] model, Booster booster, Map<String, Double> importance) {
        this.name = name;
        this.model = model;
        this.booster = booster;
        try {
            this.featureNames = booster.getFeatureNames();
        } catch (XGBoostError e) {
            throw new IllegalStateException(e);
        }
        this.index = new HashMap<>();
        for (int i = 0; i < featureNames.length; i++) {
            index.put(featureNames[i], i);
        }
        this.importance = Map.copyOf(importance);
    }

    /** Whether XGBoost's native library loads here (glibc, libgomp); without it only the logistic model is learned. */
    static boolean available() {
        return Native.AVAILABLE;
    }

    private static final class Native {
        static final boolean AVAILABLE = load();

        private static boolean load() {
            try {
                new DMatrix(new float[] {0}, 1, 1, Float.NaN).dispose();
                return true;
            } catch (LinkageError | XGBoostError | RuntimeException unavailable) {
                System.getLogger(GradientBoostedTrees.class.getName()).log(System.Logger.Level.WARNING,
                        "XGBoost's native library does not load: only logistic models are learned", unavailable);
                return false;
            }
        }
    }

    /** A model as stored: XGBoost's bytes and the feature importances measured at training. */
    static GradientBoostedTrees restore(String name, byte[] model, Map<String, Double> importance) {
        try {
            return new GradientBoostedTrees(name, model, XGBoost.loadModel(model), importance);
        } catch (XGBoostError | IOException e) {
            throw new IllegalStateException("Stored tree model '" + name + "' does not load", e);
        }
    }

    /**
     * The number of rounds that serves {@code validation} best: {@link #MAX_ROUNDS} are trained on {@code train}, and
     * the validation AUC is measured after every {@link #ROUND_STEP} of them (the first of equals wins: fewer trees).
     * Measured here rather than with XGBoost's watch list, which prints every round to standard output.
     */
    static int validate(List<Map<String, Double>> train, List<Boolean> trainLabels, List<Map<String, Double>> validation,
                        List<Boolean> validationLabels) {
        String[] names = featureNames(train);
        boolean[] observed = new boolean[validationLabels.size()];
        for (int i = 0; i < observed.length; i++) {
            observed[i] = validationLabels.get(i);
        }
        try {
            DMatrix trainMatrix = matrix(train, names, trainLabels);
            DMatrix validationMatrix = matrix(validation, names, null);
            try {
                Booster booster = XGBoost.train(trainMatrix, parameters(), MAX_ROUNDS, Map.of(), null, null);
                int best = ROUND_STEP;
                double bestAuc = Double.NEGATIVE_INFINITY;
                for (int rounds = ROUND_STEP; rounds <= MAX_ROUNDS; rounds += ROUND_STEP) {
                    float[][] predicted = booster.predict(validationMatrix, false, rounds);
                    double[] probabilities = new double[predicted.length];
                    for (int i = 0; i < probabilities.length; i++) {
                        probabilities[i] = predicted[i][0];
                    }
                    double auc = Metrics.auc(probabilities, observed);
                    if (auc > bestAuc) {
                        bestAuc = auc;
                        best = rounds;
                    }
                }
                booster.dispose();
                return best;
            } finally {
                trainMatrix.dispose();
                validationMatrix.dispose();
            }
        } catch (XGBoostError e) {
            throw new IllegalStateException(e);
        }
    }

    static GradientBoostedTrees train(String name, List<Map<String, Double>> features, List<Boolean> labels) {
        return train(name, features, labels, DEFAULT_ROUNDS);
    }

    static GradientBoostedTrees train(String name, List<Map<String, Double>> features, List<Boolean> labels, int rounds) {
        String[] names = featureNames(features);
        try {
            DMatrix matrix = matrix(features, names, labels);
            try {
                Booster booster = XGBoost.train(matrix, parameters(), Math.max(1, rounds), Map.of(), null, null);
                booster.setFeatureNames(names);
                var trees = new GradientBoostedTrees(name, booster.toByteArray("ubj"), booster, Map.of());
                return new GradientBoostedTrees(name, trees.model, booster, trees.meanAbsoluteContributions(matrix));
            } finally {
                matrix.dispose();
            }
        } catch (XGBoostError e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, Object> parameters() {
        var parameters = new HashMap<String, Object>();
        parameters.put("objective", "binary:logistic");
        parameters.put("tree_method", "hist");
        parameters.put("max_depth", 3);
        parameters.put("eta", 0.05);
        parameters.put("min_child_weight", 5);
        parameters.put("subsample", 0.8);
        parameters.put("colsample_bytree", 0.8);
        parameters.put("lambda", 5);
        // one thread and a seed: the same data gives the same trees (and the machine's other cores stay free)
        parameters.put("nthread", 1);
        parameters.put("seed", 42);
        parameters.put("verbosity", 0);
        return parameters;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Learner learner() {
        return Learner.GRADIENT_BOOSTED_TREES;
    }

    /** XGBoost's UBJSON bytes of the model. */
    byte[] model() {
        return model.clone();
    }

    @Override
    public double probability(Map<String, Double> features) {
        return probabilities(List.of(features))[0];
    }

    @Override
    public double[] probabilities(List<Map<String, Double>> rows) {
        double[] probabilities = new double[rows.size()];
        for (int from = 0; from < rows.size(); from += PREDICTION_BATCH) {
            var batch = rows.subList(from, Math.min(rows.size(), from + PREDICTION_BATCH));
            float[][] predicted = predict(batch, false);
            for (int i = 0; i < predicted.length; i++) {
                probabilities[from + i] = predicted[i][0];
            }
        }
        return probabilities;
    }

    @Override
    public List<Contribution> topContributions(Map<String, Double> features, int limit) {
        return topContributions(List.of(features), limit).get(0);
    }

    @Override
    public List<List<Contribution>> topContributions(List<Map<String, Double>> rows, int limit) {
        var contributions = new ArrayList<List<Contribution>>(rows.size());
        for (int from = 0; from < rows.size(); from += PREDICTION_BATCH) {
            var batch = rows.subList(from, Math.min(rows.size(), from + PREDICTION_BATCH));
            float[][] shap = predict(batch, true);
            for (int r = 0; r < batch.size(); r++) {
                var row = new ArrayList<Contribution>();
                for (var feature : batch.get(r).entrySet()) {
                    Integer column = index.get(feature.getKey());
                    // an absent one-hot feature (0) is not something the row has, whatever its contribution
                    if (column == null || feature.getValue() == 0 || LogisticModel.isBias(feature.getKey())) {
                        continue;
                    }
                    double logOdds = shap[r][column];
                    if (logOdds > 0) {
                        row.add(new Contribution(name, feature.getKey(), feature.getValue(), logOdds));
                    }
                }
                row.sort(Comparator.comparingDouble(Contribution::logOdds).reversed());
                contributions.add(List.copyOf(row.subList(0, Math.min(limit, row.size()))));
            }
        }
        return contributions;
    }

    @Override
    public Map<String, Double> weights() {
        return importance;
    }

    private synchronized float[][] predict(List<Map<String, Double>> rows, boolean contributions) {
        try {
            if (booster == null) {
                booster = XGBoost.loadModel(model);
            }
            DMatrix matrix = matrix(rows, featureNames, null);
            try {
                return contributions ? booster.predictContrib(matrix, 0) : booster.predict(matrix);
            } finally {
                matrix.dispose();
            }
        } catch (XGBoostError | IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private Map<String, Double> meanAbsoluteContributions(DMatrix matrix) throws XGBoostError {
        float[][] shap = booster.predictContrib(matrix, 0);
        double[] sums = new double[featureNames.length];
        for (float[] row : shap) {
            for (int j = 0; j < featureNames.length; j++) {
                sums[j] += Math.abs(row[j]);
            }
        }
        var importance = new HashMap<String, Double>();
        for (int j = 0; j < featureNames.length; j++) {
            if (sums[j] > 0) {
                importance.put(featureNames[j], sums[j] / Math.max(1, shap.length));
            }
        }
        return importance;
    }

    /** Every feature any row has, the bias left out (trees have their own). */
    private static String[] featureNames(List<Map<String, Double>> rows) {
        var names = new TreeSet<String>();
        rows.forEach(row -> row.keySet().forEach(name -> {
            if (!LogisticModel.isBias(name)) {
                names.add(name);
            }
        }));
        if (names.isEmpty()) {
            names.add("none");
        }
        return names.toArray(String[]::new);
    }

    private static DMatrix matrix(List<Map<String, Double>> rows, String[] names, List<Boolean> labels) throws XGBoostError {
        var columns = new HashMap<String, Integer>();
        for (int j = 0; j < names.length; j++) {
            columns.put(names[j], j);
        }
        float[] data = new float[Math.max(1, rows.size()) * names.length];
        for (int i = 0; i < rows.size(); i++) {
            for (var feature : rows.get(i).entrySet()) {
                Integer column = columns.get(feature.getKey());
                if (column != null) {
                    data[i * names.length + column] = feature.getValue().floatValue();
                }
            }
        }
        DMatrix matrix = new DMatrix(data, Math.max(1, rows.size()), names.length, Float.NaN);
        if (labels != null) {
            float[] label = new float[labels.size()];
            for (int i = 0; i < label.length; i++) {
                label[i] = labels.get(i) ? 1 : 0;
            }
            matrix.setLabel(label);
        }
        return matrix;
    }
}

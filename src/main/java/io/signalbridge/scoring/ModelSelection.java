package io.signalbridge.scoring;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Chooses a model's learner on its training window only: both learners are fitted on the earlier (or a random)
 * part of it and judged by AUC on the rest (the validation rows); the winner is refitted on the whole window, with
 * the trees' round count from early stopping on the validation rows. Platt scaling is fitted on the winner's
 * validation predictions. The trees must beat the logistic model to be chosen, and need at least
 * {@link #MIN_VALIDATION_POSITIVES} positives to show it; otherwise the logistic model stays.
 */
final class ModelSelection {

    static final int MIN_VALIDATION_POSITIVES = 10;

    private ModelSelection() {
    }

    /**
     * @param model            the chosen learner's model, fitted on the whole window
     * @param other            the other learner's model on the whole window, when asked for (else null)
     * @param logisticAuc      validation AUC of the logistic model (NaN when not measured)
     * @param treesAuc         validation AUC of the trees (NaN when not measured or not available)
     * @param calibration      Platt scaling fitted on the chosen learner's validation predictions
     * @param otherCalibration the same for the other learner
     */
    record Selected(Classifier model, Classifier other, double logisticAuc, double treesAuc, int rounds,
                    TrainedModels.Platt calibration, TrainedModels.Platt otherCalibration) {

        Learner learner() {
            return model.learner();
        }

        Classifier of(Learner learner) {
            return model.learner() == learner ? model : other != null && other.learner() == learner ? other : null;
        }

        TrainedModels.Platt calibrationOf(Learner learner) {
            return model.learner() == learner ? calibration : otherCalibration;
        }
    }

    /**
     * @param logisticFeatures the rows as the logistic model sees them
     * @param treeFeatures     the same rows as the trees see them (may be the same list)
     * @param fit              the rows both learners are fitted on for validation
     * @param validation       the rows they are judged on: later than {@code fit} wherever time matters
     * @param fitBoth          also fit the learner not chosen on the whole window (to report both)
     */
    static Selected select(String name, List<Map<String, Double>> logisticFeatures, List<Map<String, Double>> treeFeatures,
                           List<Boolean> labels, List<Integer> fit, List<Integer> validation, boolean fitBoth) {
        boolean[] observed = new boolean[validation.size()];
        int positives = 0;
        for (int i = 0; i < observed.length; i++) {
            observed[i] = labels.get(validation.get(i));
            positives += observed[i] ? 1 : 0;
        }
        long fitPositives = fit.stream().filter(labels::get).count();
        long allPositives = labels.stream().filter(Boolean::booleanValue).count();
        boolean comparable = positives >= MIN_VALIDATION_POSITIVES && positives < observed.length && fitPositives > 0
                && fitPositives < fit.size() && GradientBoostedTrees.available();
        if (!comparable) {
            Classifier other = fitBoth && GradientBoostedTrees.available() && allPositives > 0 && allPositives < labels.size()
                    ? GradientBoostedTrees.train(name, treeFeatures, labels) : null;
            return new Selected(LogisticModel.train(name, logisticFeatures, labels), other, Double.NaN, Double.NaN, 0,
                    TrainedModels.Platt.IDENTITY, TrainedModels.Platt.IDENTITY);
        }
        var fitLabels = pick(labels, fit);
        var validationLabels = pick(labels, validation);
        var logistic = LogisticModel.train(name, pick(logisticFeatures, fit), fitLabels);
        double[] logisticPredicted = logistic.probabilities(pick(logisticFeatures, validation));
        double logisticAuc = Metrics.auc(logisticPredicted, observed);
        var treeFit = pick(treeFeatures, fit);
        var treeValidation = pick(treeFeatures, validation);
        int rounds = GradientBoostedTrees.validate(treeFit, fitLabels, treeValidation, validationLabels);
        var trees = GradientBoostedTrees.train(name, treeFit, fitLabels, rounds);
        double[] treesPredicted = trees.probabilities(treeValidation);
        double treesAuc = Metrics.auc(treesPredicted, observed);
        var logisticPlatt = positiveSlope(Calibration.platt(logisticPredicted, observed));
        var treesPlatt = positiveSlope(Calibration.platt(treesPredicted, observed));
        boolean treesWin = treesAuc > logisticAuc;
        Classifier chosen = treesWin ? GradientBoostedTrees.train(name, treeFeatures, labels, rounds)
                : LogisticModel.train(name, logisticFeatures, labels);
        Classifier other = !fitBoth ? null : treesWin ? LogisticModel.train(name, logisticFeatures, labels)
                : GradientBoostedTrees.train(name, treeFeatures, labels, rounds);
        return new Selected(chosen, other, logisticAuc, treesAuc, rounds, treesWin ? treesPlatt : logisticPlatt,
                treesWin ? logisticPlatt : treesPlatt);
    }

    /** A calibration that would turn the ranking upside down is no calibration: keep the probabilities then. */
    private static TrainedModels.Platt positiveSlope(TrainedModels.Platt platt) {
        return platt.slope() > 0 ? platt : TrainedModels.Platt.IDENTITY;
    }

    static <T> List<T> pick(List<T> values, List<Integer> rows) {
        var picked = new ArrayList<T>(rows.size());
        for (int row : rows) {
            picked.add(values.get(row));
        }
        return picked;
    }
}

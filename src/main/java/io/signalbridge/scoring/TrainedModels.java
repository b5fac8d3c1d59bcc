package io.signalbridge.scoring;

import java.time.Instant;
import java.util.Map;

/**
 * Everything a scoring run learned and that a later run needs to score in the same terms without retraining:
 * the three models with the reference populations of their percentile scales, the in-market calibration, the
 * reach scale (today's accounts at training time) and the earlier buyers' engagement (the grade's reference).
 * Incremental runs score with the stored models, so a score means the same whether a full or an incremental run
 * computed it.
 */
public record TrainedModels(Instant trainedAt, Model profile, Model intent, Platt intentCalibration, Model personProfile,
                            double[] reachScale, double[] buyerEngagement) {

    /**
     * One model as stored: a logistic regression, or gradient-boosted trees when {@code trees} is set.
     *
     * @param weights  log-odds weight per feature (empty for a constant model); for trees, each feature's mean
     *                 absolute contribution on the training rows (shown, not used to predict)
     * @param constant the probability of a model trained on a single class, NaN for a learned one
     * @param scale    the model outputs of its training population: the percentile scale's reference
     * @param trees    XGBoost's bytes of the trees (UBJSON), null for a logistic model (and in models stored before)
     * @param validation how the two learners did on the validation rows of the training window, which chose the learner
     */
    public record Model(String name, Map<String, Double> weights, double constant, double[] scale, int examples,
                        int positives, byte[] trees, Validation validation) {

        public Model {
            weights = Map.copyOf(weights);
            validation = validation == null ? Validation.NONE : validation;
        }

        public Model(String name, Map<String, Double> weights, double constant, double[] scale, int examples, int positives) {
            this(name, weights, constant, scale, examples, positives, null, Validation.NONE);
        }

        public Learner learner() {
            return trees == null ? Learner.LOGISTIC : Learner.GRADIENT_BOOSTED_TREES;
        }

        Classifier learned() {
            return trees == null ? LogisticModel.restore(name, weights, constant) : GradientBoostedTrees.restore(name, trees, weights);
        }

        PercentileScale percentiles() {
            return new PercentileScale(scale);
        }

        ScoringResult.TrainingSize size() {
            return new ScoringResult.TrainingSize(examples, positives);
        }
    }

    /** Validation AUC of each learner (NaN: not compared) and the trees' round count, as the training window measured. */
    public record Validation(double logisticAuc, double treesAuc, int rounds) {

        static final Validation NONE = new Validation(Double.NaN, Double.NaN, 0);
    }

    /**
     * Platt scaling of the in-market probability: calibrated = 1 / (1 + exp(−(slope · logit(p) + intercept))).
     * Slope 1, intercept 0 leaves the probability as it is.
     */
    public record Platt(double slope, double intercept, int examples, int positives) {

        static final Platt IDENTITY = new Platt(1, 0, 0, 0);

        double apply(double probability) {
            if (slope == 1 && intercept == 0) {
                return probability;
            }
            double p = Math.min(Math.max(probability, 1e-12), 1 - 1e-12);
            double logit = Math.log(p / (1 - p));
            return 1 / (1 + Math.exp(-(slope * logit + intercept)));
        }

        /** The model's own probability behind a calibrated one. */
        double invert(double calibrated) {
            if (slope == 1 && intercept == 0) {
                return calibrated;
            }
            double p = Math.min(Math.max(calibrated, 1e-12), 1 - 1e-12);
            return 1 / (1 + Math.exp(-((Math.log(p / (1 - p)) - intercept) / slope)));
        }
    }
}

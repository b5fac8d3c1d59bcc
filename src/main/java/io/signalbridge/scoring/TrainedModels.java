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
     * One logistic model as stored.
     *
     * @param weights  log-odds weight per feature (empty for a constant model)
     * @param constant the probability of a model trained on a single class, NaN for a learned one
     * @param scale    the model outputs of its training population: the percentile scale's reference
     */
    public record Model(String name, Map<String, Double> weights, double constant, double[] scale, int examples,
                        int positives) {

        public Model {
            weights = Map.copyOf(weights);
        }

        LogisticModel logistic() {
            return LogisticModel.restore(name, weights, constant);
        }

        PercentileScale percentiles() {
            return new PercentileScale(scale);
        }

        ScoringResult.TrainingSize size() {
            return new ScoringResult.TrainingSize(examples, positives);
        }
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

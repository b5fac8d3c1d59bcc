package io.signalbridge.scoring;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A run's account scores, the learned weights of both models (log-odds per feature), what each model was
 * trained on, and the inputs that could not be used, by reason.
 */
public record ScoringResult(Instant asOf, List<AccountScore> accounts, Map<String, Double> profileWeights,
                            Map<String, Double> intentWeights, TrainingSize profileTraining, TrainingSize intentTraining,
                            Map<Rejection, Long> rejections) {

    public record TrainingSize(int examples, int positives) {
    }
}

package io.signalbridge.scoring;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A run's account and person scores, the learned weights of both models (log-odds per feature), what each model was
 * trained on, the inputs that could not be used, by reason, and the models as a later run can reuse them.
 */
public record ScoringResult(Instant asOf, List<AccountScore> accounts, List<PersonScore> people,
                            Map<String, Double> profileWeights, Map<String, Double> intentWeights,
                            Map<String, Double> personProfileWeights, TrainingSize profileTraining,
                            TrainingSize intentTraining, TrainingSize personTraining, Map<Rejection, Long> rejections,
                            TrainedModels models) {

    public record TrainingSize(int examples, int positives) {
    }
}

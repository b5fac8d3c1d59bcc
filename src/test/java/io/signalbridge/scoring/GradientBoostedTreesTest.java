package io.signalbridge.scoring;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

/** The tree learner: learns what a linear model cannot, restores from its bytes, explains with SHAP contributions. */
class GradientBoostedTreesTest {

    record Rows(List<Map<String, Double>> features, List<Boolean> labels) {
    }

    /** The outcome is likely only when x and y have the same sign (an interaction no linear model can express). */
    static Rows interaction(int n, long seed) {
        var random = new SplittableRandom(seed);
        var features = new ArrayList<Map<String, Double>>();
        var labels = new ArrayList<Boolean>();
        for (int i = 0; i < n; i++) {
            double x = random.nextDouble(-1, 1);
            double y = random.nextDouble(-1, 1);
            features.add(Map.of(LogisticModel.BIAS, 1.0, "x", x, "y", y, "noise", random.nextDouble()));
            labels.add(random.nextDouble() < (x * y > 0 ? 0.8 : 0.2));
        }
        return new Rows(features, labels);
    }

    @Test
    void learnsAnInteractionTheLogisticModelCannot() {
        assertThat(GradientBoostedTrees.available()).isTrue();
        var train = interaction(2_000, 1);
        var test = interaction(1_000, 2);
        boolean[] observed = observed(test.labels());

        var trees = GradientBoostedTrees.train("xor", train.features(), train.labels());
        var logistic = LogisticModel.train("xor", train.features(), train.labels());

        double treesAuc = Metrics.auc(trees.probabilities(test.features()), observed);
        double logisticAuc = Metrics.auc(logistic.probabilities(test.features()), observed);
        assertThat(treesAuc).isGreaterThan(0.75);
        assertThat(logisticAuc).isLessThan(0.6);
    }

    @Test
    void aRestoredModelPredictsAsTheTrainedOneAndExplainsWithTheFeaturesThatMatter() {
        var train = interaction(2_000, 1);
        var trees = GradientBoostedTrees.train("xor", train.features(), train.labels());
        var restored = GradientBoostedTrees.restore("xor", trees.model(), trees.weights());

        var rows = train.features().subList(0, 50);
        assertThat(restored.probabilities(rows)).containsExactly(trees.probabilities(rows));
        // one row at a time gives the batch's predictions
        assertThat(restored.probability(rows.get(7))).isEqualTo(trees.probabilities(rows)[7]);

        // both signs positive: x and y push the prediction up, the noise column barely matters
        var contributions = restored.topContributions(Map.of("x", 0.9, "y", 0.8, "noise", 0.5), 2);
        assertThat(contributions).extracting(Contribution::feature).containsExactlyInAnyOrder("x", "y");
        assertThat(contributions).allSatisfy(c -> assertThat(c.logOdds()).isPositive());
        assertThat(trees.weights().get("x")).isGreaterThan(2 * trees.weights().getOrDefault("noise", 0.0));
    }

    @Test
    void aStoredTreeModelSurvivesTheJsonOfScoringModels() throws Exception {
        var train = interaction(1_000, 3);
        var trees = GradientBoostedTrees.train("intent", train.features(), train.labels());
        var model = ScoringCore.stored(trees, train.features(), train.labels(), TrainedModels.Platt.IDENTITY);
        var trained = new TrainedModels(java.time.Instant.parse("2025-06-19T00:30:00Z"), model, model,
                TrainedModels.Platt.IDENTITY, model, new double[] {0, 1}, new double[0]);

        var json = new com.fasterxml.jackson.databind.ObjectMapper().findAndRegisterModules();
        var read = json.readValue(json.writeValueAsString(trained), TrainedModels.class);

        assertThat(read.intent().learner()).isEqualTo(Learner.GRADIENT_BOOSTED_TREES);
        var rows = train.features().subList(0, 20);
        assertThat(read.intent().learned().probabilities(rows)).containsExactly(trees.probabilities(rows));
        // a model stored before issue 20 (no trees, no validation) reads as the logistic model it was
        String old = json.writeValueAsString(trained).replaceAll(",\"trees\":\"[^\"]*\"", "");
        assertThat(old).doesNotContain("\"trees\"");
        assertThat(json.readValue(old, TrainedModels.class).intent().learner()).isEqualTo(Learner.LOGISTIC);
    }

    @Test
    void selectionKeepsTheLogisticModelOnLinearDataAndTakesTheTreesOnAnInteraction() {
        var linear = new SplittableRandom(5);
        var features = new ArrayList<Map<String, Double>>();
        var labels = new ArrayList<Boolean>();
        for (int i = 0; i < 3_000; i++) {
            double x = linear.nextGaussian();
            features.add(Map.of(LogisticModel.BIAS, 1.0, "x", x));
            labels.add(linear.nextDouble() < 1 / (1 + Math.exp(-(2 * x - 1))));
        }
        var fit = java.util.stream.IntStream.range(0, 2_400).boxed().toList();
        var validation = java.util.stream.IntStream.range(2_400, 3_000).boxed().toList();
        var onLinear = ModelSelection.select("linear", features, features, labels, fit, validation, false);
        var xor = interaction(3_000, 9);
        var onInteraction = ModelSelection.select("xor", xor.features(), xor.features(), xor.labels(), fit, validation, true);

        // on a logistic truth the trees do not beat the logistic model on the validation rows
        assertThat(onLinear.treesAuc()).isLessThanOrEqualTo(onLinear.logisticAuc());
        assertThat(onLinear.learner()).isEqualTo(Learner.LOGISTIC);
        assertThat(onInteraction.learner()).isEqualTo(Learner.GRADIENT_BOOSTED_TREES);
        assertThat(onInteraction.other().learner()).isEqualTo(Learner.LOGISTIC);
        assertThat(onInteraction.rounds()).isBetween(GradientBoostedTrees.ROUND_STEP, GradientBoostedTrees.MAX_ROUNDS);
        assertThat(onInteraction.calibration().slope()).isPositive();
    }

    private static boolean[] observed(List<Boolean> labels) {
        boolean[] observed = new boolean[labels.size()];
        for (int i = 0; i < observed.length; i++) {
            observed[i] = labels.get(i);
        }
        return observed;
    }
}

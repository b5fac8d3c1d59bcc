package io.signalbridge.scoring;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A learned binary classifier over named features: the logistic regression or the gradient-boosted trees. The
 * batch methods exist for the trees, whose native predictions cost a call per batch, not per row.
 */
interface Classifier {

    String name();

    Learner learner();

    double probability(Map<String, Double> features);

    default double[] probabilities(List<Map<String, Double>> rows) {
        double[] probabilities = new double[rows.size()];
        for (int i = 0; i < probabilities.length; i++) {
            probabilities[i] = probability(rows.get(i));
        }
        return probabilities;
    }

    /** The features of this row that pushed its prediction up most (log-odds), strongest first. */
    List<Contribution> topContributions(Map<String, Double> features, int limit);

    default List<List<Contribution>> topContributions(List<Map<String, Double>> rows, int limit) {
        var contributions = new ArrayList<List<Contribution>>(rows.size());
        for (var row : rows) {
            contributions.add(topContributions(row, limit));
        }
        return contributions;
    }

    /** Per feature: the log-odds weight (logistic) or the mean absolute contribution on the training rows (trees). */
    Map<String, Double> weights();
}

package io.signalbridge.scoring;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

import com.oracle.labs.mlrg.olcut.util.Pair;

import org.tribuo.Model;
import org.tribuo.MutableDataset;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.Trainer;
import org.tribuo.classification.sgd.linear.LinearSGDTrainer;
import org.tribuo.classification.sgd.objectives.LogMulticlass;
import org.tribuo.math.optimisers.AdaGrad;
import org.tribuo.impl.ArrayExample;
import org.tribuo.provenance.SimpleDataSourceProvenance;

/**
 * A binary logistic regression trained with Tribuo; its weights explain each prediction. With a single class
 * in the training data there is nothing to learn: it predicts that class's share.
 */
final class LogisticModel {

    static final String BIAS = "bias";
    private static final int EPOCHS = 20;
    private static final Label YES = new Label("yes");
    private static final Label NO = new Label("no");
    // A smaller step and more epochs than Tribuo's LogisticRegressionTrainer default (1.0, 5): on a few hundred
    // one-hot accounts the default leaves weights of ±5 on categories seen a handful of times. No progress logs.
    // A new trainer per model: a Tribuo SGD trainer advances its random state with every training, so a shared
    // one made a model depend on how many models the JVM had trained before (and a rescore of unchanged data differ).
    private static LinearSGDTrainer trainer() {
        return new LinearSGDTrainer(new LogMulticlass(), new AdaGrad(0.1, 0.1), EPOCHS, -1, 1, Trainer.DEFAULT_SEED);
    }

    private final String name;
    private final Model<Label> model;
    private final double constant;
    private final Map<String, Double> weights;

    static {
        // Tribuo logs every training at INFO through java.util.logging; a scoring run trains two models.
        Logger.getLogger("org.tribuo.common.sgd.AbstractSGDTrainer").setLevel(Level.WARNING);
    }

    private LogisticModel(String name, Model<Label> model, double constant, Map<String, Double> weights) {
        this.name = name;
        this.model = model;
        this.constant = constant;
        this.weights = weights;
    }

    static LogisticModel train(String name, List<Map<String, Double>> features, List<Boolean> labels) {
        long positives = labels.stream().filter(Boolean::booleanValue).count();
        if (positives == 0 || positives == labels.size()) {
            return new LogisticModel(name, null, labels.isEmpty() ? 0 : (double) positives / labels.size(), Map.of());
        }
        var factory = new LabelFactory();
        var dataset = new MutableDataset<>(new SimpleDataSourceProvenance(name, factory), factory);
        for (int i = 0; i < features.size(); i++) {
            dataset.add(example(labels.get(i) ? YES : NO, features.get(i)));
        }
        Model<Label> model = trainer().train(dataset);
        return new LogisticModel(name, model, Double.NaN, logOddsWeights(model));
    }

    double probability(Map<String, Double> features) {
        if (model == null) {
            return constant;
        }
        return model.predict(example(NO, features)).getOutputScores().get(YES.getLabel()).getScore();
    }

    /** The features that pushed this prediction up most, strongest first. */
    List<Contribution> topContributions(Map<String, Double> features, int limit) {
        var contributions = new ArrayList<Contribution>();
        features.forEach((feature, value) -> {
            double logOdds = weights.getOrDefault(feature, 0.0) * value;
            if (!isBias(feature) && logOdds > 0) {
                contributions.add(new Contribution(name, feature, value, logOdds));
            }
        });
        contributions.sort(Comparator.comparingDouble(Contribution::logOdds).reversed());
        return contributions.subList(0, Math.min(limit, contributions.size()));
    }

    /** Feature weights on the log-odds of "yes" (the two-class softmax weights, differenced). */
    Map<String, Double> weights() {
        return weights;
    }

    static boolean isBias(String feature) {
        return feature.equals(BIAS) || feature.equals(Model.BIAS_FEATURE);
    }

    private static Map<String, Double> logOddsWeights(Model<Label> model) {
        Map<String, List<Pair<String, Double>>> top = model.getTopFeatures(-1);
        var weights = new HashMap<String, Double>();
        top.getOrDefault(YES.getLabel(), List.of()).forEach(p -> weights.merge(p.getA(), p.getB(), Double::sum));
        top.getOrDefault(NO.getLabel(), List.of()).forEach(p -> weights.merge(p.getA(), -p.getB(), Double::sum));
        return Map.copyOf(weights);
    }

    private static ArrayExample<Label> example(Label label, Map<String, Double> features) {
        String[] names = new String[features.size()];
        double[] values = new double[features.size()];
        int i = 0;
        for (var feature : features.entrySet()) {
            names[i] = feature.getKey();
            values[i++] = feature.getValue();
        }
        return new ArrayExample<>(label, names, values);
    }
}

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
 * in the training data there is nothing to learn: it predicts that class's share. Predictions are computed from
 * the learned log-odds weights (the two-class softmax is the logistic of the weight difference), so a model is
 * fully described by its weights and can be stored and restored without Tribuo's serialisation.
 */
final class LogisticModel implements Classifier {

    static final String BIAS = "bias";
    private static final int EPOCHS = 20;
    private static final Label YES = new Label("yes");
    private static final Label NO = new Label("no");
    private final String name;
    private final double constant;
    private final Map<String, Double> weights;
    private final double bias;

    // Tribuo logs every training at INFO through java.util.logging; a scoring run trains three models. Held here:
    // java.util.logging keeps loggers only weakly, and a collected logger forgets its level.
    private static final Logger TRIBUO_LOG = Logger.getLogger("org.tribuo.common.sgd.AbstractSGDTrainer");

    static {
        TRIBUO_LOG.setLevel(Level.WARNING);
    }

    private LogisticModel(String name, double constant, Map<String, Double> weights) {
        this.name = name;
        this.constant = constant;
        this.weights = Map.copyOf(weights);
        this.bias = weights.getOrDefault(Model.BIAS_FEATURE, 0.0);
    }

    /** A model as stored: its log-odds weights, or (NaN weights) the constant a single-class training set gave. */
    static LogisticModel restore(String name, Map<String, Double> weights, double constant) {
        return new LogisticModel(name, constant, weights);
    }

    static LogisticModel train(String name, List<Map<String, Double>> features, List<Boolean> labels) {
        long positives = labels.stream().filter(Boolean::booleanValue).count();
        if (positives == 0 || positives == labels.size()) {
            return new LogisticModel(name, labels.isEmpty() ? 0 : (double) positives / labels.size(), Map.of());
        }
        return of(name, trainTribuo(name, features, labels));
    }

    static LogisticModel of(String name, Model<Label> model) {
        return new LogisticModel(name, Double.NaN, logOddsWeights(model));
    }

    /** Tribuo's own prediction, for checking that {@link #probability} reproduces it. */
    static double tribuoProbability(Model<Label> model, Map<String, Double> features) {
        return model.predict(example(NO, features)).getOutputScores().get(YES.getLabel()).getScore();
    }

    static Model<Label> trainTribuo(String name, List<Map<String, Double>> features, List<Boolean> labels) {
        var factory = new LabelFactory();
        var dataset = new MutableDataset<>(new SimpleDataSourceProvenance(name, factory), factory);
        for (int i = 0; i < features.size(); i++) {
            dataset.add(example(labels.get(i) ? YES : NO, features.get(i)));
        }
        // A smaller step and more epochs than Tribuo's LogisticRegressionTrainer default (1.0, 5): on a few hundred
        // one-hot accounts the default leaves weights of ±5 on categories seen a handful of times. A trainer per
        // training: Tribuo's trainers carry their random state from one training to the next, and a model must not
        // depend on how many were trained before it in the same process.
        var trainer = new LinearSGDTrainer(new LogMulticlass(), new AdaGrad(0.1, 0.1), EPOCHS, -1, 1, Trainer.DEFAULT_SEED);
        return trainer.train(dataset);
    }

    @Override
    public Learner learner() {
        return Learner.LOGISTIC;
    }

    @Override
    public double probability(Map<String, Double> features) {
        if (!Double.isNaN(constant)) {
            return constant;
        }
        double logOdds = bias;
        for (var feature : features.entrySet()) {
            Double weight = weights.get(feature.getKey());
            if (weight != null) {
                logOdds += weight * feature.getValue();
            }
        }
        return 1 / (1 + Math.exp(-logOdds));
    }

    /** The single-class share this model predicts for everything, or NaN for a learned model. */
    double constant() {
        return constant;
    }

    @Override
    public String name() {
        return name;
    }

    /** The features that pushed this prediction up most, strongest first. */
    @Override
    public List<Contribution> topContributions(Map<String, Double> features, int limit) {
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
    @Override
    public Map<String, Double> weights() {
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

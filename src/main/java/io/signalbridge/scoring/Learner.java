package io.signalbridge.scoring;

/** The two kinds of model the scoring core can learn; each model picks one by validation on its training window. */
public enum Learner {
    LOGISTIC, GRADIENT_BOOSTED_TREES
}

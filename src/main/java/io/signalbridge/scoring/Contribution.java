package io.signalbridge.scoring;

/** A feature's share of a model's log-odds for one account (weight × value); positive pushes the score up. */
public record Contribution(String model, String feature, double value, double logOdds) {
}

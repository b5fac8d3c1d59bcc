package io.signalbridge.scoring;

/** Buying stages in funnel order; an account can move either way between runs. */
public enum BuyingStage {
    Target, Awareness, Consideration, Decision, Purchase;

    public boolean qualifying() {
        return this == Decision || this == Purchase;
    }
}

package io.signalbridge.sandbox.generator;

/** The stages of a buying journey, with how much more the buying team engages than at rest. */
enum JourneyStage {
    AWARENESS(3.5),
    CONSIDERATION(7),
    DECISION(9),
    PURCHASE(4.5);

    private final double teamEngagement;

    JourneyStage(double teamEngagement) {
        this.teamEngagement = teamEngagement;
    }

    /** Engagement of a buying-team member relative to background (1). */
    double teamEngagement() {
        return teamEngagement;
    }
}

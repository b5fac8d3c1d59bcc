package io.signalbridge.scoring;

import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Everything the core's rules depend on.
 *
 * @param kinds                 signal kind → model it feeds; any other kind is rejected as unknown
 * @param relevantStages        the opportunity definition: opportunities whose stage is in this set count
 *                              (empty: every opportunity counts)
 * @param purchaseStages        open opportunities in these stages put an account in Purchase, other open ones in Decision
 * @param fitStrong             profile score from which fit is Strong (default 81)
 * @param fitModerate           profile score from which fit is Moderate (default 50)
 * @param awareness             intent score from which an account without an open opportunity is in Awareness
 * @param consideration         … in Consideration
 * @param decision              … in Decision
 * @param reachMedium           reach score from which reach is Medium
 * @param reachHigh             reach score from which reach is High
 * @param halfLifeDays          half-life of a signal's weight in the intent and reach features
 * @param horizonDays           the in-market label: a relevant opportunity created within this many days
 * @param snapshotSpacingDays   days between the history snapshots the intent model learns from
 * @param maxSnapshots          how many history snapshots at most
 * @param zone                  the zone in which instants become dates (6QA start/end, close dates)
 * @param learners              the learners the profile and in-market models choose from by validation (the logistic
 *                              model is always one of them)
 */
public record ScoringSettings(Map<String, SignalModel> kinds, Set<String> relevantStages, Set<String> purchaseStages,
                              int fitStrong, int fitModerate, int awareness, int consideration, int decision,
                              int reachMedium, int reachHigh, double halfLifeDays, int horizonDays,
                              int snapshotSpacingDays, int maxSnapshots, ZoneId zone, Set<Learner> learners) {

    public ScoringSettings {
        kinds = Map.copyOf(kinds);
        relevantStages = Set.copyOf(relevantStages);
        purchaseStages = Set.copyOf(purchaseStages);
        var candidates = java.util.EnumSet.of(Learner.LOGISTIC);
        if (learners != null) {
            candidates.addAll(learners);
        }
        learners = Set.copyOf(candidates);
        if (!(fitModerate < fitStrong && awareness < consideration && consideration < decision && reachMedium < reachHigh)) {
            throw new IllegalArgumentException("Score thresholds must rise: " + List.of(fitModerate, fitStrong, awareness,
                    consideration, decision, reachMedium, reachHigh));
        }
    }

    public static ScoringSettings defaults(Map<String, SignalModel> kinds) {
        return new ScoringSettings(kinds, Set.of(), Set.of("Proposal/Price Quote", "Negotiation/Review"),
                81, 50, 50, 75, 90, 34, 67, 21, 90, 30, 12, ZoneId.of("UTC"),
                Set.of(Learner.LOGISTIC, Learner.GRADIENT_BOOSTED_TREES));
    }

    public ScoringSettings withKinds(Map<String, SignalModel> newKinds) {
        return new ScoringSettings(newKinds, relevantStages, purchaseStages, fitStrong, fitModerate, awareness, consideration,
                decision, reachMedium, reachHigh, halfLifeDays, horizonDays, snapshotSpacingDays, maxSnapshots, zone, learners);
    }

    public ScoringSettings withLearners(Set<Learner> newLearners) {
        return new ScoringSettings(kinds, relevantStages, purchaseStages, fitStrong, fitModerate, awareness, consideration,
                decision, reachMedium, reachHigh, halfLifeDays, horizonDays, snapshotSpacingDays, maxSnapshots, zone, newLearners);
    }

    boolean relevant(Opportunity opportunity) {
        return relevantStages.isEmpty() || relevantStages.contains(opportunity.stage());
    }
}

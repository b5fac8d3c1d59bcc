package io.signalbridge.sandbox.generator;

import java.time.Instant;

/**
 * One in-market window of a company: Awareness from {@code start}, Consideration, Decision, Purchase, until
 * {@code end}. A journey that stalls never reaches Purchase ({@code purchaseFrom == end}) and opens no
 * opportunity. {@code opportunityCreated} is null when no opportunity is opened (stalled, or not yet by now).
 */
record BuyingJourney(
        Instant start,
        Instant considerationFrom,
        Instant decisionFrom,
        Instant purchaseFrom,
        Instant end,
        Instant opportunityCreated,
        boolean won) {

    JourneyStage stageAt(Instant t) {
        if (t.isBefore(start) || !t.isBefore(end)) {
            return null;
        }
        if (t.isBefore(considerationFrom)) {
            return JourneyStage.AWARENESS;
        }
        if (t.isBefore(decisionFrom)) {
            return JourneyStage.CONSIDERATION;
        }
        return t.isBefore(purchaseFrom) ? JourneyStage.DECISION : JourneyStage.PURCHASE;
    }

    boolean opensOpportunity() {
        return opportunityCreated != null;
    }
}

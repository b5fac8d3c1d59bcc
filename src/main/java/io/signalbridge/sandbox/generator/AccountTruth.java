package io.signalbridge.sandbox.generator;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The hidden truth of one company: how well it fits and when it is in market. It shapes the generated data
 * and is stored nowhere; the scoring core has to find it from the data.
 */
record AccountTruth(double fit, List<BuyingJourney> journeys) {

    AccountTruth {
        journeys = List.copyOf(journeys);
    }

    boolean fitting() {
        return fit >= IdealCustomerProfile.FITTING;
    }

    /** The journey under way at {@code t}, or null. */
    BuyingJourney journeyAt(Instant t) {
        for (BuyingJourney journey : journeys) {
            if (journey.stageAt(t) != null) {
                return journey;
            }
        }
        return null;
    }

    /**
     * Draws the journeys of a company. Fitting companies go in market more often and more of their journeys
     * end in an opportunity, and more of those are won. Journeys do not overlap and may still be under way now.
     */
    static AccountTruth draw(Firmographics company, Timeline timeline, SplittableRandom random) {
        double fit = IdealCustomerProfile.fit(company, random);
        int wanted = Math.min(3, Draw.poisson(random, 0.1 + 1.6 * fit * fit));
        var journeys = new ArrayList<BuyingJourney>(wanted);
        Instant earliest = timeline.start().plus(Timeline.days(35));
        Instant cursor = Draw.instantBetween(random, earliest,
                Draw.max(earliest, timeline.start().plus(Timeline.days(timeline.days() * 0.75))));
        for (int i = 0; i < wanted && cursor.isBefore(timeline.now().minus(Timeline.days(10))); i++) {
            BuyingJourney journey = journey(cursor, fit, timeline.now(), random);
            journeys.add(journey);
            cursor = Draw.plusDays(random, journey.end(), 30, 150);
        }
        return new AccountTruth(fit, journeys);
    }

    private static BuyingJourney journey(Instant start, double fit, Instant now, SplittableRandom random) {
        Instant consideration = Draw.plusDays(random, start, 14, 42);
        Instant decision = Draw.plusDays(random, consideration, 21, 56);
        boolean opens = Draw.chance(random, 0.5 + 0.4 * fit);
        if (!opens) {
            // the account loses interest during Decision and falls back to Target
            Instant end = Draw.plusDays(random, decision, 7, 21);
            return new BuyingJourney(start, consideration, decision, end, end, null, false);
        }
        Instant purchase = Draw.plusDays(random, decision, 14, 42);
        Instant end = Draw.plusDays(random, purchase, 7, 28);
        Instant created = Draw.plusDays(random, decision, 3, 12);
        boolean won = Draw.chance(random, 0.25 + 0.4 * fit);
        return new BuyingJourney(start, consideration, decision, purchase, end, created.isAfter(now) ? null : created, won);
    }
}

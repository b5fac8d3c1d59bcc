package io.signalbridge.sandbox.generator;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.junit.jupiter.api.Test;

/**
 * How well any model could do on the demo org's backtest (seed 42, 1,200 accounts, cut-off 90 days before now,
 * horizon 90 days), measured on the generator's hidden truth: the ceiling behind the figures in docs/scoring.md.
 * An account is judged unless a journey's opportunity is open at the cut-off; it is positive if a journey creates
 * its opportunity in the horizon (the few cold opportunities, drawn at random, are left out).
 */
class DemoOrgTruthCeilingTest {

    @Test
    void theDemoOrgsTruthBoundsTheProfileAndInMarketAuc() {
        var settings = SandboxOrgFixture.settings(42, 1200);
        var generator = DemoOrgGeneratorTest.generator();
        Instant cutoff = settings.now().atOffset(ZoneOffset.UTC).toLocalDate().minusDays(90).plusDays(1)
                .atStartOfDay(ZoneOffset.UTC).toInstant().minusSeconds(1);
        Instant end = cutoff.plus(Timeline.days(90));
        var visible = new ArrayList<Double>();
        var latent = new ArrayList<Double>();
        var present = new ArrayList<Double>();
        var opened = new ArrayList<Boolean>();
        int unseen = 0;
        for (int index = 0; index < settings.accounts(); index++) {
            var blueprint = generator.blueprint(settings, index);
            var truth = blueprint.truth();
            boolean openAtCutoff = truth.journeys().stream().anyMatch(j -> j.opensOpportunity()
                    && !j.opportunityCreated().isAfter(cutoff) && j.end().isAfter(cutoff));
            if (openAtCutoff) {
                continue;
            }
            var opening = truth.journeys().stream().filter(j -> j.opensOpportunity()
                    && j.opportunityCreated().isAfter(cutoff) && !j.opportunityCreated().isAfter(end)).findFirst();
            opened.add(opening.isPresent());
            if (opening.isPresent() && opening.get().start().isAfter(cutoff)) {
                unseen++;
            }
            visible.add(IdealCustomerProfile.visibleScore(blueprint.firmographics()));
            latent.add(truth.fit());
            // a clairvoyant of the present: knows the stage each account's journey is in at the cut-off, and its fit
            var journey = truth.journeyAt(cutoff);
            var stage = journey == null ? null : journey.stageAt(cutoff);
            present.add((stage == null ? 0 : 1 + stage.ordinal()) + truth.fit());
        }
        long positives = opened.stream().filter(Boolean::booleanValue).count();
        double visibleAuc = auc(visible, opened);
        double latentAuc = auc(latent, opened);
        double presentAuc = auc(present, opened);
        System.out.printf(Locale.ROOT, "demo org truth: %d judged, %d opened (%d by a journey not yet started at the cut-off); "
                + "AUC of the firmographic fit %.3f, of the latent fit %.3f, of the present journey stage + fit %.3f%n",
                opened.size(), positives, unseen, visibleAuc, latentAuc, presentAuc);

        assertThat(positives).isBetween(30L, 120L);
        // even the latent fit (firmographics plus the noise no data shows) ranks the horizon's openings only so well
        assertThat(latentAuc).isGreaterThanOrEqualTo(visibleAuc - 0.05);
        assertThat(presentAuc).isGreaterThan(latentAuc);
    }

    private static double auc(List<Double> score, List<Boolean> positive) {
        double wins = 0;
        long pairs = 0;
        for (int i = 0; i < score.size(); i++) {
            if (!positive.get(i)) {
                continue;
            }
            for (int j = 0; j < score.size(); j++) {
                if (positive.get(j)) {
                    continue;
                }
                pairs++;
                wins += score.get(i) > score.get(j) ? 1 : score.get(i).equals(score.get(j)) ? 0.5 : 0;
            }
        }
        return wins / pairs;
    }
}

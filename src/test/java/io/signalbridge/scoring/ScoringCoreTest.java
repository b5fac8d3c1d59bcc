package io.signalbridge.scoring;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Map;

import org.junit.jupiter.api.Test;

/**
 * The learned models on a small synthetic history: in software, every other quarter, a burst of form fills by
 * two people precedes an opportunity; retail never buys. The core must learn both from data.
 */
class ScoringCoreTest {

    static final Map<String, SignalModel> KINDS = Map.of("form", SignalModel.INTENT, "call", SignalModel.REACH);
    static final Instant START = Instant.parse("2023-01-01T00:00:00Z");
    static final Instant BURST = START.plus(700, ChronoUnit.DAYS);

    @Test
    void learnsFitAndIntentAndMovesTheStageBackAsEngagementDecays() {
        var input = history();
        var core = new ScoringCore();

        var during = account(core.score(input, BURST.plus(20, ChronoUnit.DAYS)), "focus");
        assertThat(during.fit()).isNotEqualTo(ProfileFit.Weak);
        assertThat(during.stage()).isEqualTo(BuyingStage.Decision);
        assertThat(during.qualified()).isTrue();
        assertThat(during.contributors()).extracting(Contribution::feature).contains("industry=software", "intent: form");

        var later = account(core.score(input, BURST.plus(200, ChronoUnit.DAYS)), "focus");
        assertThat(later.intentScore()).isLessThan(during.intentScore());
        assertThat(later.stage().ordinal()).isLessThan(BuyingStage.Decision.ordinal());
        assertThat(later.qualified()).isFalse();

        var events = Transitions.advance(Transitions.advance(null, during).state(), later).events();
        assertThat(events).extracting(ScoreEvent::type).contains(ScoreEvent.Type.QUALIFIED_ENDED);

        var retail = account(core.score(input, BURST.plus(20, ChronoUnit.DAYS)), "r7");
        assertThat(retail.fit()).isEqualTo(ProfileFit.Weak);
    }

    @Test
    void aPersonsIntentIsTheIntentModelOnTheirOwnSignalsAndConversionsTeachTheProfileModel() {
        var input = history();
        var asOf = BURST.plus(20, ChronoUnit.DAYS);
        var result = new ScoringCore().score(input, asOf);

        var engaged = person(result, "focus-p0");
        var silent = person(result, "focus-p9");
        assertThat(engaged.intentScore()).isPositive().isLessThanOrEqualTo(account(result, "focus").intentScore());
        assertThat(engaged.inMarketProbability()).isGreaterThan(silent.inMarketProbability());
        assertThat(silent.intentScore()).isZero();
        assertThat(engaged.contributors()).extracting(Contribution::feature).contains("intent: form");
        // s0-p0 sat on opportunities, s2-p0 converted from a lead: both positive examples of the person profile model
        assertThat(result.personTraining().positives()).isEqualTo(2);
    }

    @Test
    void scoringSomeAccountsWithTrainedModelsGivesTheScoresOfAFullRun() {
        var input = history();
        var asOf = BURST.plus(20, ChronoUnit.DAYS);
        var core = new ScoringCore();
        var full = core.score(input, asOf);

        var partial = core.score(input, asOf, full.models(), java.util.Set.of("focus", "r7"));

        assertThat(partial.accounts()).extracting(AccountScore::accountId).containsExactly("focus", "r7");
        assertThat(partial.accounts()).containsExactly(account(full, "focus"), account(full, "r7"));
        assertThat(partial.people()).extracting(PersonScore::personId).containsExactly("focus-p0", "focus-p9");
        assertThat(partial.people()).containsExactly(person(full, "focus-p0"), person(full, "focus-p9"));
        assertThat(partial.models().reachScale()).isEqualTo(full.models().reachScale());
    }

    @Test
    void predictionsFromTheStoredWeightsAreTribuosOwn() {
        var features = new java.util.ArrayList<Map<String, Double>>();
        var labels = new java.util.ArrayList<Boolean>();
        var random = new java.util.SplittableRandom(3);
        for (int i = 0; i < 400; i++) {
            double x = random.nextDouble();
            features.add(Map.of(LogisticModel.BIAS, 1.0, "x", x, "colour=" + (i % 3), 1.0));
            labels.add(random.nextDouble() < x);
        }
        var tribuo = LogisticModel.trainTribuo("check", features, labels);
        var restored = LogisticModel.restore("check", LogisticModel.of("check", tribuo).weights(), Double.NaN);
        assertThat(LogisticModel.train("check", features, labels).weights()).as("deterministic").isEqualTo(restored.weights());

        for (var f : features.subList(0, 50)) {
            assertThat(restored.probability(f)).isCloseTo(LogisticModel.tribuoProbability(tribuo, f), org.assertj.core.data.Offset.offset(1e-9));
        }
    }

    @Test
    void plattScalingRecoversAShiftedBaseRate() {
        var random = new java.util.SplittableRandom(5);
        double[] predicted = new double[20_000];
        boolean[] outcome = new boolean[predicted.length];
        for (int i = 0; i < predicted.length; i++) {
            predicted[i] = 0.02 + 0.3 * random.nextDouble();
            outcome[i] = random.nextDouble() < predicted[i] / 2; // the model predicts twice the true rate
        }
        var platt = Calibration.platt(predicted, outcome);
        double meanCalibrated = 0;
        int observed = 0;
        for (int i = 0; i < predicted.length; i++) {
            meanCalibrated += platt.apply(predicted[i]) / predicted.length;
            observed += outcome[i] ? 1 : 0;
        }
        assertThat(platt.slope()).isPositive();
        assertThat(meanCalibrated).isCloseTo((double) observed / predicted.length, org.assertj.core.data.Offset.offset(0.003));
        assertThat(TrainedModels.Platt.IDENTITY.apply(0.123)).isEqualTo(0.123);
    }

    static PersonScore person(ScoringResult result, String id) {
        return result.people().stream().filter(p -> p.personId().equals(id)).findFirst().orElseThrow();
    }

    static ScoringInput history() {
        var input = new ScoringInput(ScoringSettings.defaults(KINDS), START.plus(1_000, ChronoUnit.DAYS));
        for (int i = 0; i < 120; i++) {
            boolean software = i % 2 == 0;
            String id = (software ? "s" : "r") + i;
            input.add(new Firmographics(id, software ? "Software" : "Retail", 500L, 5e7, "US"));
            for (int cycle = 0; cycle < 7; cycle++) {
                Instant cycleStart = START.plus(cycle * 90L + (i % 30), ChronoUnit.DAYS);
                if (software && (i / 2 + cycle) % 2 == 0) {
                    for (int day = 0; day < 30; day += 5) {
                        input.add(new Signal("form", cycleStart.plus(day, ChronoUnit.DAYS), id, id + "-p" + (day % 2)));
                    }
                    Instant created = cycleStart.plus(40, ChronoUnit.DAYS);
                    input.add(new Opportunity(id + "-o" + cycle, id, "Closed Won", created,
                            LocalDate.ofInstant(created.plus(30, ChronoUnit.DAYS), ZoneOffset.UTC), true));
                } else if ((i + cycle) % 3 == 0) {
                    input.add(new Signal("form", cycleStart.plus(10, ChronoUnit.DAYS), id, id + "-p0"));
                }
                input.add(new Signal("call", cycleStart.plus(50, ChronoUnit.DAYS), id, null));
            }
        }
        input.add(new Firmographics("focus", "Software", 500L, 5e7, "US"));
        input.add(new Person("focus-p0", "focus", Person.Type.CONTACT, "CTO", "IT", null));
        input.add(new Person("focus-p9", "focus", Person.Type.LEAD, "Analyst", "Finance", null));
        input.add(new Person("s0-p0", "s0", Person.Type.CONTACT, "CIO", "IT", START.plus(40, ChronoUnit.DAYS)));
        input.add(new Person("s2-p0", "s2", Person.Type.CONTACT, "VP IT", "IT", null, START.plus(10, ChronoUnit.DAYS)));
        for (int day = 0; day < 20; day += 3) {
            input.add(new Signal("form", BURST.plus(day, ChronoUnit.DAYS), "focus", "focus-p" + (day % 2)));
        }
        return input;
    }

    static AccountScore account(ScoringResult result, String id) {
        return result.accounts().stream().filter(a -> a.accountId().equals(id)).findFirst().orElseThrow();
    }
}

package io.signalbridge.scoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.groups.Tuple.tuple;

import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

/** The rules around the models: signal kinds, bad inputs, decay, fit, stage and the 6QA episodes. */
class ScoringRulesTest {

    static final Map<String, SignalModel> KINDS = Map.of("form", SignalModel.INTENT, "call", SignalModel.REACH);
    static final ScoringSettings SETTINGS = ScoringSettings.defaults(KINDS);
    static final Instant NOW = Instant.parse("2025-06-15T12:00:00Z");

    @Test
    void badInputsAreCountedByReasonNotThrown() {
        var input = new ScoringInput(SETTINGS, NOW);

        assertThat(input.add(new Signal("form", NOW.minusSeconds(60), "A1", "P1"))).isTrue();
        input.add(new Signal("form", NOW.minusSeconds(60), "A1", "P1"));
        assertThat(input.add(new Signal("webinar", NOW.minusSeconds(60), "A1", "P1"))).as("unknown kind").isFalse();
        assertThat(input.add(new Signal("form", NOW.minusSeconds(60), null, "P9"))).as("person without an account").isFalse();
        assertThat(input.add(new Signal("form", NOW.plusSeconds(3_600), "A1", "P1"))).as("from the future").isFalse();
        assertThat(input.add(new Signal("call", null, "A1", "P1"))).as("no time").isFalse();
        input.add(new Opportunity("O1", null, "Prospecting", NOW, null, false));

        assertThat(input.rejections()).containsExactlyInAnyOrderEntriesOf(Map.of(Rejection.DUPLICATE, 1L,
                Rejection.UNKNOWN_KIND, 1L, Rejection.NO_ACCOUNT, 2L, Rejection.FUTURE_TIMESTAMP, 1L, Rejection.MISSING_TIME, 1L));
        // Accounts with signals but no firmographics, or an Account record without any, are still scored, and counted.
        input.add(new Firmographics("A2", " ", null, null, null));
        var result = new ScoringCore().score(input, NOW);
        assertThat(result.accounts()).extracting(AccountScore::accountId).containsExactly("A1", "A2");
        assertThat(result.rejections()).containsEntry(Rejection.NO_FIRMOGRAPHICS, 2L);
    }

    @Test
    void signalKindsFeedTheModelTheConfigurationNames() {
        var input = new ScoringInput(SETTINGS, NOW);
        input.add(new Signal("form", NOW.minus(1, ChronoUnit.DAYS), "A1", "P1"));
        input.add(new Signal("call", NOW.minus(1, ChronoUnit.DAYS), "A1", "P2"));
        var features = new EngagementFeatures(SETTINGS, input.kinds()).at(input.signals("A1"), NOW.getEpochSecond());
        assertThat(features.intent()).containsKey("intent: form").doesNotContainKey("intent: call");
        assertThat(features.reach()).isPositive();

        var swapped = SETTINGS.withKinds(Map.of("form", SignalModel.REACH, "call", SignalModel.INTENT));
        var other = new ScoringInput(swapped, NOW);
        other.add(new Signal("form", NOW.minus(1, ChronoUnit.DAYS), "A1", "P1"));
        var swappedFeatures = new EngagementFeatures(swapped, other.kinds()).at(other.signals("A1"), NOW.getEpochSecond());
        assertThat(swappedFeatures.intent()).containsKey("intent: call").doesNotContainKey("intent: form");
    }

    @Test
    void aSignalsWeightHalvesEveryHalfLifeAndLaterSignalsDoNotCount() {
        var input = new ScoringInput(SETTINGS, NOW);
        Instant at = NOW.minus(60, ChronoUnit.DAYS);
        input.add(new Signal("form", at, "A1", "P1"));
        input.add(new Signal("call", at, "A1", "P1"));
        var engagement = new EngagementFeatures(SETTINGS, input.kinds());
        long halfLife = (long) (SETTINGS.halfLifeDays() * 86_400);

        assertThat(engagement.at(input.signals("A1"), at.getEpochSecond()).reach()).isEqualTo(1.0);
        assertThat(engagement.at(input.signals("A1"), at.getEpochSecond() + halfLife).reach()).isCloseTo(0.5, within());
        assertThat(engagement.at(input.signals("A1"), at.getEpochSecond() + 2 * halfLife).reach()).isCloseTo(0.25, within());
        assertThat(engagement.at(input.signals("A1"), at.getEpochSecond() + halfLife).intent().get("intent: form"))
                .isCloseTo(Math.log1p(0.5), within());
        assertThat(engagement.at(input.signals("A1"), at.getEpochSecond() - 1).reach()).isZero();
    }

    @Test
    void fitAndReachBucketsFollowTheirThresholds() {
        assertThat(ScoringCore.fit(SETTINGS, 81)).isEqualTo(ProfileFit.Strong);
        assertThat(ScoringCore.fit(SETTINGS, 80)).isEqualTo(ProfileFit.Moderate);
        assertThat(ScoringCore.fit(SETTINGS, 50)).isEqualTo(ProfileFit.Moderate);
        assertThat(ScoringCore.fit(SETTINGS, 49)).isEqualTo(ProfileFit.Weak);
        assertThat(ScoringCore.reachLevel(SETTINGS, 67)).isEqualTo(ReachLevel.High);
        assertThat(ScoringCore.reachLevel(SETTINGS, 34)).isEqualTo(ReachLevel.Medium);
        assertThat(ScoringCore.reachLevel(SETTINGS, 33)).isEqualTo(ReachLevel.Low);
        assertThatThrownBy(() -> new ScoringSettings(KINDS, Set.of(), Set.of(), 50, 81, 50, 75, 90, 34, 67,
                21, 90, 30, 12, SETTINGS.zone(), Set.of())).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void stageFollowsOpenOpportunitiesElseIntentInBothDirections() {
        var open = new Opportunity("O1", "A1", "Needs Analysis", NOW.minusSeconds(86_400), null, false);
        var late = new Opportunity("O2", "A1", "Negotiation/Review", NOW.minusSeconds(86_400), null, false);
        assertThat(ScoringCore.stage(SETTINGS, List.of(open), 0)).isEqualTo(BuyingStage.Decision);
        assertThat(ScoringCore.stage(SETTINGS, List.of(open, late), 0)).isEqualTo(BuyingStage.Purchase);
        assertThat(ScoringCore.stage(SETTINGS, List.of(), 95)).isEqualTo(BuyingStage.Decision);
        assertThat(ScoringCore.stage(SETTINGS, List.of(), 80)).isEqualTo(BuyingStage.Consideration);
        assertThat(ScoringCore.stage(SETTINGS, List.of(), 60)).isEqualTo(BuyingStage.Awareness);
        assertThat(ScoringCore.stage(SETTINGS, List.of(), 10)).isEqualTo(BuyingStage.Target);
    }

    @Test
    void sixQaNeedsModerateOrStrongFitAndDecisionOrPurchase() {
        assertThat(score(ProfileFit.Moderate, BuyingStage.Decision, day(1)).qualified()).isTrue();
        assertThat(score(ProfileFit.Strong, BuyingStage.Purchase, day(1)).qualified()).isTrue();
        assertThat(score(ProfileFit.Weak, BuyingStage.Purchase, day(1)).qualified()).isFalse();
        assertThat(score(ProfileFit.Strong, BuyingStage.Consideration, day(1)).qualified()).isFalse();
    }

    @Test
    void stageChangesAndSixQaEpisodesBecomeEventsWithDatesAndAge() {
        var first = Transitions.advance(null, score(ProfileFit.Strong, BuyingStage.Consideration, day(1)));
        assertThat(first.events()).extracting(ScoreEvent::type).containsExactly(ScoreEvent.Type.STAGE_CHANGED);
        assertThat(first.state().qualifiedAgeDays(day(1))).isNull();

        var forward = Transitions.advance(first.state(), score(ProfileFit.Strong, BuyingStage.Decision, day(3)));
        assertThat(forward.events()).extracting(ScoreEvent::type)
                .containsExactly(ScoreEvent.Type.STAGE_CHANGED, ScoreEvent.Type.QUALIFIED_STARTED);
        assertThat(forward.state().qualifiedSince()).isEqualTo(day(3));
        assertThat(forward.state().qualifiedAgeDays(day(10))).isEqualTo(7);

        var stays = Transitions.advance(forward.state(), score(ProfileFit.Moderate, BuyingStage.Purchase, day(5)));
        assertThat(stays.events()).extracting(ScoreEvent::type).containsExactly(ScoreEvent.Type.STAGE_CHANGED);
        assertThat(stays.state().qualifiedSince()).as("same episode").isEqualTo(day(3));

        var backward = Transitions.advance(stays.state(), score(ProfileFit.Moderate, BuyingStage.Awareness, day(20)));
        assertThat(backward.events()).extracting(ScoreEvent::type, ScoreEvent::from, ScoreEvent::to).containsExactly(
                tuple(ScoreEvent.Type.STAGE_CHANGED, "Purchase", "Awareness"),
                tuple(ScoreEvent.Type.QUALIFIED_ENDED, day(3).toString(), day(20).toString()));
        assertThat(backward.state().qualifiedUntil()).isEqualTo(day(20));
        assertThat(backward.state().qualifiedAgeDays(day(40))).as("length of the ended episode").isEqualTo(17);

        var again = Transitions.advance(backward.state(), score(ProfileFit.Strong, BuyingStage.Decision, day(30)));
        assertThat(again.state().qualifiedSince()).as("a new episode, a new start date").isEqualTo(day(30));
        assertThat(again.state().qualifiedUntil()).isNull();
        assertThat(Transitions.advance(again.state(), score(ProfileFit.Strong, BuyingStage.Decision, day(31))).events()).isEmpty();
    }

    @Test
    void anIntentRiseOfTheSurgePointsOrMoreSinceTheLastScoreIsAnIntentSurge() {
        var first = Transitions.advance(null, intent(40, day(1)), 15);
        assertThat(first.events()).extracting(ScoreEvent::type).as("first scored: no surge from nothing").containsExactly(ScoreEvent.Type.STAGE_CHANGED);
        assertThat(first.state().intentScore()).isEqualTo(40);
        var small = Transitions.advance(first.state(), intent(54, day(2)), 15);
        assertThat(small.events()).as("14 points up").isEmpty();
        var surge = Transitions.advance(small.state(), intent(69, day(3)), 15);
        assertThat(surge.events()).extracting(ScoreEvent::type, ScoreEvent::from, ScoreEvent::to)
                .containsExactly(tuple(ScoreEvent.Type.INTENT_SURGE, "54", "69"));
        assertThat(Transitions.advance(surge.state(), intent(40, day(4)), 15).events()).as("a fall is no surge").isEmpty();
        assertThat(Transitions.advance(small.state(), intent(90, day(3))).events()).as("off without surge points").isEmpty();
    }

    static AccountScore intent(int intentScore, LocalDate day) {
        return new AccountScore("A1", day, 90, ProfileFit.Strong, 0.5, intentScore, 0.1, 50, ReachLevel.Medium, 1, false,
                BuyingStage.Awareness, List.of());
    }

    @Test
    void peopleAreGradedOnEngagementAndReadForSeniorityFromTheirTitle() {
        assertThat(PersonScore.grade(75)).isEqualTo('A');
        assertThat(PersonScore.grade(74)).isEqualTo('B');
        assertThat(PersonScore.grade(50)).isEqualTo('B');
        assertThat(PersonScore.grade(25)).isEqualTo('C');
        assertThat(PersonScore.grade(24)).isEqualTo('D');
        assertThat(PersonFeatures.seniority("chief information officer")).isEqualTo("c-level");
        assertThat(PersonFeatures.seniority("vp, engineering")).isEqualTo("vp");
        assertThat(PersonFeatures.seniority("director of it")).isEqualTo("director");
        assertThat(PersonFeatures.seniority("it manager")).isEqualTo("manager");
        assertThat(PersonFeatures.seniority("accountant")).isEqualTo("individual");
        assertThat(PersonFeatures.of(new Person("P1", "A1", Person.Type.LEAD, null, null, null)))
                .containsKeys("seniority=unknown", "department=unknown");

        var input = new ScoringInput(SETTINGS, NOW);
        input.add(new Person("P9", null, Person.Type.LEAD, "CTO", null, null));
        assertThat(input.rejections()).containsEntry(Rejection.PERSON_WITHOUT_ACCOUNT, 1L);
    }

    static AccountScore score(ProfileFit fit, BuyingStage stage, LocalDate day) {
        return new AccountScore("A1", day, fit == ProfileFit.Weak ? 10 : 90, fit, 0.5, 50, 0.1, 50, ReachLevel.Medium, 1,
                stage.qualifying(), stage, List.of());
    }

    static LocalDate day(int dayOfMonth) {
        return LocalDate.of(2025, 3, 1).plusDays(dayOfMonth - 1L);
    }

    static Offset<Double> within() {
        return Offset.offset(1e-9);
    }
}

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
        for (int day = 0; day < 20; day += 3) {
            input.add(new Signal("form", BURST.plus(day, ChronoUnit.DAYS), "focus", "focus-p" + (day % 2)));
        }
        return input;
    }

    static AccountScore account(ScoringResult result, String id) {
        return result.accounts().stream().filter(a -> a.accountId().equals(id)).findFirst().orElseThrow();
    }
}

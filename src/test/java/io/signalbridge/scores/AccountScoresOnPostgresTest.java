package io.signalbridge.scores;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import io.signalbridge.scoring.AccountScore;
import io.signalbridge.scoring.BuyingStage;
import io.signalbridge.scoring.Contribution;
import io.signalbridge.scoring.Person;
import io.signalbridge.scoring.PersonScore;
import io.signalbridge.scoring.ProfileFit;
import io.signalbridge.scoring.ReachLevel;
import io.signalbridge.scoring.TrainedModels;
import io.signalbridge.scoring.Transitions;
import io.signalbridge.support.PostgresTestSupport;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;

/** The score tables' statements (standard MERGE, dates, the outbox) on the real PostgreSQL. */
@SpringBootTest
@ActiveProfiles("test")
class AccountScoresOnPostgresTest extends PostgresTestSupport {

    static final LocalDate DAY = LocalDate.of(2025, 6, 15);

    @Autowired
    AccountScores scores;
    @Autowired
    ScoringModels models;

    @Test
    void storesScoresStatesEventsPeopleAndRuns() {
        var first = Transitions.advance(null, score(BuyingStage.Decision, DAY));
        scores.save(List.of(score(BuyingStage.Decision, DAY)), Map.of("pg-1", first.state()), first.events(), Instant.parse("2025-06-15T10:00:00Z"));
        var later = Transitions.advance(scores.states().get("pg-1"), score(BuyingStage.Awareness, DAY.plusDays(4)));
        scores.save(List.of(score(BuyingStage.Awareness, DAY.plusDays(4))), Map.of("pg-1", later.state()), later.events(),
                Instant.parse("2025-06-19T10:00:00Z"));

        var stored = scores.find("pg-1").orElseThrow();
        assertThat(stored.score().stage()).isEqualTo(BuyingStage.Awareness);
        assertThat(stored.state().qualifiedSince()).isEqualTo(DAY);
        assertThat(stored.state().qualifiedUntil()).isEqualTo(DAY.plusDays(4));
        assertThat(stored.qualifiedAgeDays()).isEqualTo(4);
        assertThat(stored.score().contributors()).extracting(Contribution::feature).containsExactly("industry=software");
        assertThat(scores.events("pg-1")).hasSize(4);

        scores.savePeople(List.of(new PersonScore("pg-p", "pg-1", Person.Type.CONTACT, DAY, 70, ProfileFit.Moderate, 0.3, 80, 'A',
                2.5, 64, 0.12, List.of())), Instant.parse("2025-06-19T10:00:00Z"));
        var person = scores.findPerson("pg-p").orElseThrow();
        assertThat(person.grade()).isEqualTo('A');
        assertThat(person.intentScore()).isEqualTo(64);
        assertThat(person.inMarketProbability()).isEqualTo(0.12);

        long run = scores.startRun(Instant.parse("2025-06-19T10:00:00Z"));
        scores.endRun(run, Instant.parse("2025-06-19T10:00:05Z"), new AccountScores.RunEnd("SUCCEEDED", "INCREMENTAL", 1, 1, 2,
                Map.of("UNKNOWN_KIND", 3L), Instant.parse("2025-06-19T09:59:00Z"), null));
        assertThat(scores.lastSignalsUntil()).contains(Instant.parse("2025-06-19T09:59:00Z"));
    }

    @Test
    void storesTrainedModelsWithExactScales() {
        var scale = new double[20_000];
        for (int i = 0; i < scale.length; i++) {
            scale[i] = Math.sqrt(i) / 1_000;
        }
        var model = new TrainedModels.Model("intent", Map.of("intent: form", 0.7, "BIAS__", -2.0), Double.NaN, scale, 20_000, 800);
        var trained = new TrainedModels(Instant.parse("2025-06-19T00:30:00Z"), model, model, new TrainedModels.Platt(0.9, -0.4, 500, 20),
                model, new double[] {0, 1.5, 3}, new double[0]);

        models.save(trained, "abc", Instant.parse("2025-06-19T00:31:00Z"));
        var stored = models.latest().orElseThrow();

        assertThat(stored.fingerprint()).isEqualTo("abc");
        assertThat(stored.models().intent().scale()).containsExactly(scale);
        assertThat(stored.models().intent().weights()).isEqualTo(model.weights());
        assertThat(stored.models().intent().constant()).isNaN();
        assertThat(stored.models().intentCalibration()).isEqualTo(trained.intentCalibration());
        assertThat(stored.models().reachScale()).containsExactly(0, 1.5, 3);
        assertThat(stored.models().trainedAt()).isEqualTo(trained.trainedAt());
    }

    static AccountScore score(BuyingStage stage, LocalDate day) {
        return new AccountScore("pg-1", day, 90, ProfileFit.Strong, 0.4, 95, 0.3, 40, ReachLevel.Medium, 2.0, false, stage,
                List.of(new Contribution("profile", "industry=software", 1, 0.8)));
    }
}

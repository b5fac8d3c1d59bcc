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
                2.5, List.of())), Instant.parse("2025-06-19T10:00:00Z"));
        assertThat(scores.findPerson("pg-p").orElseThrow().grade()).isEqualTo('A');

        long run = scores.startRun(Instant.parse("2025-06-19T10:00:00Z"));
        scores.endRun(run, Instant.parse("2025-06-19T10:00:05Z"), "SUCCEEDED", 1, 2, Map.of("UNKNOWN_KIND", 3L), null);
    }

    static AccountScore score(BuyingStage stage, LocalDate day) {
        return new AccountScore("pg-1", day, 90, ProfileFit.Strong, 0.4, 95, 0.3, 40, ReachLevel.Medium, 2.0, false, stage,
                List.of(new Contribution("profile", "industry=software", 1, 0.8)));
    }
}

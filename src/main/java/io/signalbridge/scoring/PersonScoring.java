package io.signalbridge.scoring;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Contact and lead scores: profile fit by logistic regression of "joined a buying team" on title and
 * department; engagement as a percentile of earlier buyers' engagement when their opportunity was created.
 */
final class PersonScoring {

    private static final int CONTRIBUTORS = 3;

    private PersonScoring() {
    }

    record Result(List<PersonScore> people, Map<String, Double> profileWeights, ScoringResult.TrainingSize training) {
    }

    static Result score(ScoringInput input, EngagementFeatures engagement, Instant asOf) {
        var settings = input.settings();
        LocalDate today = asOf.atZone(settings.zone()).toLocalDate();
        List<Person> people = input.people();
        var features = new ArrayList<Map<String, Double>>(people.size());
        var labels = new ArrayList<Boolean>(people.size());
        var buyersEngagement = new ArrayList<Double>();
        for (Person person : people) {
            features.add(PersonFeatures.of(person));
            labels.add(person.boughtBy(asOf));
            if (person.boughtBy(asOf)) {
                buyersEngagement.add(engagement.personEngagement(input.signals(person.accountId()), person.personId(),
                        person.boughtAt().getEpochSecond()));
            }
        }
        var model = LogisticModel.train("person profile", features, labels);
        var profileScale = new PercentileScale(features.stream().mapToDouble(model::probability).toArray());
        var engagementScale = new PercentileScale(buyersEngagement.stream().mapToDouble(Double::doubleValue).toArray());
        var scores = new ArrayList<PersonScore>(people.size());
        for (int i = 0; i < people.size(); i++) {
            Person person = people.get(i);
            double probability = model.probability(features.get(i));
            int profileScore = profileScale.score(probability);
            double engaged = engagement.personEngagement(input.signals(person.accountId()), person.personId(), asOf.getEpochSecond());
            // With no earlier buyer to compare with, an engaged person is not graded against nothing.
            int engagementScore = buyersEngagement.isEmpty() ? 0 : engagementScale.score(engaged);
            scores.add(new PersonScore(person.personId(), person.accountId(), person.type(), today, profileScore,
                    ScoringCore.fit(settings, profileScore), probability, engagementScore, PersonScore.grade(engagementScore),
                    engaged, model.topContributions(features.get(i), CONTRIBUTORS)));
        }
        return new Result(List.copyOf(scores), model.weights(), new ScoringResult.TrainingSize(labels.size(),
                (int) labels.stream().filter(Boolean::booleanValue).count()));
    }
}

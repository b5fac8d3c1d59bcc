package io.signalbridge.scoring;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Contact and lead scores: profile fit by logistic regression of "joined a buying team" (sat on an opportunity
 * as a contact role, or converted from a lead) on title and department; engagement as a percentile of earlier
 * buyers' engagement when they joined; intent as the account intent model applied to the person's own signals
 * (a buying team of one), on the account intent scale.
 */
final class PersonScoring {

    private static final int CONTRIBUTORS = 3;

    private PersonScoring() {
    }

    record Trained(TrainedModels.Model profile, double[] buyerEngagement) {
    }

    static Trained train(ScoringInput input, EngagementFeatures engagement, Instant asOf) {
        List<Person> people = input.people();
        var features = new ArrayList<Map<String, Double>>(people.size());
        var labels = new ArrayList<Boolean>(people.size());
        var buyersEngagement = new ArrayList<Double>();
        int stride = ScoringCore.stride(people.size());
        for (int i = 0; i < people.size(); i++) {
            Person person = people.get(i);
            if (i % stride == 0) {
                features.add(PersonFeatures.of(person));
                labels.add(person.positiveBy(asOf));
            }
            // every buyer is a reference of the engagement grade (they are few)
            if (person.boughtBy(asOf)) {
                buyersEngagement.add(engagement.personEngagement(input.signals(person.accountId()), person.personId(),
                        person.boughtAt().getEpochSecond()));
            }
        }
        var model = LogisticModel.train("person profile", features, labels);
        double[] buyers = buyersEngagement.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return new Trained(ScoringCore.stored(model, features, labels, TrainedModels.Platt.IDENTITY), buyers);
    }

    /** @param only the accounts whose people to score, null for everyone */
    static List<PersonScore> score(ScoringInput input, EngagementFeatures engagement, Instant asOf, TrainedModels models,
                                   Set<String> only) {
        var settings = input.settings();
        LocalDate today = asOf.atZone(settings.zone()).toLocalDate();
        var profile = models.personProfile().logistic();
        var profileScale = models.personProfile().percentiles();
        var engagementScale = new PercentileScale(models.buyerEngagement());
        var intent = models.intent().logistic();
        var intentScale = models.intent().percentiles();
        var byAccount = new LinkedHashMap<String, List<Person>>();
        for (Person person : input.people()) {
            if (only == null || only.contains(person.accountId())) {
                byAccount.computeIfAbsent(person.accountId(), id -> new ArrayList<>()).add(person);
            }
        }
        var scores = new ArrayList<PersonScore>();
        // People with the same title, department and no intent signal explain their scores alike: one list for all of
        // them, not one each (a full run holds every person's scores until it saves them: hundreds of thousands).
        var sharedContributors = new HashMap<List<Contribution>, List<Contribution>>();
        byAccount.forEach((accountId, people) -> {
            var signals = input.signals(accountId);
            var engaged = engagement.people(signals, asOf.getEpochSecond());
            for (Person person : people) {
                var features = PersonFeatures.of(person);
                double probability = profile.probability(features);
                int profileScore = profileScale.score(probability);
                int index = signals.personIndex(person.personId());
                double personEngagement = index < 0 ? 0 : engaged.engagement(index);
                // With no earlier buyer to compare with, an engaged person is not graded against nothing.
                int engagementScore = models.buyerEngagement().length == 0 ? 0 : engagementScale.score(personEngagement);
                var intentFeatures = engaged.intent(index);
                double inMarket = models.intentCalibration().apply(intent.probability(intentFeatures));
                var contributors = new ArrayList<>(profile.topContributions(features, CONTRIBUTORS));
                contributors.addAll(intent.topContributions(intentFeatures, CONTRIBUTORS));
                scores.add(new PersonScore(person.personId(), accountId, person.type(), today, profileScore,
                        ScoringCore.fit(settings, profileScore), probability, engagementScore,
                        PersonScore.grade(engagementScore), personEngagement,
                        // no intent signal in the look-back: no intent, whatever the model's floor
                        personEngagement == 0 ? 0 : intentScale.score(inMarket), inMarket,
                        sharedContributors.computeIfAbsent(List.copyOf(contributors), shared -> shared)));
            }
        });
        scores.sort(Comparator.comparing(PersonScore::personId));
        return List.copyOf(scores);
    }
}

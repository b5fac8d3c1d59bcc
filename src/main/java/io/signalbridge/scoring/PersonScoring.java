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

    private record Pending(Person person, Map<String, Double> profileFeatures, double engagement,
                           Map<String, Double> intentFeatures) {
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
        var profile = models.personProfile().learned();
        var profileScale = models.personProfile().percentiles();
        var engagementScale = new PercentileScale(models.buyerEngagement());
        var intent = models.intent().learned();
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
        var batch = new ArrayList<Pending>(ScoringCore.BATCH);
        Runnable flush = () -> {
            var profileRows = batch.stream().map(Pending::profileFeatures).toList();
            var intentRows = batch.stream().map(Pending::intentFeatures).toList();
            double[] probabilities = profile.probabilities(profileRows);
            var profileContributions = profile.topContributions(profileRows, CONTRIBUTORS);
            double[] intentProbabilities = intent.probabilities(intentRows);
            var intentContributions = intent.topContributions(intentRows, CONTRIBUTORS);
            for (int i = 0; i < batch.size(); i++) {
                var pending = batch.get(i);
                Person person = pending.person();
                double probability = probabilities[i];
                int profileScore = profileScale.score(probability);
                double personEngagement = pending.engagement();
                // With no earlier buyer to compare with, an engaged person is not graded against nothing.
                int engagementScore = models.buyerEngagement().length == 0 ? 0 : engagementScale.score(personEngagement);
                double inMarket = models.intentCalibration().apply(intentProbabilities[i]);
                var contributors = new ArrayList<>(profileContributions.get(i));
                contributors.addAll(intentContributions.get(i));
                scores.add(new PersonScore(person.personId(), person.accountId(), person.type(), today, profileScore,
                        ScoringCore.fit(settings, profileScore), probability, engagementScore,
                        PersonScore.grade(engagementScore), personEngagement,
                        // no intent signal in the look-back: no intent, whatever the model's floor
                        personEngagement == 0 ? 0 : intentScale.score(inMarket), inMarket,
                        sharedContributors.computeIfAbsent(List.copyOf(contributors), shared -> shared)));
            }
            batch.clear();
        };
        byAccount.forEach((accountId, people) -> {
            var signals = input.signals(accountId);
            var engaged = engagement.people(signals, asOf.getEpochSecond());
            for (Person person : people) {
                int index = signals.personIndex(person.personId());
                batch.add(new Pending(person, PersonFeatures.of(person), index < 0 ? 0 : engaged.engagement(index),
                        engaged.intent(index)));
                if (batch.size() == ScoringCore.BATCH) {
                    flush.run();
                }
            }
        });
        if (!batch.isEmpty()) {
            flush.run();
        }
        scores.sort(Comparator.comparing(PersonScore::personId));
        return List.copyOf(scores);
    }
}

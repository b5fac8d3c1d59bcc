package io.signalbridge.scoring;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Scores every account of an input as of an instant, learning both models from the input's own history
 * before that instant:
 * <ul>
 * <li>profile fit: logistic regression of "produced a relevant opportunity" on firmographics;</li>
 * <li>in-market (intent): logistic regression of "a relevant opportunity is created within the horizon" on
 * the time-decayed per-kind engagement and the engaged buying team, at monthly snapshots of the past;</li>
 * <li>reach: the time-decayed count of reach signals;</li>
 * <li>contacts and leads: see {@link PersonScoring}.</li>
 * </ul>
 * Scores are percentiles of the model outputs (profile and intent against their training populations, reach
 * against today's accounts); stage follows open opportunities, else the intent score.
 */
public final class ScoringCore {

    private static final int CONTRIBUTORS_PER_MODEL = 3;
    // Beyond this many account snapshots the intent model learns from every n-th account only: more rows add
    // little to a model of a dozen weights and cost linear time and memory.
    private static final int MAX_INTENT_EXAMPLES = 60_000;

    public ScoringResult score(ScoringInput input, Instant asOf) {
        var settings = input.settings();
        var engagement = new EngagementFeatures(settings, input.kinds());
        LocalDate today = asOf.atZone(settings.zone()).toLocalDate();
        List<String> accounts = input.accountIds().stream().sorted().toList();

        var profile = trainProfile(input, accounts, asOf);
        var intent = trainIntent(input, accounts, engagement, asOf);

        var snapshots = new ArrayList<EngagementFeatures.Snapshot>(accounts.size());
        double[] reach = new double[accounts.size()];
        for (int i = 0; i < accounts.size(); i++) {
            snapshots.add(engagement.at(input.signals(accounts.get(i)), asOf.getEpochSecond()));
            reach[i] = snapshots.get(i).reach();
        }
        var reachScale = new PercentileScale(reach);

        var scores = new ArrayList<AccountScore>(accounts.size());
        long withoutFirmographics = 0;
        for (int i = 0; i < accounts.size(); i++) {
            String id = accounts.get(i);
            var firmographics = input.firmographics(id).orElse(null);
            withoutFirmographics += firmographics == null ? 1 : 0;
            var profileFeatures = ProfileFeatures.of(firmographics);
            double profileProbability = profile.model().probability(profileFeatures);
            int profileScore = profile.scale().score(profileProbability);
            var intentFeatures = snapshots.get(i).intent();
            double inMarket = intent.model().probability(intentFeatures);
            int intentScore = intent.scale().score(inMarket);
            int reachScore = reachScale.score(reach[i]);
            var open = input.opportunities(id).stream().filter(o -> o.openAt(asOf, today)).toList();
            var contributors = new ArrayList<>(profile.model().topContributions(profileFeatures, CONTRIBUTORS_PER_MODEL));
            contributors.addAll(intent.model().topContributions(intentFeatures, CONTRIBUTORS_PER_MODEL));
            scores.add(new AccountScore(id, today, profileScore, fit(settings, profileScore), profileProbability,
                    intentScore, inMarket, reachScore, reachLevel(settings, reachScore), reach[i], !open.isEmpty(),
                    stage(settings, open, intentScore), contributors));
        }
        var rejections = new EnumMap<Rejection, Long>(Rejection.class);
        rejections.putAll(input.rejections());
        if (withoutFirmographics > 0) {
            rejections.merge(Rejection.NO_FIRMOGRAPHICS, withoutFirmographics, Long::sum);
        }
        var people = PersonScoring.score(input, engagement, asOf);
        return new ScoringResult(asOf, List.copyOf(scores), people.people(), profile.model().weights(),
                intent.model().weights(), people.profileWeights(), profile.size(), intent.size(), people.training(),
                Map.copyOf(rejections));
    }

    static ProfileFit fit(ScoringSettings settings, int profileScore) {
        return profileScore >= settings.fitStrong() ? ProfileFit.Strong
                : profileScore >= settings.fitModerate() ? ProfileFit.Moderate : ProfileFit.Weak;
    }

    static ReachLevel reachLevel(ScoringSettings settings, int reachScore) {
        return reachScore >= settings.reachHigh() ? ReachLevel.High
                : reachScore >= settings.reachMedium() ? ReachLevel.Medium : ReachLevel.Low;
    }

    /** An open opportunity means the account is buying now; otherwise intent places it, in either direction. */
    static BuyingStage stage(ScoringSettings settings, List<Opportunity> open, int intentScore) {
        if (!open.isEmpty()) {
            return open.stream().anyMatch(o -> settings.purchaseStages().contains(o.stage()))
                    ? BuyingStage.Purchase : BuyingStage.Decision;
        }
        return intentScore >= settings.decision() ? BuyingStage.Decision
                : intentScore >= settings.consideration() ? BuyingStage.Consideration
                : intentScore >= settings.awareness() ? BuyingStage.Awareness
                : BuyingStage.Target;
    }

    private record Trained(LogisticModel model, PercentileScale scale, ScoringResult.TrainingSize size) {
    }

    private static Trained trainProfile(ScoringInput input, List<String> accounts, Instant asOf) {
        var features = new ArrayList<Map<String, Double>>();
        var labels = new ArrayList<Boolean>();
        for (String id : accounts) {
            var firmographics = input.firmographics(id);
            if (firmographics.isEmpty()) {
                continue;
            }
            features.add(ProfileFeatures.of(firmographics.get()));
            labels.add(input.opportunities(id).stream()
                    .anyMatch(o -> input.settings().relevant(o) && !o.created().isAfter(asOf)));
        }
        return fitted("profile", features, labels);
    }

    private static Trained trainIntent(ScoringInput input, List<String> accounts, EngagementFeatures engagement, Instant asOf) {
        var settings = input.settings();
        long horizon = settings.horizonDays() * 86_400L;
        long earliest = accounts.stream().map(input::signals).filter(s -> s.size() > 0)
                .mapToLong(s -> s.time(0)).min().orElse(Long.MAX_VALUE);
        var features = new ArrayList<Map<String, Double>>();
        var labels = new ArrayList<Boolean>();
        long possible = (long) accounts.size() * settings.maxSnapshots();
        int stride = (int) Math.max(1, (possible + MAX_INTENT_EXAMPLES - 1) / MAX_INTENT_EXAMPLES);
        for (int k = 0; k < settings.maxSnapshots(); k++) {
            Instant snapshot = asOf.minusSeconds(horizon + k * settings.snapshotSpacingDays() * 86_400L);
            if (snapshot.getEpochSecond() < earliest) {
                break;
            }
            LocalDate day = snapshot.atZone(settings.zone()).toLocalDate();
            Instant labelEnd = snapshot.plusSeconds(horizon);
            for (int a = 0; a < accounts.size(); a += stride) {
                String id = accounts.get(a);
                var opportunities = input.opportunities(id);
                if (opportunities.stream().anyMatch(o -> o.openAt(snapshot, day))) {
                    continue;
                }
                features.add(engagement.at(input.signals(id), snapshot.getEpochSecond()).intent());
                labels.add(opportunities.stream().anyMatch(o -> settings.relevant(o)
                        && o.created().isAfter(snapshot) && !o.created().isAfter(labelEnd)));
            }
        }
        return fitted("intent", features, labels);
    }

    private static Trained fitted(String name, List<Map<String, Double>> features, List<Boolean> labels) {
        var model = LogisticModel.train(name, features, labels);
        double[] reference = features.stream().mapToDouble(model::probability).toArray();
        int positives = (int) labels.stream().filter(Boolean::booleanValue).count();
        return new Trained(model, new PercentileScale(reference), new ScoringResult.TrainingSize(labels.size(), positives));
    }
}

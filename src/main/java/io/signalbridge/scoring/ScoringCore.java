package io.signalbridge.scoring;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Scores the accounts of an input as of an instant. {@link #train} learns the models from the input's own
 * history before that instant:
 * <ul>
 * <li>profile fit: logistic regression of "produced a relevant opportunity" on firmographics;</li>
 * <li>in-market (intent): logistic regression of "a relevant opportunity is created within the horizon" on
 * the time-decayed per-kind engagement and the engaged buying team, at monthly snapshots of the past, Platt-scaled
 * on the latest snapshot;</li>
 * <li>reach: the time-decayed count of reach signals;</li>
 * <li>contacts and leads: see {@link PersonScoring}.</li>
 * </ul>
 * Scores are percentiles of the model outputs (profile and intent against their training populations, reach
 * against the accounts of the last full run); stage follows open opportunities, else the intent score.
 */
public final class ScoringCore {

    private static final int CONTRIBUTORS_PER_MODEL = 3;
    // Beyond this many examples a model learns from every n-th account (or person) only: more rows add little to
    // a model of a few dozen weights and cost linear time and memory. The percentile scales take the same sample.
    static final int MAX_EXAMPLES = 60_000;
    static final int BATCH = 8_192;
    private static final long VALIDATION_SEED = 42;
    private static final double PROFILE_VALIDATION_SHARE = 0.25;

    /** A full run: every model retrained, every account and person scored. */
    public ScoringResult score(ScoringInput input, Instant asOf) {
        return score(input, asOf, train(input, asOf), null);
    }

    /** Learns the models from the input's history until {@code asOf}; the reach scale is measured by a full {@link #score}. */
    public TrainedModels train(ScoringInput input, Instant asOf) {
        var engagement = new EngagementFeatures(input.settings(), input.kinds());
        List<String> accounts = input.accountIds().stream().sorted().toList();
        var profile = trainProfile(input, accounts, asOf);
        var intent = trainIntent(input, accounts, engagement, asOf);
        var people = PersonScoring.train(input, engagement, asOf);
        return new TrainedModels(asOf, profile, intent.model(), intent.calibration(), people.profile(), null,
                people.buyerEngagement());
    }

    /**
     * Scores with trained (or stored) models.
     *
     * @param only the accounts to rescore, with their people; null for every account, which also measures the
     *             reach scale against today's accounts (the result's models carry it for later partial runs)
     */
    public ScoringResult score(ScoringInput input, Instant asOf, TrainedModels models, Set<String> only) {
        var settings = input.settings();
        var engagement = new EngagementFeatures(settings, input.kinds());
        LocalDate today = asOf.atZone(settings.zone()).toLocalDate();
        List<String> accounts = input.accountIds().stream().filter(id -> only == null || only.contains(id)).sorted().toList();
        var profile = models.profile().learned();
        var profileScale = models.profile().percentiles();
        var intent = models.intent().learned();
        var intentScale = models.intent().percentiles();
        var calibration = models.intentCalibration();

        var snapshots = new ArrayList<EngagementFeatures.Snapshot>(accounts.size());
        double[] reach = new double[accounts.size()];
        for (int i = 0; i < accounts.size(); i++) {
            snapshots.add(engagement.at(input.signals(accounts.get(i)), asOf.getEpochSecond()));
            reach[i] = snapshots.get(i).reach();
        }
        double[] reachReference = only == null || models.reachScale() == null ? reachOfAll(input, engagement, asOf, only, reach)
                : models.reachScale();
        var reachScale = new PercentileScale(reachReference);

        var scores = new ArrayList<AccountScore>(accounts.size());
        long withoutFirmographics = 0;
        // in batches: the trees predict and explain a batch of rows per native call
        for (int from = 0; from < accounts.size(); from += BATCH) {
            int to = Math.min(accounts.size(), from + BATCH);
            var firmographics = new ArrayList<Firmographics>(to - from);
            var profileRows = new ArrayList<Map<String, Double>>(to - from);
            var intentRows = new ArrayList<Map<String, Double>>(to - from);
            for (int i = from; i < to; i++) {
                var account = input.firmographics(accounts.get(i)).orElse(null);
                withoutFirmographics += account == null ? 1 : 0;
                firmographics.add(account);
                profileRows.add(ProfileFeatures.forLearner(profile.learner(), account));
                intentRows.add(snapshots.get(i).intent());
            }
            double[] profileProbabilities = profile.probabilities(profileRows);
            var profileContributions = profile.topContributions(profileRows, CONTRIBUTORS_PER_MODEL);
            double[] intentProbabilities = intent.probabilities(intentRows);
            var intentContributions = intent.topContributions(intentRows, CONTRIBUTORS_PER_MODEL);
            for (int i = from; i < to; i++) {
                String id = accounts.get(i);
                double profileProbability = profileProbabilities[i - from];
                int profileScore = profileScale.score(profileProbability);
                double inMarket = calibration.apply(intentProbabilities[i - from]);
                int intentScore = intentScale.score(inMarket);
                int reachScore = reachScale.score(reach[i]);
                var open = input.opportunities(id).stream().filter(o -> o.openAt(asOf, today)).toList();
                var contributors = new ArrayList<>(profileContributions.get(i - from));
                contributors.addAll(intentContributions.get(i - from));
                scores.add(new AccountScore(id, today, profileScore, fit(settings, profileScore), profileProbability,
                        intentScore, inMarket, reachScore, reachLevel(settings, reachScore), reach[i], !open.isEmpty(),
                        stage(settings, open, intentScore), contributors));
            }
        }
        var rejections = new EnumMap<Rejection, Long>(Rejection.class);
        rejections.putAll(input.rejections());
        if (withoutFirmographics > 0) {
            rejections.merge(Rejection.NO_FIRMOGRAPHICS, withoutFirmographics, Long::sum);
        }
        var people = PersonScoring.score(input, engagement, asOf, models, only);
        var used = new TrainedModels(models.trainedAt(), models.profile(), models.intent(), calibration, models.personProfile(),
                reachReference, models.buyerEngagement());
        return new ScoringResult(asOf, List.copyOf(scores), people, profile.weights(), intent.weights(),
                models.personProfile().weights(), models.profile().size(), models.intent().size(),
                models.personProfile().size(), Map.copyOf(rejections), used);
    }

    private static double[] reachOfAll(ScoringInput input, EngagementFeatures engagement, Instant asOf, Set<String> only,
                                       double[] scored) {
        if (only == null) {
            return scored;
        }
        return input.accountIds().stream().mapToDouble(id -> engagement.at(input.signals(id), asOf.getEpochSecond()).reach())
                .toArray();
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

    static int stride(long examples) {
        return (int) Math.max(1, (examples + MAX_EXAMPLES - 1) / MAX_EXAMPLES);
    }

    /**
     * The profile model: the learner is chosen on a seeded random quarter of the training accounts (the label is
     * "ever produced an opportunity": there is no time to order by).
     */
    private static TrainedModels.Model trainProfile(ScoringInput input, List<String> accounts, Instant asOf) {
        var features = new ArrayList<Map<String, Double>>();
        var treeFeatures = new ArrayList<Map<String, Double>>();
        var labels = new ArrayList<Boolean>();
        int stride = stride(accounts.size());
        for (int a = 0; a < accounts.size(); a += stride) {
            String id = accounts.get(a);
            var firmographics = input.firmographics(id);
            if (firmographics.isEmpty()) {
                continue;
            }
            features.add(ProfileFeatures.of(firmographics.get()));
            treeFeatures.add(ProfileFeatures.forTrees(firmographics.get()));
            labels.add(input.opportunities(id).stream()
                    .anyMatch(o -> input.settings().relevant(o) && !o.created().isAfter(asOf)));
        }
        var random = new java.util.SplittableRandom(VALIDATION_SEED);
        var fit = new ArrayList<Integer>();
        var validation = new ArrayList<Integer>();
        for (int i = 0; i < labels.size(); i++) {
            (random.nextDouble() < PROFILE_VALIDATION_SHARE ? validation : fit).add(i);
        }
        var selected = input.settings().learners().contains(Learner.GRADIENT_BOOSTED_TREES)
                ? ModelSelection.select("profile", features, treeFeatures, labels, fit, validation, false)
                : null;
        Classifier model = selected == null ? LogisticModel.train("profile", features, labels) : selected.model();
        return stored(model, model.learner() == Learner.LOGISTIC ? features : treeFeatures, labels,
                TrainedModels.Platt.IDENTITY, selected);
    }

    private record Intent(TrainedModels.Model model, TrainedModels.Platt calibration) {
    }

    private static Intent trainIntent(ScoringInput input, List<String> accounts, EngagementFeatures engagement, Instant asOf) {
        var settings = input.settings();
        long horizon = settings.horizonDays() * 86_400L;
        long earliest = accounts.stream().map(input::signals).filter(s -> s.size() > 0)
                .mapToLong(s -> s.time(0)).min().orElse(Long.MAX_VALUE);
        var features = new ArrayList<Map<String, Double>>();
        var labels = new ArrayList<Boolean>();
        int latestSnapshot = 0;
        // rows of snapshots whose label window ended before the latest snapshot: they may learn for its validation
        int validationFitFrom = -1;
        int independent = (int) Math.ceil((double) settings.horizonDays() / settings.snapshotSpacingDays());
        long possible = (long) accounts.size() * settings.maxSnapshots();
        int stride = stride(possible);
        for (int k = 0; k < settings.maxSnapshots(); k++) {
            Instant snapshot = asOf.minusSeconds(horizon + k * settings.snapshotSpacingDays() * 86_400L);
            if (snapshot.getEpochSecond() < earliest) {
                break;
            }
            LocalDate day = snapshot.atZone(settings.zone()).toLocalDate();
            if (k == independent) {
                validationFitFrom = labels.size();
            }
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
            if (k == 0) {
                latestSnapshot = labels.size();
            }
        }
        // The learner is chosen on the latest snapshot, with both fitted on the snapshots whose outcomes were known by
        // then; the chosen one is refitted on every snapshot.
        ModelSelection.Selected selected = null;
        if (settings.learners().contains(Learner.GRADIENT_BOOSTED_TREES) && validationFitFrom > 0) {
            selected = ModelSelection.select("intent", features, features, labels,
                    java.util.stream.IntStream.range(validationFitFrom, labels.size()).boxed().toList(),
                    java.util.stream.IntStream.range(0, latestSnapshot).boxed().toList(), false);
        }
        Classifier model = selected == null ? LogisticModel.train("intent", features, labels) : selected.model();
        // Platt scaling on the latest complete horizon: the opportunity rate drifts, and a model fitted on a year of
        // snapshots predicts that year's average rate; the latest snapshot is the nearest to the period it predicts.
        double[] latest = model.probabilities(features.subList(0, latestSnapshot));
        boolean[] latestOutcomes = new boolean[latestSnapshot];
        for (int i = 0; i < latestSnapshot; i++) {
            latestOutcomes[i] = labels.get(i);
        }
        var platt = Calibration.platt(latest, latestOutcomes);
        // A calibration that would turn the ranking upside down says the latest quarter disagrees with the model,
        // not how to rescale it: keep the model's own probabilities then.
        var calibration = platt.slope() > 0 ? platt : TrainedModels.Platt.IDENTITY;
        return new Intent(stored(model, features, labels, calibration, selected), calibration);
    }

    static TrainedModels.Model stored(Classifier model, List<Map<String, Double>> features, List<Boolean> labels,
                                      TrainedModels.Platt calibration) {
        return stored(model, features, labels, calibration, null);
    }

    private static TrainedModels.Model stored(Classifier model, List<Map<String, Double>> features, List<Boolean> labels,
                                              TrainedModels.Platt calibration, ModelSelection.Selected selection) {
        double[] reference = model.probabilities(features);
        for (int i = 0; i < reference.length; i++) {
            reference[i] = calibration.apply(reference[i]);
        }
        java.util.Arrays.sort(reference);
        int positives = (int) labels.stream().filter(Boolean::booleanValue).count();
        double constant = model instanceof LogisticModel logistic ? logistic.constant() : Double.NaN;
        byte[] trees = model instanceof GradientBoostedTrees boosted ? boosted.model() : null;
        var validation = selection == null ? TrainedModels.Validation.NONE
                : new TrainedModels.Validation(selection.logisticAuc(), selection.treesAuc(), selection.rounds());
        return new TrainedModels.Model(model.name(), model.weights(), constant, reference, labels.size(), positives, trees,
                validation);
    }
}

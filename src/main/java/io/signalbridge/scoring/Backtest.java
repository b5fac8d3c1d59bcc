package io.signalbridge.scoring;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * 6sense's Model Insights protocol: score every account as of the end of the cut-off day, learning only from
 * what happened until then, and judge the scores on which accounts opened a relevant opportunity in the
 * following horizon. Accounts with an opportunity already open at the cut-off are left out of the judgement.
 */
public final class Backtest {

    private static final int CALIBRATION_BINS = 10;
    private static final int LIFT_CURVE_STEPS = 20;

    private final ScoringCore core = new ScoringCore();

    public BacktestReport run(ScoringInput input, LocalDate cutoff, int horizonDays) {
        var settings = input.settings();
        Instant asOf = cutoff.plusDays(1).atStartOfDay(settings.zone()).toInstant().minusSeconds(1);
        Instant end = asOf.plusSeconds(horizonDays * 86_400L);
        var result = core.score(input, asOf);

        var judged = new ArrayList<AccountScore>();
        var outcomes = new ArrayList<Boolean>();
        for (AccountScore score : result.accounts()) {
            if (score.openOpportunity()) {
                continue;
            }
            judged.add(score);
            outcomes.add(input.opportunities(score.accountId()).stream().anyMatch(o -> settings.relevant(o)
                    && o.created().isAfter(asOf) && !o.created().isAfter(end)));
        }
        double[] profile = judged.stream().mapToDouble(AccountScore::profileProbability).toArray();
        double[] inMarket = judged.stream().mapToDouble(AccountScore::inMarketProbability).toArray();
        boolean[] opened = new boolean[outcomes.size()];
        for (int i = 0; i < opened.length; i++) {
            opened[i] = outcomes.get(i);
        }
        var people = input.people().stream().filter(p -> !p.boughtBy(asOf))
                .collect(Collectors.toMap(Person::personId, p -> p.boughtBy(end)));
        var scoredPeople = result.people().stream().filter(p -> people.containsKey(p.personId())).toList();
        boolean[] joined = new boolean[scoredPeople.size()];
        for (int i = 0; i < joined.length; i++) {
            joined[i] = people.get(scoredPeople.get(i).personId());
        }
        var personAuc = new BacktestReport.PersonAuc(joined.length, count(joined),
                Metrics.auc(scoredPeople.stream().mapToDouble(PersonScore::profileProbability).toArray(), joined),
                Metrics.auc(scoredPeople.stream().mapToDouble(PersonScore::engagement).toArray(), joined),
                Metrics.auc(scoredPeople.stream().mapToDouble(PersonScore::inMarketProbability).toArray(), joined));
        return new BacktestReport(cutoff, horizonDays, judged.size(), count(opened), Metrics.auc(profile, opened),
                Metrics.auc(inMarket, opened), personAuc, qualifiedLift(judged, opened), Metrics.topDecileLift(inMarket, opened),
                stages(judged, opened), Metrics.calibration(inMarket, opened, CALIBRATION_BINS),
                Metrics.calibration(profile, opened, CALIBRATION_BINS), result.models().intentCalibration(),
                Arrays.stream(inMarket).map(result.models().intentCalibration()::invert).average().orElse(Double.NaN),
                liftCurve(inMarket, profile, opened), result.profileTraining(),
                result.intentTraining(), topWeights(result.profileWeights()), topWeights(result.intentWeights()),
                result.rejections(), BacktestReport.Choice.of(result.models().profile()),
                BacktestReport.Choice.of(result.models().intent()), Metrics.brier(inMarket, opened));
    }

    /** Cumulative gains at every twentieth of the ranked accounts. */
    private static List<BacktestReport.LiftPoint> liftCurve(double[] inMarket, double[] profile, boolean[] opened) {
        var points = new ArrayList<BacktestReport.LiftPoint>();
        points.add(new BacktestReport.LiftPoint(0, 0, 0));
        for (int step = 1; step <= LIFT_CURVE_STEPS; step++) {
            double share = (double) step / LIFT_CURVE_STEPS;
            points.add(new BacktestReport.LiftPoint(share, Metrics.gain(inMarket, opened, share), Metrics.gain(profile, opened, share)));
        }
        return points;
    }

    private static BacktestReport.Lift qualifiedLift(List<AccountScore> judged, boolean[] opened) {
        int qualified = 0;
        int qualifiedOpened = 0;
        int restOpened = 0;
        for (int i = 0; i < opened.length; i++) {
            if (judged.get(i).qualified()) {
                qualified++;
                qualifiedOpened += opened[i] ? 1 : 0;
            } else {
                restOpened += opened[i] ? 1 : 0;
            }
        }
        return BacktestReport.Lift.of(qualified, qualifiedOpened, opened.length - qualified, restOpened);
    }

    private static List<BacktestReport.StageRow> stages(List<AccountScore> judged, boolean[] opened) {
        var accounts = new EnumMap<BuyingStage, Integer>(BuyingStage.class);
        var opportunities = new EnumMap<BuyingStage, Integer>(BuyingStage.class);
        for (int i = 0; i < opened.length; i++) {
            accounts.merge(judged.get(i).stage(), 1, Integer::sum);
            opportunities.merge(judged.get(i).stage(), opened[i] ? 1 : 0, Integer::sum);
        }
        int totalOpened = count(opened);
        var rows = new ArrayList<BacktestReport.StageRow>();
        for (BuyingStage stage : BuyingStage.values()) {
            int n = accounts.getOrDefault(stage, 0);
            int o = opportunities.getOrDefault(stage, 0);
            double accountShare = opened.length == 0 ? 0 : (double) n / opened.length;
            double opportunityShare = totalOpened == 0 ? 0 : (double) o / totalOpened;
            rows.add(new BacktestReport.StageRow(stage, n, o, accountShare, opportunityShare,
                    accountShare == 0 ? Double.NaN : opportunityShare / accountShare));
        }
        return rows;
    }

    private static List<Map.Entry<String, Double>> topWeights(Map<String, Double> weights) {
        return weights.entrySet().stream().filter(e -> !LogisticModel.isBias(e.getKey()))
                .sorted(Comparator.comparingDouble((Map.Entry<String, Double> e) -> Math.abs(e.getValue())).reversed())
                .limit(8).toList();
    }

    private static int count(boolean[] values) {
        int n = 0;
        for (boolean value : values) {
            n += value ? 1 : 0;
        }
        return n;
    }
}

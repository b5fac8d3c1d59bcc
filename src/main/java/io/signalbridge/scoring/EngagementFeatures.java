package io.signalbridge.scoring;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An account's engagement as of one instant: per intent kind, the time-decayed count of its signals
 * (log-scaled), the size of the engaged buying team, and the decayed count of reach signals.
 */
final class EngagementFeatures {

    static final String BUYING_TEAM = "buying team (people engaged in the horizon)";
    private static final long LOOKBACK_SECONDS = 365L * 86_400;

    private final List<String> kinds;
    private final SignalModel[] models;
    private final double halfLifeSeconds;
    private final long teamWindowSeconds;

    EngagementFeatures(ScoringSettings settings, List<String> kinds) {
        this.kinds = kinds;
        this.models = kinds.stream().map(settings.kinds()::get).toArray(SignalModel[]::new);
        this.halfLifeSeconds = settings.halfLifeDays() * 86_400;
        this.teamWindowSeconds = settings.horizonDays() * 86_400L;
    }

    /** Intent features (and the reach total) of {@code signals} at {@code epochSecond}: only signals up to then count. */
    Snapshot at(AccountSignals signals, long epochSecond) {
        double[] decayed = new double[kinds.size()];
        var team = new HashSet<Integer>();
        int end = upperBound(signals, epochSecond);
        for (int i = end - 1; i >= 0; i--) {
            long age = epochSecond - signals.time(i);
            if (age > LOOKBACK_SECONDS) {
                break;
            }
            int kind = signals.kind(i);
            decayed[kind] += Math.pow(0.5, age / halfLifeSeconds);
            if (models[kind] == SignalModel.INTENT && age <= teamWindowSeconds && signals.person(i) >= 0) {
                team.add(signals.person(i));
            }
        }
        var intent = new LinkedHashMap<String, Double>();
        intent.put(LogisticModel.BIAS, 1.0);
        double reach = 0;
        for (int kind = 0; kind < decayed.length; kind++) {
            if (models[kind] == SignalModel.INTENT) {
                intent.put("intent: " + kinds.get(kind), Math.log1p(decayed[kind]));
            } else {
                reach += decayed[kind];
            }
        }
        intent.put(BUYING_TEAM, Math.log1p(team.size()));
        return new Snapshot(intent, reach);
    }

    /** The time-decayed count of one person's intent signals at {@code epochSecond}. */
    double personEngagement(AccountSignals signals, String personId, long epochSecond) {
        int person = signals.personIndex(personId);
        if (person < 0) {
            return 0;
        }
        double engagement = 0;
        for (int i = upperBound(signals, epochSecond) - 1; i >= 0; i--) {
            long age = epochSecond - signals.time(i);
            if (age > LOOKBACK_SECONDS) {
                break;
            }
            if (signals.person(i) == person && models[signals.kind(i)] == SignalModel.INTENT) {
                engagement += Math.pow(0.5, age / halfLifeSeconds);
            }
        }
        return engagement;
    }

    record Snapshot(Map<String, Double> intent, double reach) {
    }

    private static int upperBound(AccountSignals signals, long epochSecond) {
        int low = 0;
        int high = signals.size();
        while (low < high) {
            int mid = (low + high) >>> 1;
            if (signals.time(mid) <= epochSecond) {
                low = mid + 1;
            } else {
                high = mid;
            }
        }
        return low;
    }
}

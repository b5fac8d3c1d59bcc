package io.signalbridge.scoring;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An account's engagement as of one instant: per intent kind, the time-decayed count of its signals
 * (log-scaled), the size of the engaged buying team, and the decayed count of reach signals. The same features
 * per person (a buying team of one) give the person's intent.
 */
final class EngagementFeatures {

    static final String BUYING_TEAM = "buying team (people engaged in the horizon)";
    private static final long LOOKBACK_SECONDS = 365L * 86_400;

    private final SignalModel[] models;
    private final String[] featureNames;
    private final double halfLifeSeconds;
    private final long teamWindowSeconds;

    EngagementFeatures(ScoringSettings settings, List<String> kinds) {
        this.models = kinds.stream().map(settings.kinds()::get).toArray(SignalModel[]::new);
        this.featureNames = kinds.stream().map(kind -> "intent: " + kind).toArray(String[]::new);
        this.halfLifeSeconds = settings.halfLifeDays() * 86_400;
        this.teamWindowSeconds = settings.horizonDays() * 86_400L;
    }

    /** Intent features (and the reach total) of {@code signals} at {@code epochSecond}: only signals up to then count. */
    Snapshot at(AccountSignals signals, long epochSecond) {
        double[] decayed = new double[models.length];
        // people seen in the team window, marked in a per-call bitmap (no boxing, no hashing in the loop)
        long[] seen = new long[(signals.persons() + 63) >>> 6];
        int team = 0;
        int end = upperBound(signals, epochSecond);
        for (int i = end - 1; i >= 0; i--) {
            long age = epochSecond - signals.time(i);
            if (age > LOOKBACK_SECONDS) {
                break;
            }
            int kind = signals.kind(i);
            decayed[kind] += decay(age);
            int person = signals.person(i);
            if (models[kind] == SignalModel.INTENT && age <= teamWindowSeconds && person >= 0
                    && (seen[person >>> 6] & (1L << person)) == 0) {
                seen[person >>> 6] |= 1L << person;
                team++;
            }
        }
        double reach = 0;
        for (int kind = 0; kind < decayed.length; kind++) {
            reach += models[kind] == SignalModel.INTENT ? 0 : decayed[kind];
        }
        return new Snapshot(intent(decayed, team), reach);
    }

    /** Every person's decayed intent signals per kind at {@code epochSecond}, in one pass over the account's signals. */
    People people(AccountSignals signals, long epochSecond) {
        double[][] decayed = new double[signals.persons()][];
        boolean[] inWindow = new boolean[signals.persons()];
        int end = upperBound(signals, epochSecond);
        for (int i = end - 1; i >= 0; i--) {
            long age = epochSecond - signals.time(i);
            if (age > LOOKBACK_SECONDS) {
                break;
            }
            int kind = signals.kind(i);
            int person = signals.person(i);
            if (person < 0 || models[kind] != SignalModel.INTENT) {
                continue;
            }
            if (decayed[person] == null) {
                decayed[person] = new double[models.length];
            }
            decayed[person][kind] += decay(age);
            inWindow[person] |= age <= teamWindowSeconds;
        }
        return new People(decayed, inWindow);
    }

    final class People {
        private final double[][] decayed;
        private final boolean[] inWindow;

        private People(double[][] decayed, boolean[] inWindow) {
            this.decayed = decayed;
            this.inWindow = inWindow;
        }

        /** The person's time-decayed count of intent signals. */
        double engagement(int person) {
            return person < 0 || decayed[person] == null ? 0 : Arrays.stream(decayed[person]).sum();
        }

        /** The intent features of a buying team of this person alone; -1 (no signals) gives the all-zero features. */
        Map<String, Double> intent(int person) {
            boolean any = person >= 0 && decayed[person] != null;
            return EngagementFeatures.this.intent(any ? decayed[person] : new double[models.length],
                    any && inWindow[person] ? 1 : 0);
        }
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
                engagement += decay(age);
            }
        }
        return engagement;
    }

    record Snapshot(Map<String, Double> intent, double reach) {
    }

    private Map<String, Double> intent(double[] decayed, int team) {
        var intent = new LinkedHashMap<String, Double>(2 * models.length + 4);
        intent.put(LogisticModel.BIAS, 1.0);
        for (int kind = 0; kind < decayed.length; kind++) {
            if (models[kind] == SignalModel.INTENT) {
                intent.put(featureNames[kind], Math.log1p(decayed[kind]));
            }
        }
        intent.put(BUYING_TEAM, Math.log1p(team));
        return intent;
    }

    private double decay(long ageSeconds) {
        return Math.exp(-LN2 * ageSeconds / halfLifeSeconds);
    }

    private static final double LN2 = Math.log(2);

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

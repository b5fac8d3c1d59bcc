package io.signalbridge.scoring;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Firmographics as features. For the logistic model all one-hot: industry, country, and employee and revenue ranges
 * (log-scaled bands). For the trees the same industry and country, but employees and revenue as log10 numbers (blank:
 * missing), so they find their own cut points instead of the bands'.
 */
final class ProfileFeatures {

    private static final double[] EMPLOYEE_BANDS = {50, 200, 1_000, 5_000};
    private static final double[] REVENUE_BANDS = {1e6, 1e7, 1e8, 1e9};

    private ProfileFeatures() {
    }

    static Map<String, Double> of(Firmographics account) {
        var features = new LinkedHashMap<String, Double>();
        features.put(LogisticModel.BIAS, 1.0);
        if (account == null) {
            features.put("firmographics=missing", 1.0);
            return features;
        }
        features.put("industry=" + text(account.industry()), 1.0);
        features.put("country=" + text(account.country()), 1.0);
        features.put("employees=" + band(account.employees() == null ? null : account.employees().doubleValue(), EMPLOYEE_BANDS, ""), 1.0);
        features.put("revenue=" + band(account.annualRevenue(), REVENUE_BANDS, "$"), 1.0);
        return features;
    }

    static Map<String, Double> forLearner(Learner learner, Firmographics account) {
        return learner == Learner.LOGISTIC ? of(account) : forTrees(account);
    }

    static Map<String, Double> forTrees(Firmographics account) {
        var features = new LinkedHashMap<String, Double>();
        if (account == null) {
            features.put("firmographics=missing", 1.0);
            features.put("log10 employees", Double.NaN);
            features.put("log10 revenue", Double.NaN);
            return features;
        }
        features.put("industry=" + text(account.industry()), 1.0);
        features.put("country=" + text(account.country()), 1.0);
        features.put("log10 employees", account.employees() == null || account.employees() <= 0 ? Double.NaN
                : Math.log10(account.employees()));
        features.put("log10 revenue", account.annualRevenue() == null || account.annualRevenue() <= 0 ? Double.NaN
                : Math.log10(account.annualRevenue()));
        return features;
    }

    private static String text(String value) {
        return value == null || value.isBlank() ? "unknown" : value.trim().toLowerCase(Locale.ROOT);
    }

    private static String band(Double value, double[] bounds, String unit) {
        if (value == null) {
            return "unknown";
        }
        for (int i = 0; i < bounds.length; i++) {
            if (value < bounds[i]) {
                return i == 0 ? "<" + unit + compact(bounds[0]) : unit + compact(bounds[i - 1]) + "-" + unit + compact(bounds[i]);
            }
        }
        return unit + compact(bounds[bounds.length - 1]) + "+";
    }

    private static String compact(double value) {
        return value >= 1e9 ? (long) (value / 1e9) + "B" : value >= 1e6 ? (long) (value / 1e6) + "M" : String.valueOf((long) value);
    }
}

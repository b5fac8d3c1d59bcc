package io.signalbridge.scoring;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/** Ranking and calibration measures of predicted probabilities against outcomes. */
public final class Metrics {

    private Metrics() {
    }

    /** Area under the ROC curve (Mann–Whitney, ties counted half); NaN without both outcomes. */
    public static double auc(double[] predicted, boolean[] outcome) {
        Integer[] order = order(predicted);
        long positives = 0;
        for (boolean o : outcome) {
            positives += o ? 1 : 0;
        }
        long negatives = outcome.length - positives;
        if (positives == 0 || negatives == 0) {
            return Double.NaN;
        }
        double rankSum = 0;
        int i = 0;
        while (i < order.length) {
            int j = i;
            while (j + 1 < order.length && predicted[order[j + 1]] == predicted[order[i]]) {
                j++;
            }
            double midRank = (i + j) / 2.0 + 1;
            for (int k = i; k <= j; k++) {
                rankSum += outcome[order[k]] ? midRank : 0;
            }
            i = j + 1;
        }
        return (rankSum - positives * (positives + 1) / 2.0) / ((double) positives * negatives);
    }

    /** Mean squared difference between predicted probability and outcome (0 or 1): lower is better. */
    public static double brier(double[] predicted, boolean[] outcome) {
        double sum = 0;
        for (int i = 0; i < predicted.length; i++) {
            double error = predicted[i] - (outcome[i] ? 1 : 0);
            sum += error * error;
        }
        return predicted.length == 0 ? Double.NaN : sum / predicted.length;
    }

    /** Outcome rate of the top tenth by prediction divided by the overall rate. */
    public static double topDecileLift(double[] predicted, boolean[] outcome) {
        Integer[] order = order(predicted);
        int top = Math.max(1, order.length / 10);
        int hits = 0;
        int all = 0;
        for (int i = 0; i < order.length; i++) {
            boolean o = outcome[order[order.length - 1 - i]];
            all += o ? 1 : 0;
            hits += i < top && o ? 1 : 0;
        }
        return all == 0 ? Double.NaN : ((double) hits / top) / ((double) all / order.length);
    }

    /** The share of all positive outcomes found in the top {@code share} of cases by prediction (cumulative gain). */
    public static double gain(double[] predicted, boolean[] outcome, double share) {
        Integer[] order = order(predicted);
        int top = (int) Math.round(share * order.length);
        int hits = 0;
        int all = 0;
        for (int i = 0; i < order.length; i++) {
            boolean o = outcome[order[order.length - 1 - i]];
            all += o ? 1 : 0;
            hits += i < top && o ? 1 : 0;
        }
        return all == 0 ? Double.NaN : (double) hits / all;
    }

    public record CalibrationBin(double from, double to, int accounts, double meanPredicted, double observedRate) {
    }

    /** Equal-count bins by prediction, lowest first: mean predicted probability against observed rate. */
    public static List<CalibrationBin> calibration(double[] predicted, boolean[] outcome, int bins) {
        Integer[] order = order(predicted);
        var rows = new ArrayList<CalibrationBin>();
        for (int b = 0; b < bins; b++) {
            int from = b * order.length / bins;
            int to = (b + 1) * order.length / bins;
            if (from == to) {
                continue;
            }
            double sum = 0;
            int hits = 0;
            for (int i = from; i < to; i++) {
                sum += predicted[order[i]];
                hits += outcome[order[i]] ? 1 : 0;
            }
            rows.add(new CalibrationBin(predicted[order[from]], predicted[order[to - 1]], to - from, sum / (to - from),
                    (double) hits / (to - from)));
        }
        return rows;
    }

    private static Integer[] order(double[] predicted) {
        Integer[] order = new Integer[predicted.length];
        Arrays.setAll(order, i -> i);
        Arrays.sort(order, Comparator.comparingDouble(i -> predicted[i]));
        return order;
    }
}

package io.signalbridge.scoring;

import java.util.Arrays;

/**
 * Maps a model output to 0–100 as the share of a reference population scoring strictly lower, so a score
 * reads "better than N % of accounts" and ties at the bottom (no signal at all) score 0.
 */
final class PercentileScale {

    private final double[] sorted;

    PercentileScale(double[] reference) {
        this.sorted = reference.clone();
        Arrays.sort(sorted);
    }

    int score(double value) {
        if (sorted.length == 0) {
            return 0;
        }
        int low = 0;
        int high = sorted.length;
        while (low < high) {
            int mid = (low + high) >>> 1;
            if (sorted[mid] < value - 1e-12) {
                low = mid + 1;
            } else {
                high = mid;
            }
        }
        return (int) Math.round(100.0 * low / sorted.length);
    }
}

package io.signalbridge.sandbox.generator;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.SplittableRandom;

/** Random draws the simulation needs beyond what SplittableRandom offers. */
final class Draw {

    private static final long GOLDEN_GAMMA = 0x9E3779B97F4A7C15L;

    private Draw() {
    }

    /**
     * A well-mixed seed for entity {@code index} of stream {@code stream}: entities get independent random
     * streams, so one account's draws never depend on how many accounts came before it.
     */
    static long seed(long seed, long stream, long index) {
        return mix(mix(seed + GOLDEN_GAMMA * stream) + GOLDEN_GAMMA * (index + 1));
    }

    /** SplitMix64's finaliser. */
    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    static boolean chance(SplittableRandom random, double probability) {
        return random.nextDouble() < probability;
    }

    /** Knuth's method: fine for the small means used here. */
    static int poisson(SplittableRandom random, double mean) {
        if (mean <= 0) {
            return 0;
        }
        double limit = Math.exp(-Math.min(mean, 500));
        double product = random.nextDouble();
        int count = 0;
        while (product > limit) {
            count++;
            product *= random.nextDouble();
        }
        return count;
    }

    static int between(SplittableRandom random, int fromInclusive, int toInclusive) {
        return random.nextInt(fromInclusive, toInclusive + 1);
    }

    static <T> T oneOf(SplittableRandom random, List<T> values) {
        return values.get(random.nextInt(values.size()));
    }

    @SafeVarargs
    static <T> T oneOf(SplittableRandom random, T... values) {
        return values[random.nextInt(values.length)];
    }

    /** An index into {@code weights}, chosen with probability proportional to its weight. */
    static int weightedIndex(SplittableRandom random, double[] weights) {
        double total = 0;
        for (double w : weights) {
            total += w;
        }
        double target = random.nextDouble() * total;
        for (int i = 0; i < weights.length; i++) {
            target -= weights[i];
            if (target < 0) {
                return i;
            }
        }
        return weights.length - 1;
    }

    /** A whole second in [from, to]; {@code from} when the range is empty. */
    static Instant instantBetween(SplittableRandom random, Instant from, Instant to) {
        long span = to.getEpochSecond() - from.getEpochSecond();
        if (span <= 0) {
            return from;
        }
        return from.plusSeconds(random.nextLong(span + 1));
    }

    static Instant plusDays(SplittableRandom random, Instant from, double minDays, double maxDays) {
        long seconds = (long) (Duration.ofDays(1).toSeconds() * (minDays + random.nextDouble() * (maxDays - minDays)));
        return from.plusSeconds(seconds);
    }

    static Instant min(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }

    static Instant max(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }
}

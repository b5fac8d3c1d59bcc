package io.signalbridge.salesforce.streaming;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * How fresh the scores are after a Salesforce change, on this node: per change event stored, the time from its commit
 * in Salesforce to the end of the rescoring run that took it in (the incremental scoring and the write-back of the
 * changed fields, whose calls Salesforce has answered by then). Kept in memory for the last hour.
 */
public class Freshness {

    public static final Duration WINDOW = Duration.ofHours(1);

    /** Percentiles in milliseconds over the window; null without samples. */
    public record Figures(Duration window, int events, Long p50Ms, Long p95Ms, Long p99Ms, Long maxMs) {
    }

    private record Sample(Instant at, long millis) {
    }

    private final Clock clock;
    private final List<Instant> pending = new ArrayList<>();
    private final Deque<Sample> samples = new ArrayDeque<>();

    public Freshness(Clock clock) {
        this.clock = clock;
    }

    /** An event's records are stored; the next rescoring run takes it in. */
    public synchronized void stored(Instant commitTime) {
        pending.add(commitTime);
    }

    /** A rescoring run starts: the events stored until now are the ones it takes in. */
    public synchronized List<Instant> takePending() {
        var taken = List.copyOf(pending);
        pending.clear();
        return taken;
    }

    /** The run that took these events in has written back. */
    public synchronized void writtenBack(List<Instant> commitTimes) {
        Instant now = clock.instant();
        for (Instant commit : commitTimes) {
            samples.addLast(new Sample(now, Math.max(0, Duration.between(commit, now).toMillis())));
        }
        expire(now);
    }

    public synchronized Figures figures() {
        expire(clock.instant());
        long[] sorted = samples.stream().mapToLong(Sample::millis).sorted().toArray();
        if (sorted.length == 0) {
            return new Figures(WINDOW, 0, null, null, null, null);
        }
        return new Figures(WINDOW, sorted.length, percentile(sorted, 50), percentile(sorted, 95), percentile(sorted, 99), sorted[sorted.length - 1]);
    }

    /** Nearest rank. */
    static long percentile(long[] sorted, int percent) {
        int rank = (int) Math.ceil(percent / 100.0 * sorted.length);
        return sorted[Math.max(0, rank - 1)];
    }

    private void expire(Instant now) {
        while (!samples.isEmpty() && samples.peekFirst().at().isBefore(now.minus(WINDOW))) {
            samples.removeFirst();
        }
    }
}

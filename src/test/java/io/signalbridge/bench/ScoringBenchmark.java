package io.signalbridge.bench;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.SplittableRandom;

import io.signalbridge.scoring.Firmographics;
import io.signalbridge.scoring.Learner;
import io.signalbridge.scoring.Opportunity;
import io.signalbridge.scoring.ScoringCore;
import io.signalbridge.scoring.ScoringInput;
import io.signalbridge.scoring.ScoringSettings;
import io.signalbridge.scoring.Signal;
import io.signalbridge.scoring.SignalModel;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The in-memory scoring step at scale: 100,000 accounts and 10,000,000 signals over 18 months, fed to the core
 * and scored (both models trained). Prints events ingested per second and the time of a full rescore.
 * Run: {@code ./mvnw -Pbench test -Dtest=ScoringBenchmark}.
 */
@Tag("bench")
class ScoringBenchmark {

    static final int ACCOUNTS = 100_000;
    static final int EVENTS = 10_000_000;
    static final Instant NOW = Instant.parse("2025-06-15T00:00:00Z");
    static final String[] KINDS = {"form", "open", "click", "response", "task", "meeting"};

    /** {@code -Dbench.learners=logistic} measures the logistic model alone; default: both learners, chosen by validation. */
    private static Set<Learner> learners() {
        return Arrays.stream(System.getProperty("bench.learners", "logistic,gradient_boosted_trees").split(","))
                .map(name -> Learner.valueOf(name.trim().toUpperCase(Locale.ROOT).replace('-', '_')))
                .collect(Collectors.toSet());
    }

    @Test
    void rescoresAHundredThousandAccountsFromTenMillionEvents() {
        var settings = ScoringSettings.defaults(Map.of("form", SignalModel.INTENT, "open", SignalModel.INTENT,
                "click", SignalModel.INTENT, "response", SignalModel.INTENT, "task", SignalModel.REACH,
                "meeting", SignalModel.REACH)).withLearners(learners());
        var input = new ScoringInput(settings, NOW);
        var random = new SplittableRandom(42);
        String[] ids = new String[ACCOUNTS];
        String[][] people = new String[ACCOUNTS][5];
        for (int a = 0; a < ACCOUNTS; a++) {
            ids[a] = "A" + a;
            for (int p = 0; p < 5; p++) {
                people[a][p] = ids[a] + "-" + p;
            }
            input.add(new Firmographics(ids[a], "industry" + random.nextInt(12), (long) random.nextInt(20_000),
                    random.nextDouble() * 1e9, "country" + random.nextInt(20)));
            if (random.nextInt(5) == 0) {
                Instant created = NOW.minus(random.nextInt(540), ChronoUnit.DAYS);
                input.add(new Opportunity("O" + a, ids[a], "Closed Won", created,
                        LocalDate.ofInstant(created, ZoneOffset.UTC).plusDays(60), true));
            }
        }
        long historySeconds = 540L * 86_400;
        var threads = java.lang.management.ManagementFactory.getThreadMXBean();
        // What making the events costs by itself (same generator, events dropped), to tell the core's share.
        var generator = new SplittableRandom(7);
        long sink = 0;
        long startedCpu = threads.getCurrentThreadCpuTime();
        for (int e = 0; e < EVENTS; e++) {
            int a = generator.nextInt(ACCOUNTS);
            var signal = new Signal(KINDS[generator.nextInt(KINDS.length)], NOW.minusSeconds(generator.nextLong(historySeconds)),
                    ids[a], people[a][generator.nextInt(5)]);
            sink += signal.time().getNano() + signal.personId().length();
        }
        double generateCpu = (threads.getCurrentThreadCpuTime() - startedCpu) / 1e9 + (sink == -1 ? 1 : 0);
        startedCpu = threads.getCurrentThreadCpuTime();
        long started = System.nanoTime();
        for (int e = 0; e < EVENTS; e++) {
            int a = random.nextInt(ACCOUNTS);
            input.add(new Signal(KINDS[random.nextInt(KINDS.length)], NOW.minusSeconds(random.nextLong(historySeconds)), ids[a],
                    people[a][random.nextInt(5)]));
        }
        double ingestSeconds = (System.nanoTime() - started) / 1e9;
        double ingestCpu = (threads.getCurrentThreadCpuTime() - startedCpu) / 1e9;

        startedCpu = threads.getCurrentThreadCpuTime();
        started = System.nanoTime();
        var core = new ScoringCore();
        var models = core.train(input, NOW);
        double trainSeconds = (System.nanoTime() - started) / 1e9;
        double trainCpu = (threads.getCurrentThreadCpuTime() - startedCpu) / 1e9;
        var result = core.score(input, NOW, models, null);
        double scoreSeconds = (System.nanoTime() - started) / 1e9;
        double allCpu = (threads.getCurrentThreadCpuTime() - startedCpu) / 1e9;
        // XGBoost runs on the calling thread (one OpenMP thread), so its work is in the thread's CPU time
        System.out.printf("Learners %s: profile model %s, in-market model %s; training %.1f s CPU (%.1f s wall), "
                        + "scoring %.1f s CPU (%.1f s wall)%n", settings.learners(), models.profile().learner(),
                models.intent().learner(), trainCpu, trainSeconds, allCpu - trainCpu, scoreSeconds - trainSeconds);
        double scoreCpu = (threads.getCurrentThreadCpuTime() - startedCpu) / 1e9;

        // CPU time of the scoring thread is the per-core figure; wall time depends on what else the machine runs.
        System.out.printf("Scoring benchmark: %,d events into %,d accounts in %.1f s wall / %.1f s CPU (%,.0f events per "
                        + "CPU second; %,.0f without the %.1f s CPU of making the events); full rescore (models trained on %,d accounts, %,d intent snapshots, %,d people) in "
                        + "%.1f s wall (training %.1f s) / %.1f s CPU (%,.0f events per CPU second); load average %.1f; heap %d MB%n",
                EVENTS, result.accounts().size(), ingestSeconds, ingestCpu, EVENTS / ingestCpu, EVENTS / (ingestCpu - generateCpu),
                generateCpu,
                result.profileTraining().examples(), result.intentTraining().examples(), result.personTraining().examples(),
                scoreSeconds, trainSeconds, scoreCpu, EVENTS / scoreCpu,
                java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(),
                Runtime.getRuntime().totalMemory() / (1 << 20));
    }
}

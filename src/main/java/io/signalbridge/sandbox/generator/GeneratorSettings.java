package io.signalbridge.sandbox.generator;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;

import io.signalbridge.sandbox.SandboxProperties;

/**
 * What a demo org is generated from. The same settings always give byte-identical records.
 *
 * @param seed      the seed of every random draw
 * @param accounts  how many Salesforce accounts (companies) to generate; records grow linearly with it
 * @param months    how much history, counted back from {@code now}
 * @param now       the generation instant (truncated to seconds); no timestamp lies after it
 * @param batchSize rows per insert batch (and per transaction)
 */
public record GeneratorSettings(long seed, int accounts, int months, Instant now, int batchSize) {

    public static final int DEFAULT_BATCH_SIZE = 5_000;

    public GeneratorSettings {
        if (accounts < 0 || accounts > CompanyNames.MAX_ACCOUNTS) {
            throw new IllegalArgumentException("accounts must be between 0 and " + CompanyNames.MAX_ACCOUNTS + ": " + accounts);
        }
        if (months < 3) {
            throw new IllegalArgumentException("months must be at least 3: " + months);
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be positive: " + batchSize);
        }
        now = now.truncatedTo(ChronoUnit.SECONDS);
    }

    public static GeneratorSettings of(long seed, int accounts, int months, Clock clock) {
        return new GeneratorSettings(seed, accounts, months, clock.instant(), DEFAULT_BATCH_SIZE);
    }

    public static GeneratorSettings of(SandboxProperties.Generator generator, Clock clock) {
        return of(generator.seed(), generator.accounts(), generator.months(), clock);
    }

    public GeneratorSettings withBatchSize(int size) {
        return new GeneratorSettings(seed, accounts, months, now, size);
    }

    /** The first instant of the history. */
    public Instant historyStart() {
        return now.atZone(ZoneOffset.UTC).minusMonths(months).toInstant();
    }
}

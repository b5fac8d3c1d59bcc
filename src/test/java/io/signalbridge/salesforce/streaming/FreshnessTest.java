package io.signalbridge.salesforce.streaming;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;

class FreshnessTest {

    final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-12-04T03:00:00Z"));
    final Clock clock = new Clock() {
        @Override
        public ZoneId getZone() {
            return ZoneId.of("UTC");
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now.get();
        }
    };

    @Test
    void percentilesOfTheLastHourFromCommitToWriteBack() {
        var freshness = new Freshness(clock);
        assertThat(freshness.figures().events()).isZero();
        for (int i = 1; i <= 100; i++) {
            freshness.stored(now.get().minusMillis(i * 100L));
        }
        freshness.writtenBack(freshness.takePending());

        var figures = freshness.figures();
        assertThat(figures.events()).isEqualTo(100);
        assertThat(figures.p50Ms()).isEqualTo(5_000);
        assertThat(figures.p95Ms()).isEqualTo(9_500);
        assertThat(figures.p99Ms()).isEqualTo(9_900);
        assertThat(figures.maxMs()).isEqualTo(10_000);
        assertThat(freshness.takePending()).as("taken by the run").isEmpty();

        now.set(now.get().plus(Duration.ofMinutes(61)));
        assertThat(freshness.figures().events()).as("older than an hour").isZero();
    }
}

package io.signalbridge.salesforce.streaming;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/** Where a subscription starts: after the stored replay id, at -1 with a catch-up pull when it is past retention. */
class StoredReplayIdsTest {

    static final String CHANNEL = "/data/ChangeEvents";
    final Instant now = Instant.parse("2026-12-04T03:00:00Z");
    final Clock clock = Clock.fixed(now, ZoneOffset.UTC);
    final List<String> caughtUp = new ArrayList<>();
    StreamPositions positions;
    StoredReplayIds replayIds;

    @BeforeEach
    void database() throws Exception {
        var jdbc = new JdbcTemplate(new DriverManagerDataSource("jdbc:h2:mem:replay-" + UUID.randomUUID()
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DB_CLOSE_DELAY=-1", "sa", ""));
        jdbc.execute(Files.readString(Path.of("src/main/resources/db/migration/V180__salesforce_stream_position.sql")).replaceAll("(?m)^--.*$", ""));
        positions = new StreamPositions(jdbc, clock);
        var settings = new StreamingProperties(true, CHANNEL, Duration.ofSeconds(2), "", Duration.ofHours(72), List.of("salesforce-accounts"));
        replayIds = new StoredReplayIds(positions, settings, clock, caughtUp::add);
    }

    @Test
    void aChannelNeverProcessedStartsWithNewEvents() {
        assertThat(replayIds.get(CHANNEL)).isEqualTo(-1L);
        assertThat(replayIds.get("/data/LeadChangeEvent")).isNull();
        assertThat(caughtUp).isEmpty();
    }

    @Test
    void aProcessedChannelResumesAfterItsLastEventAndAnEventDeliveredAgainDoesNotMoveItBack() {
        positions.processed(CHANNEL, 41, now.minusSeconds(60));
        positions.processed(CHANNEL, 42, now.minusSeconds(30));
        positions.processed(CHANNEL, 41, now.minusSeconds(60));

        assertThat(replayIds.get(CHANNEL)).isEqualTo(42L);
        assertThat(replayIds.getOrDefault(CHANNEL, -2L)).isEqualTo(42L);
        assertThat(caughtUp).isEmpty();
    }

    @Test
    void aReplayIdPastRetentionIsDroppedForNewEventsAndACatchUpPull() {
        positions.processed(CHANNEL, 42, now.minus(Duration.ofHours(71).plusMinutes(30)));

        assertThat(replayIds.get(CHANNEL)).isEqualTo(-1L);
        assertThat(caughtUp).containsExactly(CHANNEL);
        assertThat(positions.find(CHANNEL)).isEmpty();
    }
}

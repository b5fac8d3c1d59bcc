package io.signalbridge.scores;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.util.SplittableRandom;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class SourceTimesTest {

    static final ZoneId ZONE = ZoneId.of("America/New_York");
    /** The formatter the fast path stands in for. */
    static final DateTimeFormatter FORMATTER = new DateTimeFormatterBuilder()
            .append(DateTimeFormatter.ISO_LOCAL_DATE_TIME).optionalStart().appendOffset("+HHMM", "Z").optionalEnd()
            .optionalStart().appendOffset("+HH:MM", "Z").optionalEnd().toFormatter();

    @ParameterizedTest
    @ValueSource(strings = {"2025-06-15T12:34:56.000+0000", "2025-06-15T12:34:56Z", "2025-06-15T12:34:56.123456789Z",
            "2024-02-29T23:59:59-0830", "2025-06-15T12:34:56+05:30", "2025-06-15T12:34:56.5-01:00", "2023-02-29T10:00:00Z",
            "2025-13-01T00:00:00Z", "2025-06-31T00:00:00Z", "2025-06-15T24:00:00Z", "2025-06-15T12:34:60Z",
            "2025-06-15T12:34:56", "2025-06-15T12:34Z", "2025-06-15T12:34:56.Z", "2025-06-15T12:34:56.1234567891Z",
            "2025-06-15T12:34:56+1900", "2025-06-15T12:34:56+05:3x", "2025-06-15 12:34:56Z", "+2025-06-15T12:34:56Z",
            "2025-06-15T12:34:56.000+00000", "2025-06-15T12:34:56z", "2025-06-15", "garbage"})
    void readsEveryTextAsTheFormatterDoes(String text) {
        assertThat(SourceTimes.instant(text, ZONE)).isEqualTo(byFormatter(text));
    }

    @Test
    void agreesWithTheFormatterOnRandomTimesAndOffsets() {
        var random = new SplittableRandom(7);
        for (int i = 0; i < 20_000; i++) {
            var time = Instant.ofEpochSecond(random.nextLong(0, 4_102_444_800L), random.nextInt(1_000_000_000));
            int offsetMinutes = random.nextInt(-18 * 60, 18 * 60 + 1);
            var at = time.atOffset(java.time.ZoneOffset.ofTotalSeconds(offsetMinutes * 60));
            String[] texts = {at.format(DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSxx")),
                    at.format(DateTimeFormatter.ISO_OFFSET_DATE_TIME), time.toString()};
            for (String text : texts) {
                assertThat(SourceTimes.commonForm(text)).as(text).isEqualTo(byFormatter(text));
            }
        }
    }

    static Instant byFormatter(String text) {
        if (text.length() == 10) {
            return java.time.LocalDate.parse(text).atStartOfDay(ZONE).toInstant();
        }
        try {
            return OffsetDateTime.parse(text, FORMATTER).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}

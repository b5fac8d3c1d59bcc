package io.signalbridge.scores;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;

/** Datetimes and dates as Salesforce (2025-06-15T12:34:56.000+0000) and Marketo (2025-06-15T12:34:56Z) write them. */
final class SourceTimes {

    private static final DateTimeFormatter OFFSET = new DateTimeFormatterBuilder()
            .append(DateTimeFormatter.ISO_LOCAL_DATE_TIME).optionalStart().appendOffset("+HHMM", "Z").optionalEnd()
            .optionalStart().appendOffset("+HH:MM", "Z").optionalEnd().toFormatter();

    private SourceTimes() {
    }

    /** An instant, a date (its start in {@code zone}), or null when absent or unreadable. */
    static Instant instant(String text, ZoneId zone) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            if (text.length() == 10) {
                return LocalDate.parse(text).atStartOfDay(zone).toInstant();
            }
            return OffsetDateTime.parse(text, OFFSET).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    static LocalDate date(String text, ZoneId zone) {
        if (text == null || text.isBlank()) {
            return null;
        }
        if (text.length() == 10) {
            try {
                return LocalDate.parse(text);
            } catch (DateTimeParseException e) {
                return null;
            }
        }
        Instant instant = instant(text, zone);
        return instant == null ? null : instant.atZone(zone).toLocalDate();
    }
}

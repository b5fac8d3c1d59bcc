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
            Instant common = commonForm(text);
            return common != null ? common : OffsetDateTime.parse(text, OFFSET).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /**
     * The forms both systems actually send (yyyy-MM-ddTHH:mm:ss, an optional fraction, then Z, +HHMM or +HH:MM),
     * read without the formatter: a full run reads millions of them, and the formatter's parse was half the cost of
     * assembling a run's input. Null for anything else (the formatter then decides, so the two agree on every input).
     */
    static Instant commonForm(String text) {
        int n = text.length();
        if (n < 20 || text.charAt(4) != '-' || text.charAt(7) != '-' || text.charAt(10) != 'T' || text.charAt(13) != ':'
                || text.charAt(16) != ':') {
            return null;
        }
        int year = digits(text, 0, 4);
        int month = digits(text, 5, 2);
        int day = digits(text, 8, 2);
        int hour = digits(text, 11, 2);
        int minute = digits(text, 14, 2);
        int second = digits(text, 17, 2);
        if ((year | month | day | hour | minute | second) < 0 || month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59
                || second > 59) {
            return null;
        }
        int i = 19;
        int nanos = 0;
        if (text.charAt(i) == '.') {
            int start = ++i;
            while (i < n && text.charAt(i) >= '0' && text.charAt(i) <= '9') {
                i++;
            }
            int length = i - start;
            if (length == 0 || length > 9) {
                return null;
            }
            nanos = digits(text, start, length);
            for (int k = length; k < 9; k++) {
                nanos *= 10;
            }
        }
        int offsetSeconds;
        if (n - i == 1 && text.charAt(i) == 'Z') {
            offsetSeconds = 0;
        } else if ((n - i == 5 || n - i == 6 && text.charAt(i + 3) == ':') && (text.charAt(i) == '+' || text.charAt(i) == '-')) {
            int offsetHours = digits(text, i + 1, 2);
            int offsetMinutes = digits(text, n - 2, 2);
            if ((offsetHours | offsetMinutes) < 0 || offsetHours > 18 || offsetMinutes > 59) {
                return null;
            }
            offsetSeconds = (text.charAt(i) == '-' ? -1 : 1) * (offsetHours * 3600 + offsetMinutes * 60);
        } else {
            return null;
        }
        if (day > 28 && day > java.time.YearMonth.of(year, month).lengthOfMonth()) {
            return null;
        }
        long epochDay = LocalDate.of(year, month, day).toEpochDay();
        return Instant.ofEpochSecond(epochDay * 86_400 + hour * 3_600L + minute * 60L + second - offsetSeconds, nanos);
    }

    /** The number written by {@code length} decimal digits at {@code from}, or -1 if one of them is not a digit. */
    private static int digits(String text, int from, int length) {
        int value = 0;
        for (int i = from; i < from + length; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
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

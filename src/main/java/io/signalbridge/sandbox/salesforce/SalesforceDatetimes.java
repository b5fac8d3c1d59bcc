package io.signalbridge.sandbox.salesforce;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.temporal.ChronoUnit;

/** Salesforce's JSON datetime form, {@code 2024-05-01T10:00:00.000+0000}, always in UTC. */
public final class SalesforceDatetimes {

    private static final DateTimeFormatter FORMAT = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSZ").withZone(ZoneOffset.UTC);
    /** What clients send: Z, +01:00 or +0100, with or without fractional seconds. */
    private static final DateTimeFormatter INPUT = new DateTimeFormatterBuilder()
            .append(DateTimeFormatter.ISO_LOCAL_DATE_TIME)
            .optionalStart().appendOffset("+HH:MM", "Z").optionalEnd()
            .optionalStart().appendOffset("+HHMM", "Z").optionalEnd()
            .toFormatter();

    private SalesforceDatetimes() {
    }

    public static String format(Instant instant) {
        return FORMAT.format(instant.truncatedTo(ChronoUnit.MILLIS));
    }

    /** Parses a datetime with an offset; throws {@link java.time.format.DateTimeParseException} otherwise. */
    public static Instant parse(String text) {
        return OffsetDateTime.parse(text, INPUT).toInstant();
    }
}

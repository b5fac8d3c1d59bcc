package io.signalbridge.sandbox.generator;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** The span of the generated history, and the Salesforce and Marketo text forms of its instants. */
record Timeline(Instant start, Instant now) {

    private static final DateTimeFormatter SALESFORCE_DATETIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS+0000").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter ISO_SECONDS =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'Z'").withZone(ZoneOffset.UTC);

    static Duration days(double days) {
        return Duration.ofSeconds((long) (days * 86_400));
    }

    double days() {
        return Duration.between(start, now).toSeconds() / 86_400.0;
    }

    Instant clamp(Instant t) {
        return t.isBefore(start) ? start : t.isAfter(now) ? now : t;
    }

    static String salesforceDateTime(Instant t) {
        return SALESFORCE_DATETIME.format(t);
    }

    static String salesforceDate(Instant t) {
        return LocalDate.ofInstant(t, ZoneOffset.UTC).toString();
    }

    static String marketoDateTime(Instant t) {
        return ISO_SECONDS.format(t);
    }
}

package io.signalbridge.writeback;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Whether two field values are the same value as Salesforce or Marketo stores it: 72 and 72.0, a date-time in Z or
 * +0000 or to the second, null and an empty text are the same.
 */
final class FieldValues {

    private static final Pattern DATETIME = Pattern.compile("\\d{4}-\\d{2}-\\d{2}T.*");
    private static final DateTimeFormatter SALESFORCE = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss[.SSS]XX");

    private FieldValues() {
    }

    static boolean blank(JsonNode value) {
        return value == null || value.isNull() || value.isMissingNode() || (value.isTextual() && value.asText().isEmpty());
    }

    static boolean same(JsonNode a, JsonNode b) {
        if (blank(a) || blank(b)) {
            return blank(a) && blank(b);
        }
        if (a.isBoolean() || b.isBoolean()) {
            return a.asText().equalsIgnoreCase(b.asText());
        }
        BigDecimal x = number(a);
        BigDecimal y = number(b);
        if (x != null && y != null) {
            return x.compareTo(y) == 0;
        }
        String s = a.asText();
        String t = b.asText();
        if (s.equals(t)) {
            return true;
        }
        Instant i = instant(s);
        Instant j = instant(t);
        // Marketo keeps date-times to the second, Salesforce to the millisecond: a sub-second difference is not a change
        return i != null && j != null && i.truncatedTo(ChronoUnit.SECONDS).equals(j.truncatedTo(ChronoUnit.SECONDS));
    }

    private static BigDecimal number(JsonNode value) {
        if (value.isNumber()) {
            return value.decimalValue();
        }
        return null;
    }

    private static Instant instant(String text) {
        if (!DATETIME.matcher(text).matches()) {
            return null;
        }
        try {
            return OffsetDateTime.parse(text.replace("Z", "+0000"), SALESFORCE).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}

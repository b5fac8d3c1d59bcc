package io.signalbridge.mapping;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

import io.signalbridge.mapping.Mapping.Transform;

/**
 * Applies a field's {@link Transform} to a score value and gives the value to write, in the form the
 * Salesforce REST API takes it: numbers, booleans, text, dates as {@code yyyy-MM-dd}, date-times as
 * {@code yyyy-MM-dd'T'HH:mm:ss.SSS'Z'} (UTC). Order: value map, rounding, date format, truncation.
 * An empty text becomes JSON null: the field is cleared.
 */
public final class Transforms {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final DateTimeFormatter DATETIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private Transforms() {
    }

    /**
     * {@code value} is what the source holds: a Number, String, Boolean, LocalDate or Instant; never null
     * (a source without a value is not written at all).
     */
    public static JsonNode apply(Transform transform, Object value) {
        Object current = value;
        if (!transform.valueMap().isEmpty()) {
            String mapped = transform.valueMap().get(text(current));
            if (mapped != null) {
                current = mapped;
            }
        }
        if (transform.round() != null && current instanceof Number number) {
            current = new BigDecimal(number.toString()).setScale(transform.round(), RoundingMode.HALF_UP);
        }
        if (transform.dateFormat() != null && (current instanceof LocalDate || current instanceof Instant)) {
            var format = DateTimeFormatter.ofPattern(transform.dateFormat());
            current = current instanceof LocalDate date ? format.format(date) : format.withZone(ZoneOffset.UTC).format((Instant) current);
        }
        if (transform.truncate() != null) {
            String text = text(current);
            if (!(current instanceof Number) && !(current instanceof Boolean) && text.length() > transform.truncate()) {
                current = text.substring(0, transform.truncate());
            }
        }
        return toJson(current);
    }

    private static JsonNode toJson(Object value) {
        if (value instanceof BigDecimal decimal) {
            BigDecimal plain = decimal.stripTrailingZeros();
            return plain.scale() <= 0 ? JSON.numberNode(plain.toBigInteger()) : JSON.numberNode(plain);
        }
        if (value instanceof Integer || value instanceof Long) {
            return JSON.numberNode(((Number) value).longValue());
        }
        if (value instanceof Number number) {
            return toJson(new BigDecimal(number.toString()));
        }
        if (value instanceof Boolean bool) {
            return JSON.booleanNode(bool);
        }
        if (value instanceof LocalDate date) {
            return JSON.textNode(date.toString());
        }
        if (value instanceof Instant instant) {
            return JSON.textNode(DATETIME.format(instant.truncatedTo(ChronoUnit.MILLIS)));
        }
        String text = value.toString();
        return text.isEmpty() ? JSON.nullNode() : JSON.textNode(text);
    }

    private static String text(Object value) {
        if (value instanceof BigDecimal decimal) {
            return decimal.stripTrailingZeros().toPlainString();
        }
        return String.valueOf(value);
    }
}

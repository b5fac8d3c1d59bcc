package io.signalbridge.sandbox.marketo;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.TextNode;

/**
 * A field of the sandbox Marketo lead, as {@code GET /rest/v1/leads/describe.json} describes it.
 * {@code length} is null for types without one; {@code readOnly} fields are ignored when written
 * through the API, as on a real instance, but may still serve as a lookup field.
 */
public record MarketoLeadField(int id, String name, String displayName, String dataType, Integer length, boolean readOnly) {

    private static final Pattern EMAIL = Pattern.compile("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$");

    /**
     * The value as it is stored, or empty when Marketo would reject it (record-level 1003
     * "Invalid value for field 'x' and value 'v'"). JSON null clears the field.
     */
    public Optional<JsonNode> normalize(JsonNode value) {
        if (value == null || value.isNull()) {
            return Optional.of(NullNode.getInstance());
        }
        if (!value.isValueNode()) {
            return Optional.empty();
        }
        String text = value.asText();
        try {
            return switch (dataType) {
                case "integer", "score" -> integral(value, text);
                case "float", "currency", "percent" -> value.isNumber()
                        ? Optional.of(DecimalNode.valueOf(value.decimalValue()))
                        : Optional.of(DecimalNode.valueOf(new BigDecimal(text.trim())));
                case "boolean" -> bool(value, text);
                case "date" -> Optional.of(TextNode.valueOf(parseDate(text.trim()).toString()));
                case "datetime" -> Optional.of(TextNode.valueOf(formatDateTime(parseDateTime(text.trim()))));
                case "email" -> EMAIL.matcher(text).matches() && fits(text) ? Optional.of(TextNode.valueOf(text)) : Optional.empty();
                default -> fits(text) ? Optional.of(TextNode.valueOf(text)) : Optional.empty();
            };
        } catch (NumberFormatException | DateTimeParseException | ArithmeticException e) {
            return Optional.empty();
        }
    }

    /** Marketo's own datetime format, e.g. {@code 2021-11-23T22:57:08Z}. */
    public static String formatDateTime(Instant instant) {
        return instant.truncatedTo(ChronoUnit.SECONDS).toString();
    }

    /** ISO 8601 with an offset or Z, a local datetime (taken as UTC) or a date (midnight UTC). */
    public static Instant parseDateTime(String text) {
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException notOffset) {
            if (text.length() == 10) {
                return LocalDate.parse(text).atStartOfDay().toInstant(ZoneOffset.UTC);
            }
            return LocalDateTime.parse(text).toInstant(ZoneOffset.UTC);
        }
    }

    private static LocalDate parseDate(String text) {
        return text.length() == 10 ? LocalDate.parse(text) : LocalDate.ofInstant(parseDateTime(text), ZoneOffset.UTC);
    }

    private boolean fits(String text) {
        return length == null || text.length() <= length;
    }

    private static Optional<JsonNode> integral(JsonNode value, String text) {
        if (value.isNumber()) {
            return value.isIntegralNumber() ? Optional.of(LongNode.valueOf(value.longValue())) : Optional.empty();
        }
        return Optional.of(LongNode.valueOf(Long.parseLong(text.trim())));
    }

    private static Optional<JsonNode> bool(JsonNode value, String text) {
        if (value.isBoolean()) {
            return Optional.of(value);
        }
        return switch (text.trim().toLowerCase()) {
            case "true", "1" -> Optional.of(BooleanNode.TRUE);
            case "false", "0" -> Optional.of(BooleanNode.FALSE);
            default -> Optional.empty();
        };
    }

    /** How an absent value reads back: Marketo reports booleans as false, everything else as null. */
    public JsonNode absentValue() {
        return "boolean".equals(dataType) ? BooleanNode.FALSE : JsonNodeFactory.instance.nullNode();
    }
}

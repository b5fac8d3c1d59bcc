package io.signalbridge.sandbox.salesforce.soql;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.util.Locale;

import com.fasterxml.jackson.databind.JsonNode;

import io.signalbridge.sandbox.salesforce.SalesforceIds;

/**
 * How SOQL compares the values of a field, by its describe type. Values are reduced to one comparable Java
 * type each: text to lower case (SOQL's = and LIKE ignore case), numbers to BigDecimal, dates to LocalDate,
 * datetimes to Instant.
 */
enum SoqlType {
    TEXT("string", true),
    ID("id", true),
    NUMBER("double", false),
    BOOLEAN("boolean", false),
    DATE("date", false),
    DATETIME("dateTime", false);

    /** Reads the stored form, {@code 2024-05-01T10:00:00.000+0000}, as well as ISO forms with Z or +00:00. */
    static final DateTimeFormatter STORED_DATETIME = new DateTimeFormatterBuilder()
            .append(DateTimeFormatter.ISO_LOCAL_DATE_TIME)
            .optionalStart().appendOffset("+HH:MM", "Z").optionalEnd()
            .optionalStart().appendOffset("+HHMM", "Z").optionalEnd()
            .toFormatter();

    private final String soapName;
    private final boolean quoted;

    SoqlType(String soapName, boolean quoted) {
        this.soapName = soapName;
        this.quoted = quoted;
    }

    static SoqlType of(String describeType) {
        return switch (describeType) {
            case "id", "reference" -> ID;
            case "int", "double", "currency", "percent", "long" -> NUMBER;
            case "boolean" -> BOOLEAN;
            case "date" -> DATE;
            case "datetime" -> DATETIME;
            default -> TEXT;
        };
    }

    /** The type named in "value of filter criterion for field 'X' must be of type ...". */
    String criterionTypeName(String describeType) {
        return describeType.equals("int") ? "integer" : soapName;
    }

    boolean quoted() {
        return quoted;
    }

    /** The comparable form of a stored field value; null for JSON null or a missing field. */
    Comparable<?> fromStored(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return null;
        }
        return switch (this) {
            case TEXT -> node.asText().toLowerCase(Locale.ROOT);
            case ID -> normalizeId(node.asText());
            case NUMBER -> node.isNumber() ? node.decimalValue() : new BigDecimal(node.asText());
            case BOOLEAN -> node.asBoolean();
            case DATE -> LocalDate.parse(node.asText().length() > 10 ? node.asText().substring(0, 10) : node.asText());
            case DATETIME -> OffsetDateTime.parse(node.asText(), STORED_DATETIME).toInstant();
        };
    }

    /** The comparable form of a literal already checked to suit this type. */
    Comparable<?> fromLiteral(Object literal) {
        if (literal == null) {
            return null;
        }
        return switch (this) {
            case TEXT -> ((String) literal).toLowerCase(Locale.ROOT);
            case ID -> normalizeId((String) literal);
            default -> (Comparable<?>) literal;
        };
    }

    /** 15- and 18-character ids compare equal; an 18-character id is unique ignoring case. */
    private static String normalizeId(String id) {
        String full = id.length() == 15 && SalesforceIds.isValid(id) ? SalesforceIds.to18(id) : id;
        return full.toLowerCase(Locale.ROOT);
    }

    static Instant toInstant(LocalDate date) {
        return date.atStartOfDay(java.time.ZoneOffset.UTC).toInstant();
    }
}

package io.signalbridge.salesforce;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * The query of an incremental pull: every configured field, changes since the watermark minus the overlap
 * window, oldest change first with Id as tie-breaker, so that a page boundary falls at a known position.
 */
final class PullSoql {

    private static final DateTimeFormatter SOQL_DATETIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'Z'").withZone(ZoneOffset.UTC);
    static final List<String> ALWAYS_READ = List.of("Id", "IsDeleted", "SystemModstamp");

    private PullSoql() {
    }

    /** {@code since} null reads everything (a first load); SOQL datetimes have whole seconds, so it is floored. */
    /** A text as a SOQL string literal's content: backslash and quote escaped, as SOQL wants them. */
    static String literal(String text) {
        return text.replace("\\", "\\\\").replace("'", "\\'");
    }

    static String build(String object, List<String> fields, Instant since) {
        return unordered(object, fields, since) + " ORDER BY SystemModstamp, Id";
    }

    /** The records with these ids (deleted ones too, through queryAll), with the same fields as a pull reads. */
    static String byIds(String object, List<String> fields, java.util.Collection<String> ids) {
        var quoted = ids.stream().filter(id -> id.matches("[A-Za-z0-9]{15,18}")).map(id -> "'" + id + "'").toList();
        return unordered(object, fields, null) + " WHERE Id IN (" + String.join(", ", quoted) + ")";
    }

    /** The same without ORDER BY, which Bulk API 2.0 queries do not accept. */
    static String unordered(String object, List<String> fields, Instant since) {
        var selected = new LinkedHashSet<String>(ALWAYS_READ);
        selected.addAll(fields);
        var soql = new StringBuilder("SELECT ").append(String.join(", ", selected)).append(" FROM ").append(object);
        if (since != null) {
            soql.append(" WHERE SystemModstamp >= ").append(SOQL_DATETIME.format(since.truncatedTo(ChronoUnit.SECONDS)));
        }
        return soql.toString();
    }
}

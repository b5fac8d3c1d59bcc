package io.signalbridge.failures;

import java.util.Locale;

/**
 * Which field-mapping version a replay writes with: the one the failed exchange was produced under
 * ({@code original}, recorded with the failure), or the mapping active now ({@code current}, the default: a
 * failure is most often cured by a mapping fix, and a record written under an older version would be rewritten
 * by the next run anyway). Routes whose work has no mapping ignore the choice.
 */
public enum ReplayMappingVersion {
    ORIGINAL, CURRENT;

    /** The exchange header a replay passes the choice in (not kept with a new failure). */
    public static final String HEADER = "signalbridgeReplayMappingVersion";

    /** {@code original} or {@code current} (any case); null or blank: current. */
    public static ReplayMappingVersion parse(String value) {
        if (value == null || value.isBlank()) {
            return CURRENT;
        }
        try {
            return valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("mappingVersion must be original or current, not '" + value + "'");
        }
    }

    public String value() {
        return name().toLowerCase(Locale.ROOT);
    }
}

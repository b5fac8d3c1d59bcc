package io.signalbridge.mapping;

import java.util.List;
import java.util.Map;

/**
 * A field mapping for one target object ({@code mappings/<name>.yaml}): which score output goes to which
 * field, how it is transformed, and whether it may overwrite a value already there.
 */
public record Mapping(String name, String system, String object, List<FieldMapping> fields) {

    public enum WritePolicy { OVERWRITE, FILL_IF_BLANK }

    /** {@code line} is where the entry starts in its file, for error messages. */
    public record FieldMapping(String source, String target, Transform transform, WritePolicy policy, boolean enabled, int line) {
    }

    /**
     * Applied in this order: value map, number rounding, date format, truncation. Every part is optional.
     */
    public record Transform(Map<String, String> valueMap, Integer round, String dateFormat, Integer truncate) {

        public static final Transform NONE = new Transform(Map.of(), null, null, null);
    }

    public List<FieldMapping> enabledFields() {
        return fields.stream().filter(FieldMapping::enabled).toList();
    }
}

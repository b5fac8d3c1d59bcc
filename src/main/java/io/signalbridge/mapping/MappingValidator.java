package io.signalbridge.mapping;

import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import io.signalbridge.mapping.Mapping.FieldMapping;
import io.signalbridge.mapping.Mapping.Transform;
import io.signalbridge.mapping.Mapping.WritePolicy;
import io.signalbridge.mapping.MappingSource.Type;
import io.signalbridge.mapping.TargetSchema.TargetField;

/**
 * Checks a parsed mapping against the score outputs and the target's describe: known source, target field
 * exists and is updateable, types compatible, every value that can be written fits the field's length and
 * is an allowed picklist value.
 */
final class MappingValidator {

    private static final Set<String> NUMBER_FIELDS = Set.of("double", "int", "currency", "percent");
    private static final Set<String> TEXT_FIELDS = Set.of("string", "textarea", "picklist", "combobox", "multipicklist", "url", "phone", "email");
    private static final Set<String> PICKLISTS = Set.of("picklist", "multipicklist");
    private static final String MARKETO = "marketo";
    private static final Set<String> MARKETO_LEAD_SOURCES = Set.of("account", "person");

    private MappingValidator() {
    }

    static List<MappingError> validate(Mapping mapping, TargetSchema schema) {
        var errors = new ArrayList<MappingError>();
        String file = mapping.name() + ".yaml";
        var targets = new HashSet<String>();
        for (FieldMapping entry : mapping.fields()) {
            var reasons = new ArrayList<String>();
            check(mapping, entry, schema, reasons);
            if (!targets.add(entry.target().toLowerCase(Locale.ROOT))) {
                reasons.add("target " + entry.target() + " is mapped twice");
            }
            reasons.forEach(reason -> errors.add(new MappingError(file, entry.line(), entry.target(), reason)));
        }
        return errors;
    }

    private static void check(Mapping mapping, FieldMapping entry, TargetSchema schema, List<String> reasons) {
        var source = MappingSources.find(entry.source()).orElse(null);
        if (source == null) {
            reasons.add("unknown source '" + entry.source() + "'; known sources: " + String.join(", ", MappingSources.names()));
            return;
        }
        if (MARKETO.equals(mapping.system())) {
            if (!MARKETO_LEAD_SOURCES.contains(source.object())) {
                reasons.add("source " + entry.source() + " is a " + source.object() + " score; a Marketo lead takes account.* (its account)"
                        + " and person.* (its Salesforce contact or lead) sources");
            }
        } else if (!source.object().equalsIgnoreCase(mapping.object())) {
            reasons.add("source " + entry.source() + " is a " + source.object() + " score; this mapping writes " + mapping.object());
        }
        var field = schema.field(mapping.object(), entry.target()).orElse(null);
        if (field == null) {
            reasons.add("no field " + entry.target() + " on " + mapping.object() + " in the " + (MARKETO.equals(mapping.system())
                    ? "Marketo instance's lead describe" : "org's describe"));
            return;
        }
        if (!field.updateable()) {
            reasons.add(field.name() + " is not updateable");
        }
        Transform transform = entry.transform();
        if (transform.round() != null && source.type() != Type.NUMBER) {
            reasons.add("round applies to numbers; " + source.name() + " is " + source.type());
        }
        if (transform.dateFormat() != null) {
            if (source.type() != Type.DATE && source.type() != Type.DATETIME) {
                reasons.add("dateFormat applies to dates; " + source.name() + " is " + source.type());
            } else {
                try {
                    DateTimeFormatter.ofPattern(transform.dateFormat());
                } catch (IllegalArgumentException e) {
                    reasons.add("dateFormat '" + transform.dateFormat() + "' is not a date pattern: " + e.getMessage());
                }
            }
        }
        if (!source.values().isEmpty()) {
            transform.valueMap().keySet().stream().filter(key -> !source.values().contains(key))
                    .forEach(key -> reasons.add("valueMap key '" + key + "' is not a value of " + source.name() + " " + source.values()));
        }
        checkType(source, field, transform, reasons);
    }

    private static void checkType(MappingSource source, TargetField field, Transform transform, List<String> reasons) {
        String type = field.type();
        boolean textTarget = TEXT_FIELDS.contains(type);
        switch (source.type()) {
            case NUMBER -> {
                if (!NUMBER_FIELDS.contains(type) && !textTarget) {
                    reasons.add(incompatible(source, field));
                } else if (textTarget) {
                    checkLength(List.of("100"), field, transform, reasons);
                }
            }
            case BOOLEAN -> {
                if (type.equals("boolean")) {
                    return;
                }
                if (!textTarget || transform.valueMap().isEmpty()) {
                    reasons.add(incompatible(source, field) + (textTarget ? "; add a valueMap (true: ..., false: ...)" : ""));
                } else {
                    checkValues(List.of("true", "false"), field, transform, reasons);
                }
            }
            case DATE, DATETIME -> {
                if (type.equals("date") || type.equals("datetime")) {
                    if (source.type() == Type.DATE && type.equals("datetime")) {
                        reasons.add(incompatible(source, field) + ": a date has no time of day");
                    }
                    return;
                }
                if (!textTarget || transform.dateFormat() == null) {
                    reasons.add(incompatible(source, field) + (textTarget ? "; add a dateFormat" : ""));
                } else {
                    checkLength(List.of(transform.dateFormat().replace("'", "")), field, transform, reasons);
                }
            }
            case TEXT -> {
                if (!textTarget) {
                    reasons.add(incompatible(source, field));
                } else if (!source.values().isEmpty()) {
                    checkValues(source.values(), field, transform, reasons);
                } else if (PICKLISTS.contains(type)) {
                    reasons.add(source.name() + " is free text; " + field.name() + " is a picklist");
                }
            }
        }
    }

    /** Every value the source can take, after the value map, must fit the field and its picklist. */
    private static void checkValues(List<String> sourceValues, TargetField field, Transform transform, List<String> reasons) {
        var written = sourceValues.stream().map(v -> transform.valueMap().getOrDefault(v, v)).toList();
        if (PICKLISTS.contains(field.type()) && !field.picklistValues().isEmpty()) {
            written.stream().filter(v -> !field.picklistValues().contains(v))
                    .forEach(v -> reasons.add("'" + v + "' is not a picklist value of " + field.name() + " " + field.picklistValues()));
        }
        checkLength(written, field, transform, reasons);
    }

    private static void checkLength(List<String> written, TargetField field, Transform transform, List<String> reasons) {
        if (field.length() <= 0) {
            return;
        }
        if (transform.truncate() != null) {
            if (transform.truncate() > field.length()) {
                reasons.add("truncate " + transform.truncate() + " is longer than " + field.name() + " (length " + field.length() + ")");
            }
            return;
        }
        written.stream().filter(v -> v.length() > field.length()).forEach(v -> reasons.add("'" + v + "' is longer than "
                + field.name() + " (length " + field.length() + "); shorten it with valueMap or truncate"));
    }

    private static String incompatible(MappingSource source, TargetField field) {
        return source.name() + " (" + source.type().name().toLowerCase(Locale.ROOT) + ") cannot be written to "
                + field.name() + " (" + field.type() + ")";
    }
}

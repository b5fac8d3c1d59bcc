package io.signalbridge.mapping;

import java.util.List;
import java.util.Optional;

/**
 * What a target system says about its fields (Salesforce describe, Marketo lead describe; cached): what a
 * mapping of that {@link #system()} is checked against. Types are in Salesforce's describe vocabulary (double,
 * int, string, textarea, picklist, boolean, date, datetime, ...); other systems' describes are translated to it.
 */
public interface TargetSchema {

    /** The {@code system} of the mappings this schema checks. */
    default String system() {
        return "salesforce";
    }

    /** The field of {@code object}, or empty when the object or the field does not exist. */
    Optional<TargetField> field(String object, String fieldName);

    /** A field as describe reports it; {@code type} is the describe type (double, string, picklist, date, ...). */
    record TargetField(String name, String type, int length, boolean updateable, List<String> picklistValues) {
    }
}

package io.signalbridge.mapping;

import java.util.List;
import java.util.Optional;

/** What the target system says about its fields (Salesforce describe, cached): what a mapping is checked against. */
public interface TargetSchema {

    /** The field of {@code object}, or empty when the object or the field does not exist. */
    Optional<TargetField> field(String object, String fieldName);

    /** A field as describe reports it; {@code type} is the describe type (double, string, picklist, date, ...). */
    record TargetField(String name, String type, int length, boolean updateable, List<String> picklistValues) {
    }
}

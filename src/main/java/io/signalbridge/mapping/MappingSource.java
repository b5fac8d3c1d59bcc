package io.signalbridge.mapping;

import java.util.List;

/**
 * A score output a mapping may read, e.g. {@code account.intentScore}. {@code values} lists the values a
 * text source can take (empty when free text), so that a mapping to a picklist or a short field can be
 * checked before anything is written.
 */
public record MappingSource(String name, Type type, List<String> values) {

    public enum Type { NUMBER, TEXT, BOOLEAN, DATE, DATETIME }

    public String object() {
        return name.substring(0, name.indexOf('.'));
    }
}

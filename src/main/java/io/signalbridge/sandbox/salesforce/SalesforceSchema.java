package io.signalbridge.sandbox.salesforce;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

/**
 * The objects and fields of the sandbox Salesforce org, read from {@code sandbox/salesforce-schema.yaml}.
 * Object and field names are case-insensitive, as in SOQL.
 */
public final class SalesforceSchema {

    public static final String RESOURCE = "sandbox/salesforce-schema.yaml";

    private final Map<String, ObjectDef> objectsByLowerName;

    private SalesforceSchema(List<ObjectDef> objects) {
        var map = new LinkedHashMap<String, ObjectDef>();
        objects.forEach(o -> map.put(o.name().toLowerCase(Locale.ROOT), o));
        this.objectsByLowerName = map;
    }

    public static SalesforceSchema loadDefault() {
        try (InputStream in = SalesforceSchema.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("Missing classpath resource " + RESOURCE);
            }
            return load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static SalesforceSchema load(InputStream yaml) throws IOException {
        var mapper = new ObjectMapper(new YAMLFactory())
                .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true);
        Map<String, ObjectSpec> specs = mapper.readValue(yaml, new TypeReference<LinkedHashMap<String, ObjectSpec>>() {
        });
        var objects = new ArrayList<ObjectDef>();
        specs.forEach((name, spec) -> {
            var fields = new ArrayList<FieldDef>();
            fields.add(new FieldDef("Id", "id", 18, 0, 0, false, true, List.of(), List.of()));
            fields.add(new FieldDef("IsDeleted", "boolean", 0, 0, 0, false, true, List.of(), List.of()));
            for (FieldDef f : spec.fields()) {
                fields.add(f.withDefaults());
            }
            fields.add(new FieldDef("CreatedDate", "datetime", 0, 0, 0, false, true, List.of(), List.of()));
            fields.add(new FieldDef("LastModifiedDate", "datetime", 0, 0, 0, false, true, List.of(), List.of()));
            fields.add(new FieldDef("SystemModstamp", "datetime", 0, 0, 0, false, true, List.of(), List.of()));
            objects.add(new ObjectDef(name, spec.keyPrefix(), spec.label(), List.copyOf(fields)));
        });
        return new SalesforceSchema(objects);
    }

    public Optional<ObjectDef> object(String name) {
        return Optional.ofNullable(objectsByLowerName.get(name.toLowerCase(Locale.ROOT)));
    }

    public Collection<ObjectDef> objects() {
        return objectsByLowerName.values();
    }

    public Optional<ObjectDef> objectForId(String id) {
        if (id == null || id.length() < 3) {
            return Optional.empty();
        }
        String prefix = id.substring(0, 3);
        return objectsByLowerName.values().stream().filter(o -> o.keyPrefix().equals(prefix)).findFirst();
    }

    record ObjectSpec(String keyPrefix, String label, List<FieldDef> fields) {
    }

    /** One object: its API name, 3-character key prefix and fields (system fields included). */
    public record ObjectDef(String name, String keyPrefix, String label, List<FieldDef> fields) {

        public Optional<FieldDef> field(String fieldName) {
            return fields.stream().filter(f -> f.name().equalsIgnoreCase(fieldName)).findFirst();
        }
    }

    /**
     * One field as describe reports it. {@code type} is Salesforce's describe type (id, string, textarea,
     * picklist, reference, boolean, int, double, currency, percent, date, datetime, email, url, phone, combobox).
     */
    public record FieldDef(
            String name,
            String type,
            int length,
            int precision,
            int scale,
            boolean custom,
            boolean readOnly,
            List<String> values,
            List<String> referenceTo) {

        public boolean updateable() {
            return !readOnly;
        }

        FieldDef withDefaults() {
            return new FieldDef(name, type, length, precision, scale, custom, readOnly,
                    values == null ? List.of() : List.copyOf(values),
                    referenceTo == null ? List.of() : List.copyOf(referenceTo));
        }
    }
}

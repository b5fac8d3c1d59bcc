package io.signalbridge.sandbox.salesforce;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

/**
 * The objects and fields of the sandbox Salesforce org. Two sources:
 * <ul>
 * <li>{@code sandbox/describe/<Object>.json}: the standard fields of a real org's describe, with their types, lengths,
 * picklists and createable / updateable / nillable flags. Account, Contact, Lead and Opportunity are describes recorded
 * from a real org (CumulusCI's cassettes, API v59.0; the recording org's own {@code __c} fields are left out); Campaign,
 * CampaignMember, Task, Event and OpportunityContactRole are written from Salesforce's public object reference in the
 * same shape.</li>
 * <li>{@code sandbox/salesforce-schema.yaml}: the objects the sandbox serves, their key prefixes, the fields it stores
 * on every record (what the demo-org generator fills), the managed-package custom fields ({@code *6sense__c}), and
 * objects without a describe file (OpportunityHistory).</li>
 * </ul>
 * A field of both keeps the describe's metadata and is stored; a field only in the describe is known to SOQL, describe
 * and the write paths but kept on a record only once written (read back: null, false for a checkbox, an address composed
 * of its parts). Object and field names are case-insensitive, as in SOQL.
 */
public final class SalesforceSchema {

    public static final String RESOURCE = "sandbox/salesforce-schema.yaml";
    public static final String DESCRIBE_RESOURCES = "sandbox/describe/";

    static final Set<String> SYSTEM_FIELDS = Set.of("Id", "IsDeleted", "CreatedDate", "LastModifiedDate", "SystemModstamp");

    private final Map<String, ObjectDef> objectsByLowerName;

    private SalesforceSchema(List<ObjectDef> objects) {
        var map = new LinkedHashMap<String, ObjectDef>();
        objects.forEach(o -> map.put(o.name().toLowerCase(Locale.ROOT), o));
        this.objectsByLowerName = map;
    }

    public static SalesforceSchema loadDefault() {
        ClassLoader loader = SalesforceSchema.class.getClassLoader();
        try (InputStream in = loader.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("Missing classpath resource " + RESOURCE);
            }
            return load(in, object -> {
                try (InputStream describe = loader.getResourceAsStream(DESCRIBE_RESOURCES + object + ".json")) {
                    return describe == null ? null : new ObjectMapper().readTree(describe);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static SalesforceSchema load(InputStream yaml) throws IOException {
        return load(yaml, object -> null);
    }

    /** {@code describes} gives an object's describe JSON, or null where it has none. */
    static SalesforceSchema load(InputStream yaml, Function<String, JsonNode> describes) throws IOException {
        var mapper = new ObjectMapper(new YAMLFactory())
                .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true);
        Map<String, ObjectSpec> specs = mapper.readValue(yaml, new TypeReference<LinkedHashMap<String, ObjectSpec>>() {
        });
        var objects = new ArrayList<ObjectDef>();
        specs.forEach((name, spec) -> {
            JsonNode describe = describes.apply(name);
            var fields = describe == null ? fromYaml(spec) : fromDescribe(name, spec, describe);
            String label = describe != null && describe.hasNonNull("label") ? describe.get("label").asText() : spec.label();
            objects.add(new ObjectDef(name, spec.keyPrefix(), label, List.copyOf(fields)));
        });
        return new SalesforceSchema(objects);
    }

    private static List<FieldDef> fromYaml(ObjectSpec spec) {
        var fields = new ArrayList<FieldDef>();
        fields.add(FieldDef.system("Id", "id", 18));
        fields.add(FieldDef.system("IsDeleted", "boolean", 0));
        for (FieldSpec f : spec.fields()) {
            fields.add(f.toField());
        }
        fields.add(FieldDef.system("CreatedDate", "datetime", 0));
        fields.add(FieldDef.system("LastModifiedDate", "datetime", 0));
        fields.add(FieldDef.system("SystemModstamp", "datetime", 0));
        return fields;
    }

    /** The describe's standard fields in its order, then the schema file's fields it does not have. */
    private static List<FieldDef> fromDescribe(String object, ObjectSpec spec, JsonNode describe) {
        var stored = new HashSet<String>(SYSTEM_FIELDS);
        spec.fields().forEach(f -> stored.add(f.name()));
        var fields = new ArrayList<FieldDef>();
        var seen = new HashSet<String>();
        for (JsonNode field : describe.path("fields")) {
            String name = field.path("name").asText();
            if (name.endsWith("__c") || !seen.add(name)) {
                continue; // the recording org's own custom fields are not the sandbox's
            }
            fields.add(FieldDef.fromDescribe(field, stored.contains(name)));
        }
        for (String system : SYSTEM_FIELDS) {
            if (!seen.contains(system)) {
                throw new IllegalStateException("The describe of " + object + " lacks the system field " + system);
            }
        }
        for (FieldSpec f : spec.fields()) {
            if (!seen.contains(f.name())) {
                fields.add(f.toField());
            }
        }
        return fields;
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

    record ObjectSpec(String keyPrefix, String label, List<FieldSpec> fields) {
    }

    /** A field as sandbox/salesforce-schema.yaml gives it. */
    record FieldSpec(String name, String type, int length, int precision, int scale, boolean custom, boolean readOnly,
                     List<String> values, List<String> referenceTo) {

        FieldDef toField() {
            return new FieldDef(name, type, length, precision, scale, custom, !readOnly, !readOnly, !type.equals("boolean"), true,
                    values == null ? List.of() : List.copyOf(values), referenceTo == null ? List.of() : List.copyOf(referenceTo), null);
        }
    }

    /** One object: its API name, 3-character key prefix and fields (system fields included). */
    public record ObjectDef(String name, String keyPrefix, String label, List<FieldDef> fields, Map<String, FieldDef> fieldsByLowerName) {

        public ObjectDef(String name, String keyPrefix, String label, List<FieldDef> fields) {
            this(name, keyPrefix, label, fields, index(fields));
        }

        private static Map<String, FieldDef> index(List<FieldDef> fields) {
            var map = new LinkedHashMap<String, FieldDef>();
            fields.forEach(f -> map.put(f.name().toLowerCase(Locale.ROOT), f));
            return Map.copyOf(map);
        }

        public Optional<FieldDef> field(String fieldName) {
            return Optional.ofNullable(fieldsByLowerName.get(fieldName.toLowerCase(Locale.ROOT)));
        }

        /** The fields every record of the object carries (the generator fills them; the rest appear once written). */
        public List<FieldDef> storedFields() {
            return fields.stream().filter(FieldDef::stored).toList();
        }

        /**
         * A field's value on a record as the API returns it: the stored value, else what Salesforce shows for a field
         * never set: false for a checkbox, a compound address made of its parts (null when they all are), null.
         */
        public JsonNode value(ObjectNode record, String fieldName) {
            JsonNode value = record.get(fieldName);
            if (value != null) {
                return value;
            }
            FieldDef field = fieldsByLowerName.get(fieldName.toLowerCase(Locale.ROOT));
            if (field == null) {
                return NullNode.getInstance();
            }
            return switch (field.type()) {
                case "boolean" -> BooleanNode.FALSE;
                case "address" -> address(record, field.name());
                default -> NullNode.getInstance();
            };
        }

        private static final List<String> ADDRESS_PARTS = List.of("City", "Country", "GeocodeAccuracy", "Latitude", "Longitude",
                "PostalCode", "State", "Street");

        /** BillingAddress from BillingCity, BillingCountry, ...; a Lead's Address from City, Country, .... */
        private JsonNode address(ObjectNode record, String fieldName) {
            String prefix = fieldName.substring(0, fieldName.length() - "Address".length());
            var address = JsonNodeFactory.instance.objectNode();
            boolean any = false;
            for (String part : ADDRESS_PARTS) {
                JsonNode value = record.get(prefix + part);
                String key = Character.toLowerCase(part.charAt(0)) + part.substring(1);
                address.set(key, value == null ? NullNode.getInstance() : value);
                any |= value != null && !value.isNull();
            }
            return any ? address : NullNode.getInstance();
        }
    }

    /**
     * One field as describe reports it. {@code type} is Salesforce's describe type (id, string, textarea, picklist,
     * reference, boolean, int, double, currency, percent, date, datetime, email, url, phone, combobox, address, ...).
     * {@code stored}: every record carries it. {@code describe}: the describe file's entry, when the field has one.
     */
    public record FieldDef(
            String name,
            String type,
            int length,
            int precision,
            int scale,
            boolean custom,
            boolean createable,
            boolean updateable,
            boolean nillable,
            boolean stored,
            List<String> values,
            List<String> referenceTo,
            ObjectNode describe) {

        /** Neither created nor updated through the API. */
        public boolean readOnly() {
            return !createable && !updateable;
        }

        static FieldDef system(String name, String type, int length) {
            return new FieldDef(name, type, length, 0, 0, false, false, false, false, true, List.of(), List.of(), null);
        }

        static FieldDef fromDescribe(JsonNode field, boolean stored) {
            var values = new ArrayList<String>();
            field.path("picklistValues").forEach(v -> {
                if (v.path("active").asBoolean(true)) {
                    values.add(v.path("value").asText());
                }
            });
            var referenceTo = new ArrayList<String>();
            field.path("referenceTo").forEach(r -> referenceTo.add(r.asText()));
            return new FieldDef(field.path("name").asText(), field.path("type").asText(), field.path("length").asInt(),
                    field.path("precision").asInt(), field.path("scale").asInt(), field.path("custom").asBoolean(),
                    field.path("createable").asBoolean(), field.path("updateable").asBoolean(), field.path("nillable").asBoolean(),
                    stored, List.copyOf(values), List.copyOf(referenceTo), ((ObjectNode) field).deepCopy());
        }
    }
}

package io.signalbridge.sandbox.salesforce;

import java.util.Set;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.signalbridge.sandbox.salesforce.SalesforceSchema.FieldDef;
import io.signalbridge.sandbox.salesforce.SalesforceSchema.ObjectDef;

/** The describe resources (describeGlobal, sObject basic info, sObject describe) in the shape a real org returns. */
final class SalesforceDescribe {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final Set<String> TEXT_TYPES = Set.of("string", "textarea", "picklist", "multipicklist", "combobox", "email", "url", "phone");
    private static final Set<String> SYSTEM_FIELDS = SalesforceSchema.SYSTEM_FIELDS;

    private SalesforceDescribe() {
    }

    static ObjectNode global(SalesforceSchema schema, String version) {
        var result = JSON.objectNode();
        result.put("encoding", "UTF-8");
        result.put("maxBatchSize", 200);
        var sobjects = result.putArray("sobjects");
        schema.objects().forEach(object -> sobjects.add(summary(object, version)));
        return result;
    }

    static ObjectNode basicInfo(ObjectDef object, String version) {
        var result = JSON.objectNode();
        result.set("objectDescribe", summary(object, version));
        result.putArray("recentItems");
        return result;
    }

    /** The object-level keys describeGlobal lists for each object. */
    static ObjectNode summary(ObjectDef object, String version) {
        boolean writable = SalesforceObjectRules.isWritable(object);
        var json = JSON.objectNode();
        json.put("activateable", false);
        json.putNull("associateEntityType");
        json.putNull("associateParentEntity");
        json.put("createable", writable);
        json.put("custom", object.name().endsWith("__c"));
        json.put("customSetting", false);
        json.put("deepCloneable", false);
        json.put("deletable", writable);
        json.put("deprecatedAndHidden", false);
        json.put("feedEnabled", false);
        json.put("hasSubtypes", false);
        json.put("isInterface", false);
        json.put("isSubtype", false);
        json.put("keyPrefix", object.keyPrefix());
        json.put("label", object.label());
        json.put("labelPlural", plural(object.label()));
        json.put("layoutable", writable);
        json.put("mergeable", false);
        json.put("mruEnabled", writable);
        json.put("name", object.name());
        json.put("queryable", true);
        json.put("replicateable", true);
        json.put("retrieveable", true);
        json.put("searchable", writable);
        json.put("triggerable", writable);
        json.put("undeletable", writable);
        json.put("updateable", writable);
        json.set("urls", urls(object, version));
        return json;
    }

    static ObjectNode describe(ObjectDef object, String version) {
        ObjectNode json = summary(object, version);
        json.putArray("actionOverrides");
        json.putArray("childRelationships");
        json.put("compactLayoutable", false);
        json.putNull("defaultImplementation");
        json.putNull("extendedBy");
        json.putNull("extendsInterfaces");
        var fields = json.putArray("fields");
        object.fields().forEach(field -> fields.add(field(object, field)));
        json.putNull("implementedBy");
        json.putNull("implementsInterfaces");
        json.putNull("listviewable");
        json.putNull("lookupLayoutable");
        json.putArray("namedLayoutInfos");
        json.putNull("networkScopeFieldName");
        json.putArray("recordTypeInfos");
        json.put("searchLayoutable", false);
        json.putArray("supportedScopes");
        return json;
    }

    static ObjectNode field(ObjectDef object, FieldDef field) {
        String type = field.type();
        boolean required = SalesforceObjectRules.isRequired(object, field);
        boolean system = SYSTEM_FIELDS.contains(field.name());
        boolean longText = type.equals("textarea") && field.length() > 255;
        var json = JSON.objectNode();
        json.put("aggregatable", !longText && !type.equals("boolean"));
        json.put("aiPredictionField", false);
        json.put("autoNumber", false);
        json.put("byteLength", byteLength(field));
        json.put("calculated", false);
        json.putNull("calculatedFormula");
        json.put("cascadeDelete", false);
        json.put("caseSensitive", false);
        json.putNull("compoundFieldName");
        json.putNull("controllerName");
        json.put("createable", field.createable());
        json.put("custom", field.custom());
        if (type.equals("boolean")) {
            json.put("defaultValue", false);
        } else {
            json.putNull("defaultValue");
        }
        json.putNull("defaultValueFormula");
        json.put("defaultedOnCreate", system || type.equals("boolean") || field.name().equals("OwnerId"));
        json.put("dependentPicklist", false);
        json.put("deprecatedAndHidden", false);
        json.put("digits", type.equals("int") ? 9 : 0);
        json.put("displayLocationInDecimal", false);
        json.put("encrypted", false);
        json.put("externalId", false);
        json.putNull("extraTypeInfo");
        json.put("filterable", !longText);
        json.putNull("filteredLookupInfo");
        json.put("formulaTreatNullNumberAsZero", false);
        json.put("groupable", !longText && !Set.of("double", "currency", "percent", "datetime").contains(type));
        json.put("highScaleNumber", false);
        json.put("htmlFormatted", false);
        json.put("idLookup", field.name().equals("Id"));
        json.putNull("inlineHelpText");
        json.put("label", label(object, field));
        json.put("length", TEXT_TYPES.contains(type) || type.equals("id") || type.equals("reference") ? field.length() : 0);
        json.putNull("mask");
        json.putNull("maskType");
        json.put("name", field.name());
        json.put("nameField", field.name().equals("Name"));
        json.put("namePointing", field.referenceTo().size() > 1);
        json.put("nillable", !required && !system && !type.equals("boolean"));
        json.put("permissionable", field.updateable() && !required);
        var picklist = json.putArray("picklistValues");
        for (String value : field.values()) {
            var entry = picklist.addObject();
            entry.put("active", true);
            entry.put("defaultValue", false);
            entry.put("label", value);
            entry.putNull("validFor");
            entry.put("value", value);
        }
        json.put("polymorphicForeignKey", field.referenceTo().size() > 1);
        json.put("precision", field.precision());
        json.put("queryByDistance", false);
        json.putNull("referenceTargetField");
        var referenceTo = json.putArray("referenceTo");
        field.referenceTo().forEach(referenceTo::add);
        String relationship = relationshipName(field);
        if (relationship == null) {
            json.putNull("relationshipName");
        } else {
            json.put("relationshipName", relationship);
        }
        json.putNull("relationshipOrder");
        json.put("restrictedDelete", false);
        json.put("restrictedPicklist", false);
        json.put("scale", field.scale());
        json.put("searchPrefilterable", false);
        json.put("soapType", soapType(type));
        json.put("sortable", !longText);
        json.put("type", type);
        json.put("unique", false);
        json.put("updateable", field.updateable());
        json.put("writeRequiresMasterRead", false);
        if (field.describe() != null) {
            // a standard field: exactly what the real describe says of it
            json.setAll(field.describe().deepCopy());
        }
        return json;
    }

    private static ObjectNode urls(ObjectDef object, String version) {
        String base = SalesforceSandboxPaths.sobjectUrl(version, object.name());
        var urls = JSON.objectNode();
        urls.put("rowTemplate", base + "/{ID}");
        urls.put("describe", base + "/describe");
        urls.put("sobject", base);
        return urls;
    }

    /** Salesforce counts 3 bytes a character for text; ids are 18 bytes; other types report 0. */
    private static int byteLength(FieldDef field) {
        if (field.type().equals("id") || field.type().equals("reference")) {
            return 18;
        }
        return TEXT_TYPES.contains(field.type()) ? field.length() * 3 : 0;
    }

    private static String soapType(String type) {
        return switch (type) {
            case "id", "reference" -> "tns:ID";
            case "boolean" -> "xsd:boolean";
            case "int" -> "xsd:int";
            case "double", "currency", "percent" -> "xsd:double";
            case "date" -> "xsd:date";
            case "datetime" -> "xsd:dateTime";
            default -> "xsd:string";
        };
    }

    /** AccountId is reached as Account, WhoId as Who, Custom__c as Custom__r. */
    private static String relationshipName(FieldDef field) {
        if (!field.type().equals("reference")) {
            return null;
        }
        String name = field.name();
        if (name.endsWith("__c")) {
            return name.substring(0, name.length() - 3) + "__r";
        }
        return name.endsWith("Id") ? name.substring(0, name.length() - 2) : null;
    }

    private static String label(ObjectDef object, FieldDef field) {
        return switch (field.name()) {
            case "Id" -> object.label() + " ID";
            case "IsDeleted" -> "Deleted";
            case "SystemModstamp" -> "System Modstamp";
            default -> words(field.name());
        };
    }

    /** accountIntentScore6sense__c reads "Account Intent Score6sense"; AccountId reads "Account ID". */
    private static String words(String apiName) {
        String name = apiName.endsWith("__c") ? apiName.substring(0, apiName.length() - 3) : apiName;
        if (name.startsWith("Is") && name.length() > 2 && Character.isUpperCase(name.charAt(2))) {
            name = name.substring(2);
        }
        var label = new StringBuilder();
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (i > 0 && Character.isUpperCase(c) && !Character.isUpperCase(name.charAt(i - 1))) {
                label.append(' ');
            }
            label.append(i == 0 ? Character.toUpperCase(c) : c);
        }
        String text = label.toString();
        return text.endsWith(" Id") ? text.substring(0, text.length() - 3) + " ID" : text;
    }

    private static String plural(String label) {
        if (label.endsWith("History")) {
            return label;
        }
        if (label.endsWith("y") && !label.endsWith("ay") && !label.endsWith("ey")) {
            return label.substring(0, label.length() - 1) + "ies";
        }
        return label + "s";
    }
}

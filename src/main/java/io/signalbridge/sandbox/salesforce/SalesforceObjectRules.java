package io.signalbridge.sandbox.salesforce;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.signalbridge.sandbox.salesforce.SalesforceSchema.FieldDef;
import io.signalbridge.sandbox.salesforce.SalesforceSchema.ObjectDef;

/**
 * What the org enforces beyond the schema file: required fields, which objects accept writes, and the
 * fields Salesforce computes itself. Shared by describe and every write path.
 */
public final class SalesforceObjectRules {

    private static final Map<String, List<String>> REQUIRED = Map.of(
            "Account", List.of("Name"),
            "Contact", List.of("LastName"),
            "Lead", List.of("LastName", "Company"),
            "Opportunity", List.of("Name", "StageName", "CloseDate"),
            "Campaign", List.of("Name"));

    private SalesforceObjectRules() {
    }

    /** Fields that must have a value after every create and update (nillable: false in describe). */
    public static List<String> requiredFields(ObjectDef object) {
        return REQUIRED.getOrDefault(object.name(), List.of());
    }

    public static boolean isRequired(ObjectDef object, FieldDef field) {
        return requiredFields(object).contains(field.name());
    }

    /** An object whose fields are all read only, such as OpportunityHistory, takes no API writes. */
    public static boolean isWritable(ObjectDef object) {
        return object.fields().stream().anyMatch(FieldDef::updateable);
    }

    /** Sets the fields Salesforce derives: a person's Name, an opportunity's IsClosed and IsWon. */
    public static void derive(ObjectDef object, ObjectNode fields) {
        switch (object.name()) {
            case "Contact", "Lead" -> {
                String name = (text(fields, "FirstName") + " " + text(fields, "LastName")).trim();
                if (name.isEmpty()) {
                    fields.putNull("Name");
                } else {
                    fields.put("Name", name);
                }
            }
            case "Opportunity" -> {
                String stage = text(fields, "StageName");
                fields.put("IsClosed", stage.startsWith("Closed"));
                fields.put("IsWon", stage.equals("Closed Won"));
            }
            default -> {
            }
        }
    }

    private static String text(ObjectNode fields, String name) {
        var value = fields.get(name);
        return value == null || value.isNull() ? "" : value.asText();
    }
}

package io.signalbridge.sandbox.marketo;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The activity types of the sandbox Marketo instance, as {@code GET /rest/v1/activities/types.json} lists them.
 * Ids, names and attributes follow a real instance's standard types, so generators and pull routes can rely
 * on them.
 */
public final class MarketoActivityTypes {

    public static final int VISIT_WEBPAGE = 1;
    public static final int FILL_OUT_FORM = 2;
    public static final int CLICK_LINK = 3;
    public static final int SEND_EMAIL = 6;
    public static final int EMAIL_DELIVERED = 7;
    public static final int EMAIL_BOUNCED = 8;
    public static final int UNSUBSCRIBE_EMAIL = 9;
    public static final int OPEN_EMAIL = 10;
    public static final int CLICK_EMAIL = 11;
    public static final int NEW_LEAD = 12;
    public static final int CHANGE_DATA_VALUE = 13;
    public static final int CHANGE_SCORE = 22;
    public static final int ADD_TO_LIST = 24;
    public static final int REMOVE_FROM_LIST = 25;
    public static final int EMAIL_BOUNCED_SOFT = 27;
    public static final int INTERESTING_MOMENT = 46;
    public static final int CHANGE_STATUS_IN_PROGRESSION = 104;

    /** An attribute of an activity type; dataType is one of Marketo's (integer, string, text, boolean, ...). */
    public record Attribute(String name, String dataType) {
    }

    /** {@code primaryAttribute} is null for the types that have none (New Lead, Interesting Moment). */
    public record ActivityType(int id, String name, String description, Attribute primaryAttribute, List<Attribute> attributes) {

        public boolean hasAttribute(String attributeName) {
            return attributes.stream().anyMatch(a -> a.name().equals(attributeName));
        }
    }

    private static final List<ActivityType> ALL = List.of(
            type(VISIT_WEBPAGE, "Visit Webpage", "User visits a web page", integer("Webpage ID"),
                    string("Client IP Address"), string("Query Parameters"), string("Referrer URL"), string("Search Engine"),
                    string("Search Query"), string("User Agent"), string("Webpage URL")),
            type(FILL_OUT_FORM, "Fill Out Form", "User fills out and submits form on web page", integer("Webform ID"),
                    string("Client IP Address"), text("Form Fields"), string("Query Parameters"), string("Referrer URL"),
                    string("User Agent"), integer("Webpage ID")),
            type(CLICK_LINK, "Click Link", "User clicks link on a page", integer("Link ID"),
                    string("Client IP Address"), string("Query Parameters"), string("Referrer URL"), string("User Agent"),
                    integer("Webpage ID")),
            type(SEND_EMAIL, "Send Email", "Send Marketo Email to a person", integer("Mailing ID"),
                    integer("Campaign Run ID"), integer("Choice Number"), integer("Step ID")),
            type(EMAIL_DELIVERED, "Email Delivered", "Marketo Email is delivered to a person", integer("Mailing ID"),
                    integer("Campaign Run ID"), integer("Choice Number"), integer("Step ID")),
            type(EMAIL_BOUNCED, "Email Bounced", "Marketo Email bounces for a person", integer("Mailing ID"),
                    integer("Campaign Run ID"), string("Category"), integer("Choice Number"), string("Details"), string("Email"),
                    integer("Step ID"), string("Subcategory")),
            type(UNSUBSCRIBE_EMAIL, "Unsubscribe Email", "Person unsubscribes from Marketo Emails", integer("Mailing ID"),
                    integer("Campaign Run ID"), string("Client IP Address"), text("Form Fields"), string("Query Parameters"),
                    string("Referrer URL"), string("User Agent"), integer("Webform ID"), integer("Webpage ID")),
            type(OPEN_EMAIL, "Open Email", "User opens Marketo Email", integer("Mailing ID"),
                    integer("Campaign Run ID"), integer("Choice Number"), string("Device"), bool("Is Mobile Device"),
                    string("Platform"), integer("Step ID"), string("User Agent")),
            type(CLICK_EMAIL, "Click Email", "User clicks on a link in a Marketo Email", integer("Mailing ID"),
                    integer("Campaign Run ID"), integer("Choice Number"), string("Device"), bool("Is Mobile Device"),
                    string("Link"), string("Platform"), integer("Step ID"), string("User Agent")),
            type(NEW_LEAD, "New Lead", "New person", null,
                    date("Created Date"), string("Form Name"), string("Lead Source"), string("List Name"), string("SFDC Type"),
                    string("Source Type")),
            type(CHANGE_DATA_VALUE, "Change Data Value", "Changed attribute value for a person", integer("Attribute Name"),
                    string("New Value"), string("Old Value"), string("Reason"), string("Source")),
            type(CHANGE_SCORE, "Change Score", "Change a person's score", integer("Score Name"),
                    string("Change Value"), integer("New Value"), integer("Old Value"), string("Reason")),
            type(ADD_TO_LIST, "Add to List", "Add a person to a list", integer("List ID"),
                    string("Source")),
            type(REMOVE_FROM_LIST, "Remove from List", "Remove a person from a list", integer("List ID"),
                    string("Source")),
            type(EMAIL_BOUNCED_SOFT, "Email Bounced Soft", "Marketo Email soft bounces for a person", integer("Mailing ID"),
                    integer("Campaign Run ID"), string("Category"), integer("Choice Number"), string("Details"), string("Email"),
                    integer("Step ID"), string("Subcategory")),
            type(INTERESTING_MOMENT, "Interesting Moment", "Interesting moment", null,
                    string("Description"), string("Source"), string("Type")),
            type(CHANGE_STATUS_IN_PROGRESSION, "Change Status in Progression", "Change a person's program status",
                    integer("Program ID"),
                    bool("Acquired By"), string("New Status"), integer("New Status ID"), string("Old Status"),
                    integer("Old Status ID"), integer("Program Member ID"), string("Reason"), bool("Success")));

    private static final Map<Integer, ActivityType> BY_ID = ALL.stream()
            .collect(Collectors.toUnmodifiableMap(ActivityType::id, Function.identity()));

    private MarketoActivityTypes() {
    }

    public static List<ActivityType> all() {
        return ALL;
    }

    public static Optional<ActivityType> byId(int id) {
        return Optional.ofNullable(BY_ID.get(id));
    }

    private static ActivityType type(int id, String name, String description, Attribute primary, Attribute... attributes) {
        return new ActivityType(id, name, description, primary, Arrays.asList(attributes));
    }

    private static Attribute integer(String name) {
        return new Attribute(name, "integer");
    }

    private static Attribute string(String name) {
        return new Attribute(name, "string");
    }

    private static Attribute text(String name) {
        return new Attribute(name, "text");
    }

    private static Attribute bool(String name) {
        return new Attribute(name, "boolean");
    }

    private static Attribute date(String name) {
        return new Attribute(name, "date");
    }
}

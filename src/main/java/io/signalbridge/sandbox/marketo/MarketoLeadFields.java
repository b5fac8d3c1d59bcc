package io.signalbridge.sandbox.marketo;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The lead fields of the sandbox Marketo instance: Marketo's standard fields, the Salesforce-synced ones
 * and the custom 6sense score fields our write-back targets (named as the Salesforce fields in DOMAIN.md,
 * without {@code __c}). {@code GET /rest/v1/leads/describe.json} serves this catalogue.
 */
public final class MarketoLeadFields {

    public static final String ID = "id";
    public static final String EMAIL = "email";
    public static final String FIRST_NAME = "firstName";
    public static final String LAST_NAME = "lastName";
    public static final String CREATED_AT = "createdAt";
    public static final String UPDATED_AT = "updatedAt";
    public static final String SFDC_LEAD_ID = "sfdcLeadId";
    public static final String SFDC_CONTACT_ID = "sfdcContactId";
    public static final String SFDC_ACCOUNT_ID = "sfdcAccountId";

    public static final String ACCOUNT_INTENT_SCORE = "accountIntentScore6sense";
    public static final String ACCOUNT_BUYING_STAGE = "accountBuyingStage6sense";
    public static final String ACCOUNT_PROFILE_SCORE = "accountProfileScore6sense";
    public static final String ACCOUNT_PROFILE_FIT = "accountProfileFit6sense";
    public static final String ACCOUNT_REACH_SCORE = "accountReachScore6sense";
    public static final String ACCOUNT_6QA = "account6QA6sense";
    public static final String ACCOUNT_6QA_START_DATE = "account6QAStartDate6sense";
    public static final String ACCOUNT_6QA_END_DATE = "account6QAEndDate6sense";
    public static final String ACCOUNT_UPDATE_DATE = "accountUpdateDate6sense";
    public static final String ACCOUNT_SEGMENT_NAMES = "accountSegmentNames6sense";
    public static final String CONTACT_GRADE = "contactGrade6sense";
    public static final String CONTACT_PROFILE_FIT = "contactProfileFit6sense";
    public static final String CONTACT_PROFILE_SCORE = "contactProfileScore6sense";
    public static final String CONTACT_INTENT_SCORE = "contactIntentScore6sense";
    public static final String CONTACT_ENGAGEMENT_SCORE = "contactEngagementScore6sense";
    public static final String CONTACT_UPDATE_DATE = "contactUpdateDate6sense";

    /** The fields a lead read returns when the call names none. */
    public static final List<String> DEFAULT_FIELDS = List.of(ID, FIRST_NAME, LAST_NAME, EMAIL, UPDATED_AT, CREATED_AT);

    /**
     * Fields usable as {@code filterType} of Get Leads by Filter Type and as {@code lookupField} of Sync Leads;
     * other known fields answer 1011 "Field 'x' not supported".
     */
    public static final Set<String> LOOKUP_FIELDS = Set.of(ID, EMAIL, SFDC_LEAD_ID, SFDC_CONTACT_ID, SFDC_ACCOUNT_ID);

    private static final List<MarketoLeadField> ALL = build();
    private static final Map<String, MarketoLeadField> BY_NAME = ALL.stream()
            .collect(Collectors.toUnmodifiableMap(MarketoLeadField::name, Function.identity()));

    private MarketoLeadFields() {
    }

    public static List<MarketoLeadField> all() {
        return ALL;
    }

    public static Optional<MarketoLeadField> byName(String restName) {
        return Optional.ofNullable(BY_NAME.get(restName));
    }

    private static List<MarketoLeadField> build() {
        var fields = new ArrayList<MarketoLeadField>();
        Catalogue c = (name, label, type, length, readOnly) ->
                fields.add(new MarketoLeadField(fields.isEmpty() ? 1 : fields.get(fields.size() - 1).id() + 1, name, label, type, length, readOnly));
        c.add(ID, "Id", "integer", null, true);
        c.add("company", "Company Name", "string", 255, false);
        c.add("site", "Site", "string", 255, false);
        c.add("salutation", "Salutation", "string", 255, false);
        c.add(FIRST_NAME, "First Name", "string", 255, false);
        c.add("middleName", "Middle Name", "string", 255, false);
        c.add(LAST_NAME, "Last Name", "string", 255, false);
        c.add(EMAIL, "Email Address", "email", 255, false);
        c.add("phone", "Phone Number", "phone", 255, false);
        c.add("mobilePhone", "Mobile Phone Number", "phone", 255, false);
        c.add("title", "Job Title", "string", 255, false);
        c.add("department", "Department", "string", 255, false);
        c.add("address", "Address", "text", null, false);
        c.add("city", "City", "string", 255, false);
        c.add("state", "State", "string", 255, false);
        c.add("country", "Country", "string", 255, false);
        c.add("postalCode", "Postal Code", "string", 255, false);
        c.add("website", "Website", "url", 255, false);
        c.add("industry", "Industry", "string", 255, false);
        c.add("numberOfEmployees", "Num Employees", "integer", null, false);
        c.add("annualRevenue", "Annual Revenue", "currency", null, false);
        c.add("leadSource", "Lead Source", "string", 255, false);
        c.add("leadStatus", "Lead Status", "string", 255, false);
        c.add("leadRole", "Role", "string", 50, false);
        c.add("leadScore", "Lead Score", "integer", null, false);
        c.add("behaviorScore", "Behavior Score", "score", null, false);
        c.add("demographicScore", "Demographic Score", "score", null, false);
        c.add("unsubscribed", "Unsubscribed", "boolean", null, false);
        c.add("unsubscribedReason", "Unsubscribed Reason", "text", null, false);
        c.add("emailInvalid", "Email Invalid", "boolean", null, false);
        c.add("marketingSuspended", "Marketing Suspended", "boolean", null, false);
        c.add("doNotCall", "Do Not Call", "boolean", null, false);
        c.add("originalSourceType", "Original Source Type", "string", 255, true);
        c.add("sfdcType", "SFDC Type", "string", 255, true);
        c.add(SFDC_LEAD_ID, "SFDC Lead Id", "string", 18, true);
        c.add(SFDC_CONTACT_ID, "SFDC Contact Id", "string", 18, true);
        c.add(SFDC_ACCOUNT_ID, "SFDC Account Id", "string", 18, true);
        c.add("sfdcLeadOwnerId", "SFDC Lead Owner Id", "string", 18, true);
        c.add(CREATED_AT, "Created At", "datetime", null, true);
        c.add(UPDATED_AT, "Updated At", "datetime", null, true);
        c.add(ACCOUNT_INTENT_SCORE, "6sense Account Intent Score", "integer", null, false);
        c.add(ACCOUNT_BUYING_STAGE, "6sense Account Buying Stage", "string", 30, false);
        c.add(ACCOUNT_PROFILE_SCORE, "6sense Account Profile Score", "integer", null, false);
        c.add(ACCOUNT_PROFILE_FIT, "6sense Account Profile Fit", "string", 18, false);
        c.add(ACCOUNT_REACH_SCORE, "6sense Account Reach Score", "string", 18, false);
        c.add(ACCOUNT_6QA, "6sense Account 6QA", "boolean", null, false);
        c.add(ACCOUNT_6QA_START_DATE, "6sense Account 6QA Start Date", "date", null, false);
        c.add(ACCOUNT_6QA_END_DATE, "6sense Account 6QA End Date", "date", null, false);
        c.add(ACCOUNT_UPDATE_DATE, "6sense Account Update Date", "datetime", null, false);
        c.add(ACCOUNT_SEGMENT_NAMES, "6sense Account Segment Names", "text", null, false);
        c.add(CONTACT_GRADE, "6sense Contact Grade", "string", 18, false);
        c.add(CONTACT_PROFILE_FIT, "6sense Contact Profile Fit", "string", 18, false);
        c.add(CONTACT_PROFILE_SCORE, "6sense Contact Profile Score", "integer", null, false);
        c.add(CONTACT_INTENT_SCORE, "6sense Contact Intent Score", "integer", null, false);
        c.add(CONTACT_ENGAGEMENT_SCORE, "6sense Contact Engagement Score", "integer", null, false);
        c.add(CONTACT_UPDATE_DATE, "6sense Contact Update Date", "datetime", null, false);
        return List.copyOf(fields);
    }

    @FunctionalInterface
    private interface Catalogue {
        void add(String name, String displayName, String dataType, Integer length, boolean readOnly);
    }
}

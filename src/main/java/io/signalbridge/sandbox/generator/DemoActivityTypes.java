package io.signalbridge.sandbox.generator;

/** The Marketo activity types the demo org contains, with Marketo's real ids and attribute names. */
public final class DemoActivityTypes {

    public static final int VISIT_WEBPAGE = 1;
    public static final int FILL_OUT_FORM = 2;
    public static final int SEND_EMAIL = 6;
    public static final int EMAIL_DELIVERED = 7;
    public static final int OPEN_EMAIL = 10;
    public static final int CLICK_EMAIL = 11;

    public static final String WEBPAGE_ID = "Webpage ID";
    public static final String WEBFORM_ID = "Webform ID";
    public static final String MAILING_ID = "Mailing ID";

    public static final String WEBPAGE_URL = "Webpage URL";
    public static final String QUERY_PARAMETERS = "Query Parameters";
    public static final String CLIENT_IP_ADDRESS = "Client IP Address";
    public static final String REFERRER_URL = "Referrer URL";
    public static final String USER_AGENT = "User Agent";
    public static final String FORM_FIELDS = "Form Fields";
    public static final String CAMPAIGN_RUN_ID = "Campaign Run ID";
    public static final String STEP_ID = "Step ID";
    public static final String CHOICE_NUMBER = "Choice Number";
    public static final String DEVICE = "Device";
    public static final String IS_MOBILE_DEVICE = "Is Mobile Device";
    public static final String PLATFORM = "Platform";
    public static final String LINK = "Link";

    private DemoActivityTypes() {
    }

    /** Engagement (what people did), as opposed to reach (what marketing did to them). */
    public static boolean isEngagement(int activityTypeId) {
        return activityTypeId == VISIT_WEBPAGE || activityTypeId == FILL_OUT_FORM
                || activityTypeId == OPEN_EMAIL || activityTypeId == CLICK_EMAIL;
    }
}

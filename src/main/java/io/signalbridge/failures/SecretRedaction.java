package io.signalbridge.failures;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Keeps secrets out of the failed-exchange store: headers that name a secret are dropped, secrets inside
 * messages (key=value pairs, bearer tokens, Salesforce session ids) are masked.
 */
public final class SecretRedaction {

    static final String MASK = "***";
    private static final Pattern SECRET_NAME = Pattern.compile("secret|token|password|authorization|session|signature",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern SECRET_ASSIGNMENT = Pattern.compile(
            "(?i)([\\w.-]*(?:secret|token|password|authorization|session|signature)[\\w.-]*\"?\\s*[=:]\\s*\"?)(?:Bearer\\s+|Basic\\s+)?[^\\s\"&,;}]+");
    private static final Pattern BEARER = Pattern.compile("(?i)\\b(Bearer|Basic)\\s+[A-Za-z0-9._~+/=!-]+");
    // a Salesforce session id: the org id (00D...), '!', then the token
    private static final Pattern SALESFORCE_SESSION_ID = Pattern.compile("\\b00D[A-Za-z0-9]{12,15}![A-Za-z0-9._]+");

    private SecretRedaction() {
    }

    public static boolean isSecretName(String name) {
        return SECRET_NAME.matcher(name).find();
    }

    /** The headers worth keeping for a replay: simple values, no secrets, none of Camel's own. */
    public static Map<String, String> headers(Map<String, Object> headers) {
        var kept = new LinkedHashMap<String, String>();
        headers.forEach((name, value) -> {
            if (value != null && !isSecretName(name) && !name.startsWith("Camel") && isSimple(value)) {
                kept.put(name, mask(value.toString()));
            }
        });
        return kept;
    }

    public static String mask(String text) {
        if (text == null) {
            return null;
        }
        String masked = SECRET_ASSIGNMENT.matcher(text).replaceAll("$1" + MASK);
        masked = BEARER.matcher(masked).replaceAll("$1 " + MASK);
        return SALESFORCE_SESSION_ID.matcher(masked).replaceAll(MASK);
    }

    private static boolean isSimple(Object value) {
        return value instanceof CharSequence || value instanceof Number || value instanceof Boolean
                || value instanceof Enum<?> || value instanceof java.time.temporal.Temporal;
    }
}

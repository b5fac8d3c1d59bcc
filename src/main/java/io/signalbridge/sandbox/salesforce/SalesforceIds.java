package io.signalbridge.sandbox.salesforce;

/** Salesforce record ids: a 3-character key prefix, 12 more characters, and the 3-character case-safe suffix. */
public final class SalesforceIds {

    private static final String BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    private static final String SUFFIX_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ012345";
    /** Stands where a real org puts its instance and reserved characters. */
    private static final String INSTANCE = "5g0";

    private SalesforceIds() {
    }

    /** The 18-character id of the {@code sequence}-th record with the given key prefix. */
    public static String of(String keyPrefix, long sequence) {
        var body = new StringBuilder(15).append(keyPrefix).append(INSTANCE);
        var digits = new char[9];
        long n = sequence;
        for (int i = 8; i >= 0; i--) {
            digits[i] = BASE62.charAt((int) (n % 62));
            n /= 62;
        }
        body.append(digits);
        return body + caseSafeSuffix(body.toString());
    }

    /** The 18-character form of a 15- or 18-character id. */
    public static String to18(String id) {
        if (id == null || id.length() == 18) {
            return id;
        }
        if (id.length() != 15) {
            throw new IllegalArgumentException("Not a Salesforce id: " + id);
        }
        return id + caseSafeSuffix(id);
    }

    public static boolean isValid(String id) {
        if (id == null || (id.length() != 15 && id.length() != 18)) {
            return false;
        }
        for (int i = 0; i < 15; i++) {
            if (BASE62.indexOf(id.charAt(i)) < 0) {
                return false;
            }
        }
        return id.length() == 15 || id.substring(15).equals(caseSafeSuffix(id.substring(0, 15)));
    }

    static String caseSafeSuffix(String id15) {
        var suffix = new StringBuilder(3);
        for (int chunk = 0; chunk < 3; chunk++) {
            int bits = 0;
            for (int i = 0; i < 5; i++) {
                char c = id15.charAt(chunk * 5 + i);
                if (c >= 'A' && c <= 'Z') {
                    bits |= 1 << i;
                }
            }
            suffix.append(SUFFIX_CHARS.charAt(bits));
        }
        return suffix.toString();
    }
}

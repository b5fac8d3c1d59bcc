package io.signalbridge.signals;

import java.util.Locale;

/** The registrable part of a website or an e-mail address, as a key that matches leads to accounts. */
public final class Domains {

    private Domains() {
    }

    public static String ofWebsite(String website) {
        if (website == null || website.isBlank()) {
            return null;
        }
        String host = website.trim().toLowerCase(Locale.ROOT).replaceFirst("^[a-z][a-z0-9+.-]*://", "");
        host = host.replaceFirst("[/?#:].*$", "").replaceFirst("^www\\.", "");
        return host.isEmpty() ? null : host;
    }

    public static String ofEmail(String email) {
        if (email == null) {
            return null;
        }
        int at = email.lastIndexOf('@');
        return at < 0 ? null : ofWebsite(email.substring(at + 1));
    }
}

package io.signalbridge.salesforce;

import java.util.Optional;
import java.util.regex.Pattern;

/** The org's daily API usage as the {@code Sforce-Limit-Info} header reports it: {@code api-usage=used/max}. */
public record ApiUsage(long used, long max) {

    private static final Pattern HEADER = Pattern.compile("api-usage=(\\d+)/(\\d+)");

    public static Optional<ApiUsage> parse(Object header) {
        if (header == null) {
            return Optional.empty();
        }
        var matcher = HEADER.matcher(header.toString());
        return matcher.find() ? Optional.of(new ApiUsage(Long.parseLong(matcher.group(1)), Long.parseLong(matcher.group(2)))) : Optional.empty();
    }

    /** Whether one more call would pass {@code share} of the daily allocation. */
    public boolean nextCallExceeds(double share) {
        return used + 1 > (long) Math.floor(max * share);
    }

    @Override
    public String toString() {
        return used + "/" + max;
    }
}

package io.signalbridge.scoring;

/** What the profile model knows about an account; any attribute may be missing. */
public record Firmographics(String accountId, String industry, Long employees, Double annualRevenue, String country) {

    /** No attribute at all: as good as no firmographics. */
    boolean empty() {
        return (industry == null || industry.isBlank()) && employees == null && annualRevenue == null
                && (country == null || country.isBlank());
    }
}

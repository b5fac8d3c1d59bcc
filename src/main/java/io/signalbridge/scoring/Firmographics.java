package io.signalbridge.scoring;

/** What the profile model knows about an account; any attribute may be missing. */
public record Firmographics(String accountId, String industry, Long employees, Double annualRevenue, String country) {
}

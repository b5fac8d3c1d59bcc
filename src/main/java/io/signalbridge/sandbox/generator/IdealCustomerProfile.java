package io.signalbridge.sandbox.generator;

import java.util.Set;
import java.util.SplittableRandom;

/**
 * The hidden ideal customer profile of the demo vendor (a data platform): mid-size and large companies in
 * data-heavy industries of mature markets. A company's latent fit is a logistic function of its
 * firmographics plus noise, so a profile model can learn it from opportunities but never perfectly.
 */
final class IdealCustomerProfile {

    private static final Set<String> CORE_INDUSTRIES = Set.of(
            "Technology", "Finance", "Banking", "Insurance", "Healthcare", "Telecommunications", "Biotechnology");
    private static final Set<String> ADJACENT_INDUSTRIES = Set.of(
            "Manufacturing", "Electronics", "Media", "Retail", "Consulting", "Communications", "Energy");
    private static final Set<String> CORE_COUNTRIES = Set.of(
            "United States", "United Kingdom", "Canada", "Germany", "Netherlands", "Australia");
    private static final Set<String> ADJACENT_COUNTRIES = Set.of("France", "Sweden", "Spain", "Singapore");

    static final double FITTING = 0.5;

    private IdealCustomerProfile() {
    }

    /** The latent fit in (0, 1); {@code >= FITTING} means the company fits. */
    static double fit(Firmographics company, SplittableRandom random) {
        double score = visibleScore(company) + random.nextGaussian() * 0.6;
        return 1 / (1 + Math.exp(-(score - 1.7)));
    }

    /** The part of the fit that the firmographics determine (without the noise): what a profile model can learn. */
    static double visibleScore(Firmographics company) {
        return industry(company.industry()) + size(company.employees()) + revenue(company.annualRevenue())
                + country(company.country());
    }

    private static double industry(String industry) {
        if (CORE_INDUSTRIES.contains(industry)) {
            return 1.3;
        }
        return ADJACENT_INDUSTRIES.contains(industry) ? 0.3 : -0.8;
    }

    private static double size(int employees) {
        if (employees < 50) {
            return -1.4;
        }
        if (employees < 200) {
            return -0.2;
        }
        if (employees <= 5_000) {
            return 1.0;
        }
        return employees <= 20_000 ? 0.5 : 0.0;
    }

    private static double revenue(long annualRevenue) {
        if (annualRevenue >= 20_000_000L) {
            return 0.4;
        }
        return annualRevenue < 5_000_000L ? -0.5 : 0.0;
    }

    private static double country(String country) {
        if (CORE_COUNTRIES.contains(country)) {
            return 0.5;
        }
        return ADJACENT_COUNTRIES.contains(country) ? 0.0 : -0.6;
    }
}

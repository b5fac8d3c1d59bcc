package io.signalbridge.sandbox.generator;

import java.util.List;
import java.util.SplittableRandom;

/** What a company looks like from outside: the inputs of a profile-fit model. */
record Firmographics(String industry, int employees, long annualRevenue, String country, String state, String city) {

    /** The Industry picklist of the schema. */
    static final List<String> INDUSTRIES = List.of(
            "Agriculture", "Banking", "Biotechnology", "Chemicals", "Communications", "Construction", "Consulting",
            "Education", "Electronics", "Energy", "Engineering", "Entertainment", "Finance", "Government",
            "Healthcare", "Hospitality", "Insurance", "Machinery", "Manufacturing", "Media", "Retail",
            "Technology", "Telecommunications", "Transportation", "Utilities", "Other");
    private static final double[] INDUSTRY_WEIGHTS = {
            1, 3, 2, 1.5, 2, 2, 3, 2, 2, 2, 2, 1.5, 4, 2, 4, 1.5, 3, 1.5, 5, 2, 4, 8, 2, 2, 1.5, 2};

    record Place(String country, double weight, List<String[]> regions) {
    }

    /** Countries with a few (state, city) pairs each. */
    static final List<Place> PLACES = List.of(
            new Place("United States", 38, List.of(new String[] {"CA", "San Francisco"}, new String[] {"NY", "New York"},
                    new String[] {"TX", "Austin"}, new String[] {"MA", "Boston"}, new String[] {"IL", "Chicago"},
                    new String[] {"WA", "Seattle"}, new String[] {"GA", "Atlanta"}, new String[] {"CO", "Denver"})),
            new Place("United Kingdom", 10, List.of(new String[] {"England", "London"}, new String[] {"England", "Manchester"},
                    new String[] {"Scotland", "Edinburgh"})),
            new Place("Germany", 8, List.of(new String[] {"Bavaria", "Munich"}, new String[] {"Berlin", "Berlin"},
                    new String[] {"Hesse", "Frankfurt"})),
            new Place("France", 6, List.of(new String[] {"Ile-de-France", "Paris"}, new String[] {"Auvergne-Rhone-Alpes", "Lyon"})),
            new Place("Canada", 6, List.of(new String[] {"ON", "Toronto"}, new String[] {"BC", "Vancouver"}, new String[] {"QC", "Montreal"})),
            new Place("Australia", 5, List.of(new String[] {"NSW", "Sydney"}, new String[] {"VIC", "Melbourne"})),
            new Place("Netherlands", 4, List.of(new String[] {"North Holland", "Amsterdam"}, new String[] {"South Holland", "Rotterdam"})),
            new Place("Sweden", 3, List.of(new String[] {"Stockholm", "Stockholm"}, new String[] {"Vastra Gotaland", "Gothenburg"})),
            new Place("Spain", 3, List.of(new String[] {"Madrid", "Madrid"}, new String[] {"Catalonia", "Barcelona"})),
            new Place("India", 6, List.of(new String[] {"Karnataka", "Bengaluru"}, new String[] {"Maharashtra", "Mumbai"})),
            new Place("Brazil", 4, List.of(new String[] {"Sao Paulo", "Sao Paulo"}, new String[] {"Rio de Janeiro", "Rio de Janeiro"})),
            new Place("Japan", 4, List.of(new String[] {"Tokyo", "Tokyo"}, new String[] {"Osaka", "Osaka"})),
            new Place("Singapore", 3, List.<String[]>of(new String[] {"Singapore", "Singapore"})));
    private static final double[] PLACE_WEIGHTS = PLACES.stream().mapToDouble(Place::weight).toArray();

    static Firmographics draw(SplittableRandom random) {
        String industry = INDUSTRIES.get(Draw.weightedIndex(random, INDUSTRY_WEIGHTS));
        // log-uniform between 10 and 50,000 people, rounded to two significant digits like a data vendor's
        double logEmployees = Math.log(10) + random.nextDouble() * (Math.log(50_000) - Math.log(10));
        int employees = (int) roundToSignificant(Math.exp(logEmployees), 2);
        double revenuePerEmployee = revenuePerEmployee(industry) * Math.exp(random.nextGaussian() * 0.45);
        long revenue = roundToSignificant(employees * revenuePerEmployee, 2);
        Place place = PLACES.get(Draw.weightedIndex(random, PLACE_WEIGHTS));
        String[] region = Draw.oneOf(random, place.regions());
        return new Firmographics(industry, employees, revenue, place.country(), region[0], region[1]);
    }

    private static double revenuePerEmployee(String industry) {
        return switch (industry) {
            case "Banking", "Finance", "Insurance", "Energy" -> 420_000;
            case "Technology", "Telecommunications", "Biotechnology", "Electronics" -> 280_000;
            case "Government", "Education", "Hospitality" -> 90_000;
            case "Retail", "Agriculture" -> 160_000;
            default -> 200_000;
        };
    }

    private static long roundToSignificant(double value, int digits) {
        if (value < 1) {
            return 1;
        }
        double scale = Math.pow(10, Math.floor(Math.log10(value)) - digits + 1);
        return Math.max(1, Math.round(value / scale) * (long) Math.max(1, scale));
    }
}

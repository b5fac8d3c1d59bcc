package io.signalbridge.sandbox.generator;

import java.math.BigInteger;
import java.util.List;
import java.util.Locale;

/**
 * Unique company names and web domains without a registry of used names: company {@code index} gets the
 * name combination at a seed-dependent permutation of its index, so names never repeat and memory stays flat.
 * Companies that are not accounts (the employers of unmatched leads) count down from the other end of the
 * same permutation, which is why accounts are limited to half the combinations.
 */
final class CompanyNames {

    static final List<String> LEADS = List.of(
            "North", "South", "East", "West", "Blue", "Red", "Green", "Silver", "Golden", "Iron",
            "Stone", "River", "Lake", "Summit", "Peak", "Harbor", "Bright", "Clear", "Swift", "True",
            "Prime", "Apex", "Nova", "Stellar", "Quantum", "Vertex", "Cedar", "Maple", "Oak", "Pine",
            "Falcon", "Eagle", "Hawk", "Orion", "Atlas", "Titan", "Polar", "Solar", "Lunar", "Crystal",
            "Crimson", "Cobalt", "Amber", "Ivory", "Granite", "Copper", "Evergreen", "Highland", "Pacific", "Atlantic",
            "Meridian", "Horizon", "Pioneer", "Frontier", "Keystone", "Liberty", "Sterling", "Noble", "Royal", "Grand",
            "Alpine", "Coastal", "Urban", "Vivid");
    static final List<String> ROOTS = List.of(
            "wind", "field", "bridge", "gate", "point", "ridge", "view", "wood", "brook", "crest",
            "haven", "port", "side", "vale", "works", "line", "path", "rock", "stream", "tree",
            "wave", "light", "star", "forge", "mark", "shore", "land", "hill", "moor", "dale",
            "spring", "ford", "well", "bay", "cliff", "glen", "grove", "mont", "stead", "wick",
            "ton", "by", "holm", "fell", "mere", "sted", "core", "sphere");
    static final List<String> SECTORS = List.of(
            "Systems", "Solutions", "Technologies", "Analytics", "Labs", "Logistics", "Industries", "Partners",
            "Holdings", "Group", "Networks", "Dynamics", "Software", "Health", "Financial", "Energy",
            "Foods", "Materials", "Media", "Robotics", "Consulting", "Capital", "Retail", "Motors",
            "Pharma", "Telecom", "Insurance", "Engineering", "Devices", "Foundry", "Digital", "Services");

    static final int COMBINATIONS = LEADS.size() * ROOTS.size() * SECTORS.size();
    static final int MAX_ACCOUNTS = COMBINATIONS / 2;

    private final long offset;
    private final long stride;

    CompanyNames(long seed) {
        long mixed = Draw.mix(seed ^ 0x5DEECE66DL);
        this.offset = Math.floorMod(mixed, COMBINATIONS);
        long candidate = Math.floorMod(Draw.mix(mixed), COMBINATIONS) | 1;
        while (BigInteger.valueOf(candidate).gcd(BigInteger.valueOf(COMBINATIONS)).intValue() != 1) {
            candidate += 2;
        }
        this.stride = candidate;
    }

    record CompanyName(String name, String domain) {

        String website() {
            return "https://www." + domain;
        }
    }

    CompanyName account(int index) {
        return combination(permute(index));
    }

    /** A company that is not an account of the org (never equal to any account's name or domain). */
    CompanyName outsider(int index) {
        return combination(permute(COMBINATIONS - 1 - index));
    }

    private int permute(long index) {
        return (int) Math.floorMod(offset + index * stride, (long) COMBINATIONS);
    }

    static CompanyName combination(int combination) {
        int sector = combination % SECTORS.size();
        int root = (combination / SECTORS.size()) % ROOTS.size();
        int lead = combination / (SECTORS.size() * ROOTS.size());
        String stem = LEADS.get(lead) + ROOTS.get(root);
        String name = stem + " " + SECTORS.get(sector);
        String domain = (stem + SECTORS.get(sector)).toLowerCase(Locale.ROOT) + ".com";
        return new CompanyName(name, domain);
    }
}

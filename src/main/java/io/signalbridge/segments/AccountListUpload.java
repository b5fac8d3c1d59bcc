package io.signalbridge.segments;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;

import io.signalbridge.signals.Domains;
import io.signalbridge.signals.SignalStore;

/**
 * An uploaded account list: a CSV whose first column holds Salesforce Account ids (15 or 18 characters) or
 * website domains ({@code acme.com}, {@code https://www.acme.com/}), with or without a header row. Each row is
 * matched to the pulled Accounts; a row that matches none is reported with its line and the reason.
 */
final class AccountListUpload {

    private static final Pattern SALESFORCE_ID = Pattern.compile("[a-zA-Z0-9]{15}([a-zA-Z0-9]{3})?");
    private static final Set<String> HEADERS = Set.of("id", "accountid", "account id", "account_id", "domain", "website",
            "salesforce id", "sfdc id");
    private static final String CHECKSUM_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ012345";

    /** A row that matched no account. */
    record Unmatched(int line, String value, String reason) {
    }

    record Result(int rows, Set<String> accounts, List<Unmatched> unmatched) {
    }

    private AccountListUpload() {
    }

    static Result match(String csv, SignalStore signals) {
        List<String[]> rows = parse(csv);
        Set<String> accountIds = new HashSet<>();
        Map<String, List<String>> accountsByDomain = new HashMap<>();
        signals.forEach("salesforce", "Account", account -> {
            accountIds.add(account.id());
            String domain = Domains.ofWebsite(account.fields().path("Website").asText(null));
            if (domain != null) {
                accountsByDomain.computeIfAbsent(domain, d -> new ArrayList<>(1)).add(account.id());
            }
        });
        Set<String> matched = new HashSet<>();
        var unmatched = new ArrayList<Unmatched>();
        int counted = 0;
        for (int i = 0; i < rows.size(); i++) {
            int line = i + 1;
            String value = rows.get(i).length == 0 ? "" : rows.get(i)[0].trim();
            if (i == 0 && HEADERS.contains(value.toLowerCase(Locale.ROOT))) {
                continue;
            }
            if (value.isEmpty()) {
                if (rows.get(i).length > 1 || i < rows.size() - 1) {
                    unmatched.add(new Unmatched(line, value, "empty first column"));
                    counted++;
                }
                continue;
            }
            counted++;
            if (SALESFORCE_ID.matcher(value).matches()) {
                if (!value.startsWith("001")) {
                    unmatched.add(new Unmatched(line, value, "not an Account id (Account ids start with 001)"));
                } else if (accountIds.contains(to18(value))) {
                    matched.add(to18(value));
                } else {
                    unmatched.add(new Unmatched(line, value, "no pulled Account has this id"));
                }
                continue;
            }
            String domain = Domains.ofWebsite(value);
            if (domain == null || !domain.contains(".")) {
                unmatched.add(new Unmatched(line, value, "neither a Salesforce Account id nor a domain"));
            } else if (accountsByDomain.containsKey(domain)) {
                matched.addAll(accountsByDomain.get(domain));
            } else {
                unmatched.add(new Unmatched(line, value, "no pulled Account has a website on " + domain));
            }
        }
        return new Result(counted, matched, unmatched);
    }

    private static List<String[]> parse(String csv) {
        var mapper = new CsvMapper().enable(CsvParser.Feature.WRAP_AS_ARRAY);
        try (MappingIterator<String[]> rows = mapper.readerFor(String[].class).readValues(csv == null ? "" : csv)) {
            return rows.readAll();
        } catch (IOException | RuntimeException e) {
            throw new SegmentValidationException("the upload is not a readable CSV: " + e.getMessage());
        }
    }

    /** The 18-character form of a Salesforce id (its 15-character form plus the case checksum). */
    static String to18(String id) {
        if (id.length() == 18) {
            return id.substring(0, 15) + id.substring(15).toUpperCase(Locale.ROOT);
        }
        var suffix = new StringBuilder(3);
        for (int chunk = 0; chunk < 3; chunk++) {
            int bits = 0;
            for (int i = 0; i < 5; i++) {
                char c = id.charAt(chunk * 5 + i);
                if (c >= 'A' && c <= 'Z') {
                    bits |= 1 << i;
                }
            }
            suffix.append(CHECKSUM_CHARS.charAt(bits));
        }
        return id + suffix;
    }
}

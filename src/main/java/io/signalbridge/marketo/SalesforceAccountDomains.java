package io.signalbridge.marketo;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import io.signalbridge.signals.SignalStore;

import org.springframework.stereotype.Component;

/**
 * Pulled Salesforce Accounts by the domain of their Website: the fallback for a Marketo lead without
 * Salesforce ids, matched on its email's domain. A domain that two accounts share matches neither. The
 * index is read again at most every {@link #REFRESH}.
 */
@Component
public class SalesforceAccountDomains {

    static final Duration REFRESH = Duration.ofMinutes(15);

    private final SignalStore signals;
    private final Clock clock;
    private Map<String, String> accountByDomain = Map.of();
    private Instant readAt;

    public SalesforceAccountDomains(SignalStore signals, Clock clock) {
        this.signals = signals;
        this.clock = clock;
    }

    /** The account whose website has the email's domain, if exactly one has. */
    public synchronized Optional<String> accountOf(String email) {
        if (email == null || email.indexOf('@') < 0) {
            return Optional.empty();
        }
        if (readAt == null || !clock.instant().isBefore(readAt.plus(REFRESH))) {
            accountByDomain = read();
            readAt = clock.instant();
        }
        return Optional.ofNullable(accountByDomain.get(email.substring(email.lastIndexOf('@') + 1).toLowerCase(Locale.ROOT)));
    }

    private Map<String, String> read() {
        Map<String, String> byDomain = new HashMap<>();
        Set<String> shared = new HashSet<>();
        signals.forEach("salesforce", "Account", account -> {
            String domain = domainOf(account.fields().path("Website").asText(""));
            if (!domain.isEmpty() && byDomain.putIfAbsent(domain, account.id()) != null) {
                shared.add(domain);
            }
        });
        shared.forEach(byDomain::remove);
        return byDomain;
    }

    /** {@code https://www.acme.com/about} → {@code acme.com}. */
    static String domainOf(String website) {
        String host = website.trim().toLowerCase(Locale.ROOT).replaceFirst("^[a-z][a-z0-9+.-]*://", "");
        host = host.replaceFirst("[/?#:].*$", "");
        return host.startsWith("www.") ? host.substring(4) : host;
    }
}

package io.signalbridge.scoring;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What one scoring run is fed, accumulated per account as it streams in: firmographics, opportunities and
 * signals (kept as compact per-account time series). Inputs that cannot be used are counted by reason.
 */
public final class ScoringInput {

    private final ScoringSettings settings;
    private final Instant now;
    private final List<String> kinds;
    private final Map<String, Integer> kindIndex = new HashMap<>();
    private final Map<String, Firmographics> firmographics = new HashMap<>();
    private final Map<String, List<Opportunity>> opportunities = new HashMap<>();
    private final Map<String, AccountSignals> signals = new HashMap<>();
    private final Map<String, Person> people = new HashMap<>();
    private final Map<Rejection, Long> rejections = new EnumMap<>(Rejection.class);

    /** @param now signals after this instant are rejected as coming from the future */
    public ScoringInput(ScoringSettings settings, Instant now) {
        this.settings = settings;
        this.now = now;
        this.kinds = settings.kinds().keySet().stream().sorted().toList();
        for (int i = 0; i < kinds.size(); i++) {
            kindIndex.put(kinds.get(i), i);
        }
    }

    public void add(Firmographics account) {
        firmographics.put(account.accountId(), account);
    }

    public void add(Opportunity opportunity) {
        if (opportunity.accountId() == null) {
            reject(Rejection.NO_ACCOUNT);
        } else if (opportunity.created() == null) {
            reject(Rejection.MISSING_TIME);
        } else {
            opportunities.computeIfAbsent(opportunity.accountId(), id -> new ArrayList<>()).add(opportunity);
        }
    }

    /** A person to score; one without an account is counted and left out. */
    public void add(Person person) {
        if (person.accountId() == null) {
            reject(Rejection.PERSON_WITHOUT_ACCOUNT);
        } else {
            people.put(person.personId(), person);
        }
    }

    /** Takes a signal, or counts why not (duplicates are counted once the account's signals are read). */
    public boolean add(Signal signal) {
        Integer kind = signal.kind() == null ? null : kindIndex.get(signal.kind());
        Rejection rejection = kind == null ? Rejection.UNKNOWN_KIND
                : signal.accountId() == null ? Rejection.NO_ACCOUNT
                : signal.time() == null ? Rejection.MISSING_TIME
                : signal.time().isAfter(now) ? Rejection.FUTURE_TIMESTAMP
                : null;
        if (rejection != null) {
            reject(rejection);
            return false;
        }
        signals.computeIfAbsent(signal.accountId(), id -> new AccountSignals()).add(kind, signal.time().getEpochSecond(),
                signal.personId());
        return true;
    }

    public void reject(Rejection reason) {
        rejections.merge(reason, 1L, Long::sum);
    }

    public Map<Rejection, Long> rejections() {
        var all = new EnumMap<Rejection, Long>(rejections);
        long duplicates = signals.values().stream().mapToLong(AccountSignals::duplicates).sum();
        if (duplicates > 0) {
            all.merge(Rejection.DUPLICATE, duplicates, Long::sum);
        }
        return Collections.unmodifiableMap(all);
    }

    public Instant now() {
        return now;
    }

    public ScoringSettings settings() {
        return settings;
    }

    List<String> kinds() {
        return kinds;
    }

    Set<String> accountIds() {
        var ids = new LinkedHashSet<String>(firmographics.keySet());
        ids.addAll(opportunities.keySet());
        ids.addAll(signals.keySet());
        return ids;
    }

    List<Person> people() {
        return people.values().stream().sorted(Comparator.comparing(Person::personId)).toList();
    }

    /** The account's firmographics; empty without an Account record or with one that has no attribute at all. */
    Optional<Firmographics> firmographics(String accountId) {
        return Optional.ofNullable(firmographics.get(accountId)).filter(f -> !f.empty());
    }

    List<Opportunity> opportunities(String accountId) {
        return opportunities.getOrDefault(accountId, List.of());
    }

    AccountSignals signals(String accountId) {
        return signals.getOrDefault(accountId, AccountSignals.NONE);
    }
}

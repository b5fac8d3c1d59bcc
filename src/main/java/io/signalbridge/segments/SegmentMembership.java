package io.signalbridge.segments;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;

import io.signalbridge.failures.FailedExchangeStore;
import io.signalbridge.failures.FailureFilter;
import io.signalbridge.failures.FailureStatus;
import io.signalbridge.mapping.TargetSchema;
import io.signalbridge.signals.PulledRecord;
import io.signalbridge.signals.SignalStore;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The segment membership step of every scoring run ({@code direct:segment-membership}). It streams the pulled
 * Accounts once, with their latest scores, and decides for every segment whether each account is in it; entries
 * and exits are stored with their events. For every account it then computes the names of the published segments
 * it is in (sorted, joined by the configured delimiter) and updates {@code account_segment_names} only where that
 * value changed; an account in no published segment gets an empty string, so the write-back clears its field.
 * A value longer than the target field is not written: the account keeps its previous value and the overflow is
 * kept in the failed-exchange store, naming the account and its segments. Then each segment with an audience list
 * has its Marketo list brought in line ({@link SegmentAudience}).
 */
@Component("segmentMembership")
public class SegmentMembership {

    public static final String ROUTE_ID = "segment-membership";
    static final String NAMES_TOO_LONG = "SEGMENT_NAMES_TOO_LONG";
    private static final Logger log = LoggerFactory.getLogger(SegmentMembership.class);
    private static final long[] NONE = new long[0];

    private static final String MERGE_NAMES = """
            merge into account_segment_names t
            using (values (cast(? as varchar(64)), cast(? as text), cast(? as timestamp))) as s (account_id, names, updated_at)
            on t.account_id = s.account_id
            when matched then update set names = s.names, updated_at = s.updated_at
            when not matched then insert (account_id, names, updated_at) values (s.account_id, s.names, s.updated_at)""";

    /** What a run did. */
    public record RunSummary(long run, int accounts, int entries, int exits, int namesChanged, int namesRefused,
                             int audienceAdded, int audienceRemoved, int marketoCalls, int audienceFailures) {
    }

    private record Change(long segmentId, String accountId) {
    }

    private record NamesRow(String accountId, String names) {
    }

    private final SignalStore signals;
    private final SegmentStore segments;
    private final SegmentAudience audience;
    private final TargetSchema schema;
    private final FailedExchangeStore failures;
    private final SegmentProperties properties;
    private final JdbcTemplate jdbc;
    private final TransactionTemplate transaction;
    private final Clock clock;

    public SegmentMembership(SignalStore signals, SegmentStore segments, SegmentAudience audience, TargetSchema schema,
                             FailedExchangeStore failures, SegmentProperties properties, JdbcTemplate jdbc,
                             TransactionTemplate transaction, Clock clock) {
        this.signals = signals;
        this.segments = segments;
        this.audience = audience;
        this.schema = schema;
        this.failures = failures;
        this.properties = properties;
        this.jdbc = jdbc;
        this.transaction = transaction;
        this.clock = clock;
    }

    public synchronized RunSummary run() {
        Instant now = clock.instant();
        long run = startRun(now);
        try {
            List<Segment> all = segments.findAll();
            Map<Long, SegmentFilter> filters = new HashMap<>();
            Map<Long, Set<String>> sources = new HashMap<>();
            for (Segment segment : all) {
                if (segment.kind() == SegmentKind.FILTER) {
                    filters.put(segment.id(), SegmentFilter.parse(segment.definition()));
                } else {
                    sources.put(segment.id(), Set.copyOf(jdbc.queryForList(
                            "select account_id from segment_source_account where segment_id = ?", String.class, segment.id())));
                }
            }
            Map<Long, String> publishedNames = all.stream().filter(Segment::published)
                    .collect(Collectors.toMap(Segment::id, Segment::name));
            Map<String, long[]> current = currentMemberships();
            Map<String, String> currentNames = new HashMap<>();
            jdbc.query("select account_id, names from account_segment_names",
                    (RowCallbackHandler) rs -> currentNames.put(rs.getString(1), rs.getString(2)));
            Map<String, AccountFacts.Scores> scores = scores();

            var entries = new ArrayList<Change>();
            var exits = new ArrayList<Change>();
            var names = new ArrayList<NamesRow>();
            var refused = new LinkedHashMap<String, String>();
            var accounts = new AtomicInteger();
            // Read (one describe, cached) only when a non-empty value must be checked, before anything is written.
            var fieldLength = new FieldLength();
            long[] ids = all.stream().mapToLong(Segment::id).sorted().toArray();
            signals.forEach("salesforce", "Account", record -> {
                accounts.incrementAndGet();
                AccountFacts facts = facts(record, scores.get(record.id()));
                long[] after = Arrays.stream(ids).filter(id -> {
                    SegmentFilter filter = filters.get(id);
                    return filter != null ? filter.matches(facts) : sources.get(id).contains(facts.accountId());
                }).toArray();
                long[] before = current.remove(record.id());
                diff(record.id(), before == null ? NONE : before, after, entries, exits);
                String joined = join(after, publishedNames);
                String was = currentNames.remove(record.id());
                if (!joined.equals(was == null ? "" : was)) {
                    if (!joined.isEmpty() && joined.length() > fieldLength.get()) {
                        refused.put(record.id(), joined);
                    } else {
                        names.add(new NamesRow(record.id(), joined));
                    }
                }
            });
            // Accounts no longer in the store (deleted in Salesforce) leave every segment and keep no name.
            current.forEach((accountId, before) -> diff(accountId, before, NONE, entries, exits));
            currentNames.forEach((accountId, was) -> {
                if (!was.isEmpty()) {
                    names.add(new NamesRow(accountId, ""));
                }
            });

            transaction.executeWithoutResult(status -> store(run, entries, exits, names, now));
            recordOverflows(refused, refused.isEmpty() ? 0 : fieldLength.get());
            resolveFittingOverflows(names);

            int added = 0;
            int removed = 0;
            int audienceFailures = 0;
            var calls = new AtomicInteger();
            for (Segment segment : all) {
                if (segment.audienceList() == null || segment.audienceList().isBlank()) {
                    continue;
                }
                try {
                    var result = audience.sync(segment, calls);
                    added += result.added();
                    removed += result.removed();
                    failures.resolve(ROUTE_ID, "audience:" + segment.id());
                } catch (RuntimeException e) {
                    audienceFailures++;
                    log.warn("Audience of segment {} ({}) not synced: {}", segment.id(), segment.name(), e.getMessage());
                    failures.record(new FailedExchangeStore.Failure(ROUTE_ID, "audience", "audience:" + segment.id(),
                            "segment " + segment.id() + " (" + segment.name() + ") -> Marketo list " + segment.audienceList(),
                            Map.of("segmentId", String.valueOf(segment.id())), e.getClass().getName(), errorCode(e),
                            String.valueOf(e.getMessage()), "direct:" + ROUTE_ID));
                }
            }
            var summary = new RunSummary(run, accounts.get(), entries.size(), exits.size(), names.size(), refused.size(),
                    added, removed, calls.get(), audienceFailures);
            endRun(summary, audienceFailures == 0 ? "SUCCEEDED" : "PARTIAL", audienceFailures == 0 ? null
                    : audienceFailures + " audience list(s) not synced (see /api/failures?route=" + ROUTE_ID + ")");
            log.info("Segment membership: {} accounts, {} entries, {} exits, {} segment-name values changed, {} refused as too long; "
                    + "Marketo lists: {} added, {} removed in {} calls", summary.accounts(), summary.entries(), summary.exits(),
                    summary.namesChanged(), summary.namesRefused(), added, removed, calls.get());
            return summary;
        } catch (RuntimeException e) {
            jdbc.update("update segment_run set ended_at = ?, status = 'FAILED', error = ? where id = ?",
                    SegmentStore.timestamp(clock.instant()), String.valueOf(e.getMessage()), run);
            throw e;
        }
    }

    /** The target field's length, read from the describe on first use. */
    private final class FieldLength {
        private Integer length;

        int get() {
            if (length == null) {
                length = schema.field(properties.namesObject(), properties.namesField())
                        .orElseThrow(() -> new IllegalStateException("The segment-names field " + properties.namesObject() + "."
                                + properties.namesField() + " does not exist in the org (signalbridge.segments.names-field)"))
                        .length();
            }
            return length;
        }
    }

    private static String errorCode(RuntimeException e) {
        return e instanceof io.signalbridge.marketo.MarketoApiException marketo ? marketo.code() : null;
    }

    /** The published names among {@code segmentIds}, sorted (case-insensitively, then exactly) and joined. */
    private String join(long[] segmentIds, Map<Long, String> publishedNames) {
        if (segmentIds.length == 0 || publishedNames.isEmpty()) {
            return "";
        }
        var names = new ArrayList<String>();
        for (long id : segmentIds) {
            String name = publishedNames.get(id);
            if (name != null) {
                names.add(name);
            }
        }
        names.sort(String.CASE_INSENSITIVE_ORDER.thenComparing(Comparator.naturalOrder()));
        return String.join(properties.namesDelimiter(), names);
    }

    private static void diff(String accountId, long[] before, long[] after, List<Change> entries, List<Change> exits) {
        int i = 0;
        int j = 0;
        while (i < before.length || j < after.length) {
            if (j >= after.length || (i < before.length && before[i] < after[j])) {
                exits.add(new Change(before[i++], accountId));
            } else if (i >= before.length || after[j] < before[i]) {
                entries.add(new Change(after[j++], accountId));
            } else {
                i++;
                j++;
            }
        }
    }

    private void store(long run, List<Change> entries, List<Change> exits, List<NamesRow> names, Instant now) {
        Timestamp at = SegmentStore.timestamp(now);
        jdbc.batchUpdate("insert into segment_member (segment_id, account_id, entered_at) values (?, ?, ?)", entries, 1_000,
                (ps, c) -> { ps.setLong(1, c.segmentId()); ps.setString(2, c.accountId()); ps.setTimestamp(3, at); });
        jdbc.batchUpdate("delete from segment_member where segment_id = ? and account_id = ?", exits, 1_000,
                (ps, c) -> { ps.setLong(1, c.segmentId()); ps.setString(2, c.accountId()); });
        var events = new ArrayList<Object[]>(entries.size() + exits.size());
        entries.forEach(c -> events.add(new Object[] {c.segmentId(), c.accountId(), "ENTRY", run, at}));
        exits.forEach(c -> events.add(new Object[] {c.segmentId(), c.accountId(), "EXIT", run, at}));
        jdbc.batchUpdate("insert into segment_member_event (segment_id, account_id, event_type, run_id, at) values (?, ?, ?, ?, ?)", events);
        jdbc.batchUpdate(MERGE_NAMES, names, 1_000,
                (ps, n) -> { ps.setString(1, n.accountId()); ps.setString(2, n.names()); ps.setTimestamp(3, at); });
    }

    private void recordOverflows(Map<String, String> refused, int fieldLength) {
        refused.forEach((accountId, joined) -> failures.record(new FailedExchangeStore.Failure(ROUTE_ID, "account-segment-names",
                accountId, joined, Map.of("accountId", accountId), SegmentNamesTooLongException.class.getName(), NAMES_TOO_LONG,
                "Account " + accountId + ": the names of its published segments (" + joined.length() + " characters) do not fit "
                        + properties.namesObject() + "." + properties.namesField() + " (" + fieldLength + "); its value is left"
                        + " unchanged. Segments: " + joined, "direct:" + ROUTE_ID)));
        if (!refused.isEmpty()) {
            log.warn("{} account(s) keep their segment names: the new value is longer than {}.{} ({} characters)", refused.size(),
                    properties.namesObject(), properties.namesField(), fieldLength);
        }
    }

    /** An account whose names fit again has its open overflow failure resolved. */
    private void resolveFittingOverflows(List<NamesRow> written) {
        var open = failures.list(new FailureFilter(ROUTE_ID, NAMES_TOO_LONG, null, null, FailureStatus.FAILED), 100_000);
        if (open.isEmpty()) {
            return;
        }
        Set<String> writtenAccounts = written.stream().map(NamesRow::accountId).collect(Collectors.toSet());
        open.stream().filter(f -> writtenAccounts.contains(f.failureKey())).forEach(f -> failures.resolve(ROUTE_ID, f.failureKey()));
    }

    private Map<String, long[]> currentMemberships() {
        Map<String, List<Long>> lists = new HashMap<>();
        jdbc.query("select account_id, segment_id from segment_member",
                (RowCallbackHandler) rs -> lists.computeIfAbsent(rs.getString(1), a -> new ArrayList<>(2)).add(rs.getLong(2)));
        Map<String, long[]> current = new HashMap<>(lists.size() * 2);
        lists.forEach((account, segmentIds) -> current.put(account, segmentIds.stream().mapToLong(Long::longValue).sorted().toArray()));
        return current;
    }

    private Map<String, AccountFacts.Scores> scores() {
        Map<String, AccountFacts.Scores> scores = new HashMap<>();
        jdbc.query("select account_id, buying_stage, profile_fit, intent_score, profile_score, reach_level, reach_score, qualified from account_score",
                (RowCallbackHandler) rs -> scores.put(rs.getString(1), new AccountFacts.Scores(rs.getString(2).intern(),
                        rs.getString(3).intern(), rs.getInt(4), rs.getInt(5), rs.getString(6).intern(), rs.getInt(7), rs.getBoolean(8))));
        return scores;
    }

    static AccountFacts facts(PulledRecord account, AccountFacts.Scores scores) {
        JsonNode fields = account.fields();
        return new AccountFacts(account.id(), text(fields, "Industry"), number(fields, "NumberOfEmployees"),
                number(fields, "AnnualRevenue"), text(fields, "BillingCountry"), scores);
    }

    private static String text(JsonNode fields, String name) {
        JsonNode value = fields.get(name);
        return value == null || value.isNull() || value.asText().isBlank() ? null : value.asText();
    }

    private static Double number(JsonNode fields, String name) {
        JsonNode value = fields.get(name);
        if (value == null || value.isNull()) {
            return null;
        }
        if (value.isNumber()) {
            return value.asDouble();
        }
        try {
            return Double.valueOf(value.asText().trim());
        } catch (NumberFormatException notANumber) {
            return null;
        }
    }

    private long startRun(Instant now) {
        var keys = new org.springframework.jdbc.support.GeneratedKeyHolder();
        jdbc.update(connection -> {
            var ps = connection.prepareStatement("insert into segment_run (started_at, status) values (?, 'RUNNING')", new String[] {"id"});
            ps.setTimestamp(1, SegmentStore.timestamp(now));
            return ps;
        }, keys);
        return keys.getKey().longValue();
    }

    private void endRun(RunSummary summary, String status, String error) {
        jdbc.update("""
                update segment_run set ended_at = ?, status = ?, entries = ?, exits = ?, names_changed = ?, names_refused = ?,
                       audience_added = ?, audience_removed = ?, marketo_calls = ?, error = ? where id = ?""",
                SegmentStore.timestamp(clock.instant()), status, summary.entries(), summary.exits(), summary.namesChanged(),
                summary.namesRefused(), summary.audienceAdded(), summary.audienceRemoved(), summary.marketoCalls(), error, summary.run());
    }

    /** The names of an account's published segments do not fit the target field. */
    public static class SegmentNamesTooLongException extends RuntimeException {
        public SegmentNamesTooLongException(String message) {
            super(message);
        }
    }
}

package io.signalbridge.segments;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

import io.signalbridge.failures.FailedExchangeStore;
import io.signalbridge.salesforce.SalesforceQueries;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * CRM_QUERY segments: their SOQL WHERE clause over Account, run through camel-salesforce page by page
 * ({@code nextRecordsUrl}), on the pull schedule ({@code signalbridge.segments.crm-query-cron}) and when the
 * segment is saved. The Ids returned become the segment's source accounts; the next membership run turns them
 * into members.
 */
@Component("segmentCrmQueries")
public class SegmentCrmQueries {

    private static final Logger log = LoggerFactory.getLogger(SegmentCrmQueries.class);
    /** A clause is a condition, not a second statement or a clause of another kind. */
    private static final Pattern NOT_A_CONDITION = Pattern.compile(
            "(?i)(;|\\b(select|from|limit|offset|order\\s+by|group\\s+by|having|for\\s+update|for\\s+view)\\b)");

    /** What one query run found and how many calls it made. */
    public record QueryResult(int accounts, int calls) {
    }

    private final SalesforceQueries queries;
    private final SegmentStore store;
    private final FailedExchangeStore failures;

    public SegmentCrmQueries(SalesforceQueries queries, SegmentStore store, FailedExchangeStore failures) {
        this.queries = queries;
        this.store = store;
        this.failures = failures;
    }

    /** Refuses a clause that is blank or more than a condition (another statement, LIMIT, ORDER BY ...). */
    static void check(String where) {
        if (where == null || where.isBlank()) {
            throw new SegmentValidationException("crmQuery: a SOQL WHERE clause over Account is required, e.g. Industry = 'Banking'");
        }
        var found = NOT_A_CONDITION.matcher(where.replaceAll("'(\\\\'|[^'])*'", "''"));
        if (found.find()) {
            throw new SegmentValidationException("crmQuery: only the condition of a WHERE clause is accepted; '"
                    + found.group().trim().toUpperCase(Locale.ROOT) + "' is not part of one");
        }
    }

    static String soql(String where) {
        // queryAll (the only query call of SalesforceQueries) also returns deleted rows: they are left out here.
        return "SELECT Id FROM Account WHERE (" + where + ") AND IsDeleted = false";
    }

    /** Runs a clause against the org, page by page; a query Salesforce refuses is a SegmentValidationException. */
    public Set<String> run(String where, AtomicInteger calls) {
        check(where);
        Set<String> ids = new HashSet<>();
        try {
            SalesforceQueries.Page page = queries.queryAll(soql(where));
            calls.incrementAndGet();
            page.records().forEach(r -> ids.add(r.path("Id").asText()));
            while (!page.done() && page.nextRecordsUrl() != null) {
                page = queries.next(page.nextRecordsUrl());
                calls.incrementAndGet();
                page.records().forEach(r -> ids.add(r.path("Id").asText()));
            }
        } catch (SalesforceQueries.SalesforceCallException e) {
            throw new SegmentValidationException("crmQuery: Salesforce refused the query: " + e.getMessage());
        }
        return ids;
    }

    /** Runs the segment's query and stores the accounts it returned as the segment's source accounts. */
    public QueryResult refresh(Segment segment) {
        var calls = new AtomicInteger();
        Set<String> ids = run(segment.crmWhere(), calls);
        store.replaceSourceAccounts(segment.id(), ids);
        return new QueryResult(ids.size(), calls.get());
    }

    /** The scheduled run: every CRM_QUERY segment; one that fails is kept as a failed exchange and the others go on. */
    public List<String> refreshAll() {
        var outcomes = new ArrayList<String>();
        for (Segment segment : store.findAll()) {
            if (segment.kind() != SegmentKind.CRM_QUERY) {
                continue;
            }
            try {
                QueryResult result = refresh(segment);
                outcomes.add(segment.name() + ": " + result.accounts() + " accounts in " + result.calls() + " calls");
                failures.resolve("segment-crm-queries", "segment:" + segment.id());
            } catch (RuntimeException e) {
                log.warn("CRM query of segment {} ({}) failed: {}", segment.id(), segment.name(), e.getMessage());
                outcomes.add(segment.name() + ": failed");
                failures.record(new FailedExchangeStore.Failure("segment-crm-queries", "crm-query", "segment:" + segment.id(),
                        soql(segment.crmWhere()), Map.of("segmentId", String.valueOf(segment.id())), e.getClass().getName(), null,
                        String.valueOf(e.getMessage()), "direct:segment-crm-queries"));
            }
        }
        log.info("CRM query segments refreshed: {}", outcomes);
        return outcomes;
    }
}

package io.signalbridge.sandbox.salesforce.soql;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import java.util.function.Consumer;

import io.signalbridge.sandbox.salesforce.SalesforceRecord;
import io.signalbridge.sandbox.salesforce.SalesforceRecordStore;
import io.signalbridge.sandbox.salesforce.soql.Condition.Operator;

/**
 * Runs a query over the record store: streams the object's records (from the lowest SystemModstamp the
 * WHERE clause allows), filters them in Java and keeps only the ids of the matches, in result order.
 */
public final class SoqlExecutor {

    private final SalesforceRecordStore store;

    public SoqlExecutor(SalesforceRecordStore store) {
        this.store = store;
    }

    /** The matching ids, ordered, after OFFSET and LIMIT. {@code includeDeleted} is queryAll. */
    public IdList execute(SoqlQuery query, boolean includeDeleted) {
        int offset = query.offset() == null ? 0 : query.offset();
        long wanted = query.limit() == null ? Long.MAX_VALUE : (long) offset + query.limit();
        IdList ids = inScanOrder(query.orderBy())
                ? scanInOrder(query, includeDeleted, wanted)
                : scanAndSort(query, includeDeleted, wanted);
        if (offset == 0) {
            ids.trim();
            return ids;
        }
        var page = new IdList();
        for (int i = offset; i < ids.size(); i++) {
            page.add(ids.get(i));
        }
        page.trim();
        return page;
    }

    private IdList scanInOrder(SoqlQuery query, boolean includeDeleted, long wanted) {
        var ids = new IdList();
        if (wanted == 0) {
            return ids;
        }
        try {
            scan(query, includeDeleted, record -> {
                ids.add(record.id());
                if (ids.size() >= wanted) {
                    throw ScanComplete.INSTANCE;
                }
            });
        } catch (ScanComplete enough) {
            // LIMIT reached: the rest of the scan cannot change the result.
        }
        return ids;
    }

    private IdList scanAndSort(SoqlQuery query, boolean includeDeleted, long wanted) {
        Comparator<SortRow> order = comparator(query.orderBy());
        var ids = new IdList();
        if (wanted == 0) {
            return ids;
        }
        long[] sequence = {0};
        if (wanted == Long.MAX_VALUE) {
            var rows = new ArrayList<SortRow>();
            scan(query, includeDeleted, record -> rows.add(SortRow.of(record, query.orderBy(), sequence[0]++)));
            rows.sort(order);
            rows.forEach(row -> ids.add(row.id()));
            return ids;
        }
        // With a LIMIT only the best offset+limit rows are kept, in a heap whose head is the worst of them.
        var best = new PriorityQueue<SortRow>(order.reversed());
        scan(query, includeDeleted, record -> {
            best.add(SortRow.of(record, query.orderBy(), sequence[0]++));
            if (best.size() > wanted) {
                best.poll();
            }
        });
        var rows = new ArrayList<>(best);
        rows.sort(order);
        rows.forEach(row -> ids.add(row.id()));
        return ids;
    }

    private void scan(SoqlQuery query, boolean includeDeleted, Consumer<SalesforceRecord> onMatch) {
        Condition where = query.where();
        store.forEach(query.object().name(), includeDeleted, modstampLowerBound(where), record -> {
            if (where == null || where.test(record.fields())) {
                onMatch.accept(record);
            }
        });
    }

    /**
     * The store streams by (SystemModstamp, Id); an ORDER BY on SystemModstamp ascending, optionally then Id
     * ascending, needs no sort.
     */
    static boolean inScanOrder(List<OrderItem> orderBy) {
        if (orderBy.isEmpty()) {
            return true;
        }
        if (orderBy.size() > 2 || !isAscending(orderBy.get(0), "SystemModstamp")) {
            return false;
        }
        return orderBy.size() == 1 || isAscending(orderBy.get(1), "Id");
    }

    private static boolean isAscending(OrderItem item, String field) {
        return item.field().name().equals(field) && !item.descending();
    }

    /**
     * The lower bound on SystemModstamp implied by a top-level {@code SystemModstamp >} or {@code >=} (alone or
     * ANDed with other conditions), for the store to start its scan there; null when there is none.
     */
    static Instant modstampLowerBound(Condition where) {
        List<Condition> conjuncts = where instanceof Condition.And and ? and.parts() : where == null ? List.of() : List.of(where);
        Instant bound = null;
        for (Condition condition : conjuncts) {
            if (condition instanceof Condition.Comparison c && c.field().name().equals("SystemModstamp")
                    && (c.operator() == Operator.GT || c.operator() == Operator.GE) && c.operand().lower() != null) {
                Instant candidate = (Instant) (c.operator() == Operator.GT && c.operand().isRange() ? c.operand().upperExclusive() : c.operand().lower());
                if (bound == null || candidate.isAfter(bound)) {
                    bound = candidate;
                }
            }
        }
        return bound;
    }

    private static Comparator<SortRow> comparator(List<OrderItem> orderBy) {
        Comparator<SortRow> comparator = (a, b) -> 0;
        for (int i = 0; i < orderBy.size(); i++) {
            int index = i;
            OrderItem item = orderBy.get(i);
            comparator = comparator.thenComparing((a, b) -> compareKeys(a.keys()[index], b.keys()[index], item));
        }
        // Ties keep scan order, as they would in a stable sort.
        return comparator.thenComparingLong(SortRow::sequence);
    }

    private static int compareKeys(Comparable<?> a, Comparable<?> b, OrderItem item) {
        if (a == null || b == null) {
            if (a == b) {
                return 0;
            }
            return (a == null) == item.nullsFirst() ? -1 : 1;
        }
        int result = Condition.compare(a, b);
        return item.descending() ? -result : result;
    }

    private record SortRow(Comparable<?>[] keys, String id, long sequence) {

        static SortRow of(SalesforceRecord record, List<OrderItem> orderBy, long sequence) {
            var keys = new Comparable<?>[orderBy.size()];
            for (int i = 0; i < keys.length; i++) {
                keys[i] = orderBy.get(i).field().valueIn(record.fields());
            }
            return new SortRow(keys, record.id(), sequence);
        }
    }

    /** Ends a scan early once LIMIT rows have matched. */
    private static final class ScanComplete extends RuntimeException {
        static final ScanComplete INSTANCE = new ScanComplete();

        private ScanComplete() {
            super(null, null, false, false);
        }
    }
}

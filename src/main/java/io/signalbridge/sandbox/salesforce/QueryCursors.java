package io.signalbridge.sandbox.salesforce;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

import io.signalbridge.sandbox.salesforce.soql.FieldRef;
import io.signalbridge.sandbox.salesforce.soql.IdList;

/**
 * The open query cursors, in memory. Like Salesforce's, a cursor expires after 15 minutes without a fetch,
 * and opening one beyond the per-user limit of 10 closes the least recently used.
 */
final class QueryCursors {

    static final Duration IDLE_TIMEOUT = Duration.ofMinutes(15);
    static final int MAX_OPEN = 10;

    /** What a query locator points at: the matched ids in order, and how to render a page of them. */
    record Cursor(String objectName, List<FieldRef> fields, IdList ids, int batchSize) {
    }

    private record Entry(Cursor cursor, Instant lastUsed) {
    }

    private final Clock clock;
    private final AtomicLong sequence;
    private final LinkedHashMap<String, Entry> open = new LinkedHashMap<>(16, 0.75f, true);

    QueryCursors(Clock clock) {
        this.clock = clock;
        // Locators from before a restart must not point at a new cursor.
        this.sequence = new AtomicLong(clock.millis());
    }

    synchronized String open(Cursor cursor) {
        expire();
        while (open.size() >= MAX_OPEN) {
            open.remove(open.keySet().iterator().next());
        }
        String id = SalesforceIds.of("01g", sequence.incrementAndGet());
        open.put(id, new Entry(cursor, clock.instant()));
        return id;
    }

    synchronized Optional<Cursor> find(String id) {
        expire();
        Entry entry = open.get(id);
        if (entry == null) {
            return Optional.empty();
        }
        open.put(id, new Entry(entry.cursor(), clock.instant()));
        return Optional.of(entry.cursor());
    }

    synchronized void close(String id) {
        open.remove(id);
    }

    private void expire() {
        Instant cutoff = clock.instant().minus(IDLE_TIMEOUT);
        for (Iterator<Entry> it = open.values().iterator(); it.hasNext(); ) {
            if (it.next().lastUsed().isBefore(cutoff)) {
                it.remove();
            }
        }
    }
}

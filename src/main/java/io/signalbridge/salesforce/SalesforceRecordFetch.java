package io.signalbridge.salesforce;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import io.signalbridge.signals.PulledRecord;
import io.signalbridge.signals.SignalStore;

import org.springframework.stereotype.Component;

/**
 * Reads named records of one object with the fields a pull reads (queryAll: a deleted record comes with IsDeleted)
 * and upserts them into the signal store as a pull page does, without moving the object's watermark. A change event
 * names the record and its changed fields only; the store keeps whole records, so the record is read again. The
 * store upserts by id and content, so a record both streamed and pulled is stored once.
 */
@Component
public class SalesforceRecordFetch {

    /** Ids per query: an IN list of 200 ids stays well inside SOQL's 100,000-character limit. */
    static final int IDS_PER_QUERY = 200;

    private final SalesforcePullProperties settings;
    private final SalesforceQueries queries;
    private final SignalStore store;

    public SalesforceRecordFetch(SalesforcePullProperties settings, SalesforceQueries queries, SignalStore store) {
        this.settings = settings;
        this.queries = queries;
        this.store = store;
    }

    /** Whether the pulls read this object (only those objects are kept in the store). */
    public boolean pulls(String object) {
        return settings.jobs().values().stream().anyMatch(job -> job.objects().contains(object));
    }

    /**
     * Fetches and stores the records (an id the org does not know is left out); returns how many were new or newer
     * than the stored copy: 0 for an event delivered again, whose records are stored already.
     */
    public int fetchAndStore(String object, Collection<String> ids) {
        var all = new ArrayList<>(ids);
        int changed = 0;
        for (int from = 0; from < all.size(); from += IDS_PER_QUERY) {
            var chunk = all.subList(from, Math.min(all.size(), from + IDS_PER_QUERY));
            var page = queries.queryAll(PullSoql.byIds(object, settings.fieldsOf(object), chunk));
            List<PulledRecord> records = SalesforcePull.toRecords(object, page.records());
            if (!records.isEmpty()) {
                changed += store.commitPage(SalesforcePull.SOURCE, object, records, null);
            }
        }
        return changed;
    }
}

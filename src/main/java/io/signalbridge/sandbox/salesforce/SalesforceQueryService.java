package io.signalbridge.sandbox.salesforce;

import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.signalbridge.sandbox.ConditionalOnSandbox;
import io.signalbridge.sandbox.SandboxProperties;
import io.signalbridge.sandbox.salesforce.QueryCursors.Cursor;
import io.signalbridge.sandbox.salesforce.soql.FieldRef;
import io.signalbridge.sandbox.salesforce.soql.IdList;
import io.signalbridge.sandbox.salesforce.soql.SoqlExecutor;
import io.signalbridge.sandbox.salesforce.soql.SoqlParser;
import io.signalbridge.sandbox.salesforce.soql.SoqlQuery;

import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;

/**
 * The query and queryAll resources: runs the SOQL once, keeps the matching ids behind a query locator and
 * serves them page by page, fetching only each page's records.
 */
@Service
@ConditionalOnSandbox
public class SalesforceQueryService {

    /** Salesforce's lower bound for the batchSize query option. */
    static final int MIN_BATCH_SIZE = 200;
    private static final Pattern BATCH_SIZE_OPTION = Pattern.compile("(?i)batchSize\\s*=\\s*(\\d{1,9})");
    private static final Pattern LOCATOR = Pattern.compile("(01g[0-9A-Za-z]{15})-(\\d+)");

    private final SalesforceSchema schema;
    private final SalesforceRecordStore store;
    private final SoqlExecutor executor;
    private final Clock clock;
    private final int pageSize;
    private final Duration queryLatency;
    private final QueryCursors cursors;

    public SalesforceQueryService(SalesforceSchema schema, SalesforceRecordStore store, SandboxProperties properties, Clock clock,
                                  JdbcTemplate jdbc) {
        this.schema = schema;
        this.store = store;
        this.executor = new SoqlExecutor(store);
        this.clock = clock;
        this.pageSize = properties.salesforce().pageSize();
        this.queryLatency = properties.salesforce().queryLatency();
        this.cursors = new QueryCursors(jdbc, clock, soql -> SoqlParser.parse(soql, schema, clock).fields());
    }

    /**
     * The first page of a query. {@code includeDeleted} is queryAll; {@code queryOptions} is the
     * Sforce-Query-Options header, whose batchSize (200 to the page size) sets the page length.
     */
    public ObjectNode query(String soql, boolean includeDeleted, String queryOptions, String version) {
        if (soql == null || soql.isBlank()) {
            throw new SalesforceApiException(HttpStatus.BAD_REQUEST, "MALFORMED_QUERY", "A query string has to be specified", List.of());
        }
        SoqlQuery query = SoqlParser.parse(soql, schema, clock);
        IdList ids = executor.execute(query, includeDeleted);
        if (query.count()) {
            var result = JsonNodeFactory.instance.objectNode();
            result.put("totalSize", ids.size());
            result.put("done", true);
            result.putArray("records");
            return result;
        }
        var cursor = new Cursor(query.object().name(), query.fields(), ids, batchSize(queryOptions));
        String cursorId = ids.size() > cursor.batchSize() ? cursors.open(cursor, soql) : null;
        return page(cursor, cursorId, 0, version);
    }

    /** The page a locator ({@code 01g...-2000}, the tail of nextRecordsUrl) points at. */
    public ObjectNode nextPage(String locator, String version) {
        Matcher matcher = LOCATOR.matcher(locator);
        if (!matcher.matches()) {
            throw invalidLocator();
        }
        String cursorId = matcher.group(1);
        Cursor cursor = cursors.find(cursorId).orElseThrow(SalesforceQueryService::invalidLocator);
        int offset;
        try {
            offset = Integer.parseInt(matcher.group(2));
        } catch (NumberFormatException e) {
            throw invalidLocator();
        }
        if (offset >= cursor.ids().size()) {
            throw invalidLocator();
        }
        ObjectNode page = page(cursor, cursorId, offset, version);
        if (page.get("done").asBoolean()) {
            cursors.close(cursorId);
        }
        return page;
    }

    private ObjectNode page(Cursor cursor, String cursorId, int offset, String version) {
        answerAfterLatency();
        int end = Math.min(offset + cursor.batchSize(), cursor.ids().size());
        List<String> ids = cursor.ids().slice(offset, end);
        var byId = new HashMap<String, SalesforceRecord>();
        store.findAll(ids).forEach(r -> byId.put(r.id(), r));
        List<String> fieldNames = cursor.fields().stream().map(FieldRef::name).toList();
        var object = schema.object(cursor.objectName()).orElseThrow();

        var result = JsonNodeFactory.instance.objectNode();
        result.put("totalSize", cursor.ids().size());
        boolean done = end >= cursor.ids().size();
        result.put("done", done);
        if (!done) {
            result.put("nextRecordsUrl", SalesforceSandboxPaths.dataUrl(version) + "/query/" + cursorId + "-" + end);
        }
        var records = result.putArray("records");
        for (String id : ids) {
            SalesforceRecord record = byId.get(id);
            if (record != null) {
                records.add(SalesforceRecordJson.render(record, object, fieldNames, version));
            }
        }
        return result;
    }

    private void answerAfterLatency() {
        if (queryLatency.isZero()) {
            return;
        }
        try {
            Thread.sleep(queryLatency.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    int batchSize(String queryOptions) {
        if (queryOptions == null) {
            return pageSize;
        }
        Matcher matcher = BATCH_SIZE_OPTION.matcher(queryOptions);
        if (!matcher.find()) {
            return pageSize;
        }
        long requested = Long.parseLong(matcher.group(1));
        return (int) Math.max(Math.min(requested, pageSize), Math.min(MIN_BATCH_SIZE, pageSize));
    }

    private static SalesforceApiException invalidLocator() {
        return new SalesforceApiException(HttpStatus.BAD_REQUEST, "INVALID_QUERY_LOCATOR", "invalid query locator", List.of());
    }
}

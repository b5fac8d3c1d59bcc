package io.signalbridge.sandbox.salesforce;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import io.signalbridge.sandbox.marketo.MutableTestClock;
import io.signalbridge.sandbox.salesforce.QueryCursors.Cursor;
import io.signalbridge.sandbox.salesforce.soql.FieldRef;
import io.signalbridge.sandbox.salesforce.soql.IdList;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * Issue 19, the sandbox on several nodes: a query locator opened on one node pages on another (two {@link QueryCursors}
 * on one database), a cursor closed or expired on one is gone on all, and no more than 10 stay open.
 */
class QueryCursorsAcrossNodesTest {

    final MutableTestClock clock = new MutableTestClock(Instant.parse("2026-12-03T10:00:00Z"));
    final List<String> parsed = new ArrayList<>();
    JdbcTemplate jdbc;
    QueryCursors first;
    QueryCursors second;

    @BeforeEach
    void twoNodesOnOneDatabase() throws Exception {
        jdbc = new JdbcTemplate(new DriverManagerDataSource("jdbc:h2:mem:cursors-" + UUID.randomUUID()
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DB_CLOSE_DELAY=-1", "sa", ""));
        for (String statement : Files.readString(Path.of("src/main/resources/db/sandbox/V2__sandbox_query_cursor.sql"))
                .replaceAll("(?m)^--.*$", "").split(";")) {
            if (!statement.isBlank()) {
                jdbc.execute(statement);
            }
        }
        first = new QueryCursors(jdbc, clock, soql -> fields(soql));
        second = new QueryCursors(jdbc, clock, soql -> fields(soql));
    }

    private List<FieldRef> fields(String soql) {
        parsed.add(soql);
        return List.of();
    }

    private static IdList ids(int count) {
        var ids = new IdList();
        for (int i = 0; i < count; i++) {
            ids.add(SalesforceIds.of("001", 1_000 + i));
        }
        return ids;
    }

    @Test
    void aCursorOpenedOnOneNodePagesOnTheOther() {
        IdList matched = ids(4_321);
        String locator = first.open(new Cursor("Account", List.of(), matched, 2_000), "SELECT Id FROM Account");

        Cursor onSecond = second.find(locator).orElseThrow();
        assertThat(onSecond.objectName()).isEqualTo("Account");
        assertThat(onSecond.batchSize()).isEqualTo(2_000);
        assertThat(onSecond.ids().slice(0, onSecond.ids().size())).containsExactlyElementsOf(matched.slice(0, matched.size()));
        assertThat(parsed).as("the fields from the stored query").containsExactly("SELECT Id FROM Account");
        assertThat(second.find(locator)).as("the next page on the same node: from its memory").isPresent();
        assertThat(parsed).hasSize(1);

        second.close(locator);
        assertThat(first.find(locator)).as("closed on one node: gone on the other too").isEmpty();
    }

    @Test
    void anIdleCursorExpiresEverywhereAndAFetchKeepsItOpen() {
        String locator = first.open(new Cursor("Lead", List.of(), ids(500), 200), "SELECT Id FROM Lead");
        clock.advance(Duration.ofMinutes(14));
        assertThat(second.find(locator)).as("fetched within 15 minutes").isPresent();
        clock.advance(Duration.ofMinutes(14));
        assertThat(first.find(locator)).as("the fetch on the other node counted").isPresent();
        clock.advance(Duration.ofMinutes(16));
        assertThat(first.find(locator)).as("idle for 16 minutes").isEmpty();
        assertThat(second.find(locator)).isEmpty();
    }

    @Test
    void openingAnEleventhCursorClosesTheLeastRecentlyUsedOnAnyNode() {
        var locators = new ArrayList<String>();
        for (int i = 0; i < QueryCursors.MAX_OPEN; i++) {
            clock.advance(Duration.ofSeconds(1));
            locators.add((i % 2 == 0 ? first : second).open(new Cursor("Contact", List.of(), ids(300), 200), "SELECT Id FROM Contact"));
        }
        clock.advance(Duration.ofSeconds(1));
        assertThat(second.find(locators.get(0))).as("the oldest, used again").isPresent();
        clock.advance(Duration.ofSeconds(1));
        first.open(new Cursor("Contact", List.of(), ids(300), 200), "SELECT Id FROM Contact");

        assertThat(first.find(locators.get(1))).as("now the least recently used: closed").isEmpty();
        assertThat(second.find(locators.get(0))).isPresent();
        assertThat(jdbc.queryForObject("select count(*) from sandbox_query_cursor", Integer.class)).isEqualTo(QueryCursors.MAX_OPEN);
    }
}

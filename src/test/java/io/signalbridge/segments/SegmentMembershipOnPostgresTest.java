package io.signalbridge.segments;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.signalbridge.failures.FailedExchangeStore;
import io.signalbridge.mapping.TargetSchema;
import io.signalbridge.signals.PulledRecord;
import io.signalbridge.signals.SignalStore;
import io.signalbridge.support.PostgresTestSupport;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.transaction.support.TransactionTemplate;

/** Segment membership, its events, account_segment_names (standard MERGE) and list sources on the real PostgreSQL. */
@SpringBootTest
@ActiveProfiles("test")
class SegmentMembershipOnPostgresTest extends PostgresTestSupport {

    @Autowired
    SignalStore signals;
    @Autowired
    SegmentStore store;
    @Autowired
    SegmentService service;
    @Autowired
    SegmentAudience audience;
    @Autowired
    FailedExchangeStore failures;
    @Autowired
    SegmentProperties properties;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    TransactionTemplate transaction;
    @Autowired
    ObjectMapper json;
    @Autowired
    Clock clock;

    @Test
    void membershipNamesAndEventsPersistAcrossRuns() {
        TargetSchema describe = (object, field) -> Optional.of(new TargetSchema.TargetField(field, "textarea", 32_768, true, List.of()));
        var membership = new SegmentMembership(signals, store, audience, describe, failures, properties, jdbc, transaction, clock);
        for (int i = 0; i < 1_500; i++) {
            account(String.format("pg%06d", i), i % 3 == 0 ? "Software" : "Banking");
        }
        String folder = "ABM - FY26 Q1 - Postgres";
        long software = service.create(new SegmentDraft("Software", folder, List.of("pg"), SegmentKind.FILTER,
                json.createObjectNode().put("field", "industry").put("value", "Software"), null, null), "ops").segment().id();
        long listed = service.create(new SegmentDraft("Named accounts", folder, List.of(), SegmentKind.LIST, null, null, null), "ops")
                .segment().id();
        var upload = service.uploadList(listed, "id\npg000000\npg000001\nnobody.example\n", "ops").orElseThrow();
        assertThat(upload.unmatched()).as("pg ids are not Salesforce ids; the domain matches no website").hasSize(3);
        store.replaceSourceAccounts(listed, List.of("pg000000", "pg000001"));
        service.publish(software, "ops");
        service.publish(listed, "ops");

        var first = membership.run();

        assertThat(first.entries()).isEqualTo(500 + 2);
        assertThat(store.memberCount(software)).isEqualTo(500);
        assertThat(names()).hasSize(501).containsEntry("pg000000", "Named accounts;Software").containsEntry("pg000001", "Named accounts")
                .containsEntry("pg000003", "Software");

        assertThat(membership.run().namesChanged()).as("nothing changed").isZero();

        account("pg000003", "Retail");
        store.replaceSourceAccounts(listed, List.of("pg000000"));
        var third = membership.run();

        assertThat(third.exits()).isEqualTo(2);
        assertThat(third.namesChanged()).isEqualTo(2);
        assertThat(names()).containsEntry("pg000003", "").containsEntry("pg000001", "").containsEntry("pg000000", "Named accounts;Software");
        assertThat(jdbc.queryForObject("select count(*) from segment_member_event where event_type = 'EXIT'", Integer.class)).isEqualTo(2);
        assertThat(jdbc.queryForObject("select status from segment_run order by id desc limit 1", String.class)).isEqualTo("SUCCEEDED");

        service.unpublish(listed, "ops");
        assertThat(service.delete(listed)).isTrue();
        assertThat(jdbc.queryForObject("select count(*) from segment_member where segment_id = ?", Integer.class, listed)).isZero();
        membership.run();
        assertThat(names()).containsEntry("pg000000", "Software");
    }

    private void account(String id, String industry) {
        signals.commitPage("salesforce", "Account", List.of(new PulledRecord("salesforce", "Account", id, Instant.now(clock), false,
                json.createObjectNode().put("Id", id).put("Industry", industry))), null);
    }

    private Map<String, String> names() {
        var names = new HashMap<String, String>();
        jdbc.query("select account_id, names from account_segment_names", rs -> {
            names.put(rs.getString(1), rs.getString(2));
        });
        return names;
    }
}

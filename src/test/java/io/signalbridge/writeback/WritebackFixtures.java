package io.signalbridge.writeback;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.signalbridge.sandbox.salesforce.SalesforceIds;
import io.signalbridge.sandbox.salesforce.SalesforceRecord;
import io.signalbridge.sandbox.salesforce.SalesforceRecordStore;

import org.springframework.jdbc.core.JdbcTemplate;

/** Accounts in the sandbox org with scores in account_score, for the write-back tests. */
final class WritebackFixtures {

    private static long sequence = 20_000_000L;

    private final JdbcTemplate jdbc;
    private final SalesforceRecordStore org;
    private final ObjectMapper json;

    WritebackFixtures(JdbcTemplate jdbc, SalesforceRecordStore org, ObjectMapper json) {
        this.jdbc = jdbc;
        this.org = org;
        this.json = json;
    }

    void clear() {
        jdbc.update("delete from sandbox_sf_record");
        jdbc.update("delete from account_score");
        jdbc.update("delete from person_score");
        jdbc.update("delete from account_segment_names");
        jdbc.update("delete from writeback_state");
        jdbc.update("delete from writeback_pending");
        jdbc.update("delete from sync_run");
        jdbc.update("delete from sandbox_api_usage");
        jdbc.update("delete from failed_exchange_audit");
        jdbc.update("delete from failed_exchange");
    }

    /** {@code count} accounts in the org, each scored (intent score 10 + i % 80, stage Awareness). */
    List<String> scoredAccounts(int count, Instant now) {
        var records = new ArrayList<SalesforceRecord>();
        String stamp = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSxx").withZone(ZoneOffset.UTC).format(now);
        for (int i = 0; i < count; i++) {
            String id = SalesforceIds.of("001", sequence++);
            var fields = json.createObjectNode().put("Id", id).put("IsDeleted", false).put("Name", "Account " + id)
                    .put("CreatedDate", stamp).put("LastModifiedDate", stamp).put("SystemModstamp", stamp);
            records.add(new SalesforceRecord(id, "Account", now, false, fields));
        }
        org.insertAll(records);
        var ids = records.stream().map(SalesforceRecord::id).toList();
        var scoredAt = LocalDateTime.ofInstant(now, ZoneOffset.UTC);
        jdbc.batchUpdate("""
                insert into account_score (account_id, as_of, profile_score, profile_fit, profile_probability, intent_score,
                    in_market_probability, reach_score, reach_level, reach, buying_stage, open_opportunity, qualified,
                    qualified_since, qualified_until, qualified_age_days, contributors, scored_at)
                values (?, ?, 60, 'Moderate', 0.5, ?, 0.4, 40, 'Medium', 0.4, 'Awareness', false, false, null, null, null, '[]', ?)""",
                ids, 500, (ps, id) -> {
                    ps.setString(1, id);
                    ps.setObject(2, LocalDate.ofInstant(now, ZoneOffset.UTC));
                    ps.setInt(3, 10 + ids.indexOf(id) % 80);
                    ps.setObject(4, scoredAt);
                });
        return ids;
    }

    /** Scores for accounts not in the sandbox org (a WireMock org's): intent 42, stage Consideration, profile score 60. */
    void scoreAccounts(List<String> ids, Instant now) {
        for (String id : ids) {
            jdbc.update("""
                    insert into account_score (account_id, as_of, profile_score, profile_fit, profile_probability, intent_score,
                        in_market_probability, reach_score, reach_level, reach, buying_stage, open_opportunity, qualified,
                        qualified_since, qualified_until, qualified_age_days, contributors, scored_at)
                    values (?, ?, 60, 'Moderate', 0.5, 42, 0.4, 40, 'Medium', 0.4, 'Consideration', false, false, null, null, null, '[]', ?)""",
                    id, LocalDate.ofInstant(now, ZoneOffset.UTC), LocalDateTime.ofInstant(now, ZoneOffset.UTC));
        }
    }

    void setIntent(List<String> ids, int intent) {
        jdbc.batchUpdate("update account_score set intent_score = ? where account_id = ?", ids, 500, (ps, id) -> {
            ps.setInt(1, intent);
            ps.setString(2, id);
        });
    }

    /** Sets a field in the org as if someone edited the record by hand. */
    void editInOrg(String id, String field, String value) {
        var record = org.find(id).orElseThrow();
        var fields = record.fields().deepCopy();
        if (value == null) {
            fields.putNull(field);
        } else {
            fields.put(field, value);
        }
        org.updateAll(List.of(new SalesforceRecord(id, record.objectName(), record.systemModstamp(), false, fields)));
    }

    String orgValue(String id, String field) {
        var value = org.find(id).orElseThrow().fields().get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        // number fields are doubles in the org: 15.0 reads as 15
        return value.isNumber() ? value.decimalValue().stripTrailingZeros().toPlainString() : value.asText();
    }
}

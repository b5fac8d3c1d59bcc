package io.signalbridge.marketo;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Map;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * The Salesforce link of every Marketo lead the activity pull has resolved (table marketo_lead_link): what the
 * Marketo lead push joins the person and account scores through. Unresolved leads are not kept.
 */
@Repository
public class MarketoLeadLinks {

    private static final String UPSERT = """
            merge into marketo_lead_link t
            using (values (cast(? as varchar(64)), cast(? as varchar(64)), cast(? as varchar(64)), cast(? as varchar(64)),
                           cast(? as varchar(16)), cast(? as timestamp)))
                  as s (marketo_lead_id, contact_id, lead_id, account_id, resolved_via, updated_at)
            on t.marketo_lead_id = s.marketo_lead_id
            when matched then
                update set contact_id = s.contact_id, lead_id = s.lead_id, account_id = s.account_id, resolved_via = s.resolved_via,
                           updated_at = s.updated_at
            when not matched then
                insert (marketo_lead_id, contact_id, lead_id, account_id, resolved_via, updated_at)
                values (s.marketo_lead_id, s.contact_id, s.lead_id, s.account_id, s.resolved_via, s.updated_at)""";

    private final JdbcTemplate jdbc;
    private final Clock clock;

    public MarketoLeadLinks(JdbcTemplate jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** Keeps the resolved links among {@code links}, one upsert each in batches. */
    public void save(Map<Long, SalesforceLink> links) {
        var resolved = links.entrySet().stream().filter(e -> e.getValue().resolved()).toList();
        if (resolved.isEmpty()) {
            return;
        }
        var now = Timestamp.valueOf(LocalDateTime.ofInstant(clock.instant(), ZoneOffset.UTC));
        jdbc.batchUpdate(UPSERT, resolved, 500, (ps, entry) -> {
            SalesforceLink link = entry.getValue();
            ps.setString(1, String.valueOf(entry.getKey()));
            ps.setString(2, link.contactId());
            ps.setString(3, link.leadId());
            ps.setString(4, link.accountId());
            ps.setString(5, link.via());
            ps.setTimestamp(6, now);
        });
    }

    /** The Marketo lead the activity pull found synced with this Salesforce contact (or lead), if any. */
    public java.util.Optional<Long> leadOf(String salesforcePersonId, boolean contact) {
        return jdbc.queryForList("select marketo_lead_id from marketo_lead_link where " + (contact ? "contact_id" : "lead_id")
                + " = ? order by updated_at desc limit 1", String.class, salesforcePersonId).stream().findFirst().map(Long::valueOf);
    }
}

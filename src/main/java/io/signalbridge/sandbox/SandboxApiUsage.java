package io.signalbridge.sandbox;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Counts the API calls made against a sandbox org per day, as the real orgs do for their daily
 * allocations (Salesforce: DailyApiRequests and the Sforce-Limit-Info header; Marketo: the daily quota,
 * which resets at midnight US Central).
 */
public class SandboxApiUsage {

    private final JdbcTemplate jdbc;
    private final Clock clock;

    public SandboxApiUsage(JdbcTemplate jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** Records one call and returns the calls made today, this one included. */
    public long recordCall(SandboxTokenStore.Org org, ZoneId quotaZone) {
        LocalDate day = LocalDate.now(clock.withZone(quotaZone));
        if (jdbc.update("update sandbox_api_usage set calls = calls + 1 where org = ? and usage_day = ?", org.name(), day) == 0) {
            try {
                jdbc.update("insert into sandbox_api_usage (org, usage_day, calls) values (?, ?, 1)", org.name(), day);
            } catch (DuplicateKeyException raced) {
                jdbc.update("update sandbox_api_usage set calls = calls + 1 where org = ? and usage_day = ?", org.name(), day);
            }
        }
        return usedToday(org, quotaZone);
    }

    public long usedToday(SandboxTokenStore.Org org, ZoneId quotaZone) {
        LocalDate day = LocalDate.now(clock.withZone(quotaZone));
        Long calls = jdbc.query("select calls from sandbox_api_usage where org = ? and usage_day = ?",
                rs -> rs.next() ? rs.getLong(1) : 0L, org.name(), day);
        return calls == null ? 0 : calls;
    }

    public void reset(SandboxTokenStore.Org org) {
        jdbc.update("delete from sandbox_api_usage where org = ?", org.name());
    }
}

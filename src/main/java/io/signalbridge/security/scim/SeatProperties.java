package io.signalbridge.security.scim;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Seats: how many provisioned users may be active at once.
 *
 * @param limit       the most active users; 0 means no limit. Creating or activating a user past it is refused
 *                    (SCIM: 400, scimType invalidValue).
 * @param unusedAfter the seat audit revokes the seat of an active user not signed in for this long (the seed: 6 months)
 * @param auditCron   when the daily seat audit runs
 * @param auditDryRun whether the scheduled audit only reports (true) or also revokes (false)
 */
@ConfigurationProperties("signalbridge.security.seats")
public record SeatProperties(@DefaultValue("0") int limit, @DefaultValue("180d") java.time.Duration unusedAfter,
                             @DefaultValue("0 30 3 * * ?") String auditCron, @DefaultValue("false") boolean auditDryRun) {


    public SeatProperties {
        if (limit < 0) {
            throw new IllegalArgumentException("signalbridge.security.seats.limit is 0 (no limit) or more, not " + limit);
        }
    }

    public boolean limited() {
        return limit > 0;
    }
}

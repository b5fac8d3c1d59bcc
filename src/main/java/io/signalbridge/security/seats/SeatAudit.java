package io.signalbridge.security.seats;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

import io.signalbridge.audit.AuditLog;
import io.signalbridge.security.AssignedRoles;
import io.signalbridge.security.scim.ScimDirectory;
import io.signalbridge.security.scim.ScimDirectory.User;
import io.signalbridge.security.scim.ScimDirectory.UserData;
import io.signalbridge.security.scim.SeatProperties;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Service;

/**
 * The seat audit (the seed: inactive seats are revoked after 6 months): every active provisioned user whose last
 * sign-in (or, never signed in, their provisioning) is older than {@code signalbridge.security.seats.unused-after}
 * loses the seat: deactivated as a SCIM deactivation does (tokens revoked, sessions ended), their rows and history
 * kept. A dry run only reports. Each run is kept with one line per user (user, roles, last sign-in, action).
 */
@Service("seatAudit")
public class SeatAudit {

    public static final String ACTOR = "seat-audit";
    private static final Logger log = LoggerFactory.getLogger(SeatAudit.class);

    public enum Action { REVOKED, WOULD_REVOKE, KEPT }

    public record Entry(String userName, String roles, Instant lastSignIn, String via, Action action) {
    }

    public record Report(long id, Instant at, String actor, boolean dryRun, int unusedDays, int revoked, int kept, List<Entry> entries) {
    }

    private final ScimDirectory directory;
    private final SignIns signIns;
    private final AssignedRoles roles;
    private final SeatProperties settings;
    private final AuditLog audit;
    private final JdbcTemplate jdbc;
    private final Clock clock;

    public SeatAudit(ScimDirectory directory, SignIns signIns, AssignedRoles roles, SeatProperties settings, AuditLog audit, JdbcTemplate jdbc,
                     Clock clock) {
        this.directory = directory;
        this.signIns = signIns;
        this.roles = roles;
        this.settings = settings;
        this.audit = audit;
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** The daily run of routes/seats.yaml, as configured (dry run or not). */
    public Report scheduled() {
        return run(settings.auditDryRun(), ACTOR);
    }

    public Report run(boolean dryRun, String actor) {
        Instant now = clock.instant();
        Instant cutoff = now.minus(settings.unusedAfter());
        var signedIn = signIns.all();
        var entries = new ArrayList<Entry>();
        for (User user : activeUsers()) {
            String name = user.data().userName();
            var last = signedIn.get(name.toLowerCase(Locale.ROOT));
            Instant lastUse = last != null ? last.at() : user.created();
            Action action = lastUse.isBefore(cutoff) ? (dryRun ? Action.WOULD_REVOKE : Action.REVOKED) : Action.KEPT;
            String roleNames = roles.rolesOf(name).stream().map(Enum::name).sorted().collect(Collectors.joining(","));
            if (action == Action.REVOKED) {
                directory.updateUser(user.id(), data -> new UserData(data.userName(), data.externalId(), data.givenName(), data.familyName(),
                        data.displayName(), data.emails(), false));
                audit.record(actor, "seat.revoke", name, "done", "last sign-in " + (last == null ? "never (provisioned " + user.created() + ")"
                        : last.at() + " via " + last.via()) + "; unused for more than " + settings.unusedAfter().toDays() + " days");
            }
            entries.add(new Entry(name, roleNames, last == null ? null : last.at(), last == null ? null : last.via().name(), action));
        }
        int revoked = (int) entries.stream().filter(e -> e.action() != Action.KEPT).count();
        long id = store(now, actor, dryRun, revoked, entries);
        log.info("Seat audit{}: {} of {} active seats {}", dryRun ? " (dry run)" : "", revoked, entries.size(),
                dryRun ? "would be revoked" : "revoked");
        return new Report(id, now, actor, dryRun, (int) settings.unusedAfter().toDays(), revoked, entries.size() - revoked, entries);
    }

    public List<Report> recent(int limit) {
        return jdbc.query("select * from seat_audit_run order by id desc limit ?", (rs, i) -> {
            long id = rs.getLong("id");
            return new Report(id, rs.getTimestamp("started_at").toInstant(), rs.getString("actor"), rs.getBoolean("dry_run"),
                    rs.getInt("unused_days"), rs.getInt("revoked"), rs.getInt("kept"), entries(id));
        }, limit);
    }

    private List<Entry> entries(long runId) {
        return jdbc.query("select * from seat_audit_entry where run_id = ? order by user_name", (rs, i) -> new Entry(rs.getString("user_name"),
                rs.getString("roles"), rs.getTimestamp("last_sign_in_at") == null ? null : rs.getTimestamp("last_sign_in_at").toInstant(),
                rs.getString("via"), Action.valueOf(rs.getString("action"))), runId);
    }

    private List<User> activeUsers() {
        var users = new ArrayList<User>();
        int start = 1;
        while (true) {
            var page = directory.users(null, start, 200);
            page.items().stream().filter(u -> u.data().active()).forEach(users::add);
            start += page.items().size();
            if (page.items().isEmpty() || start > page.total()) {
                return users;
            }
        }
    }

    private long store(Instant at, String actor, boolean dryRun, int revoked, List<Entry> entries) {
        var keys = new GeneratedKeyHolder();
        jdbc.update(connection -> {
            var ps = connection.prepareStatement("insert into seat_audit_run (started_at, actor, dry_run, unused_days, revoked, kept)"
                    + " values (?, ?, ?, ?, ?, ?)", new String[] {"id"});
            ps.setTimestamp(1, Timestamp.from(at));
            ps.setString(2, actor);
            ps.setBoolean(3, dryRun);
            ps.setInt(4, (int) settings.unusedAfter().toDays());
            ps.setInt(5, revoked);
            ps.setInt(6, entries.size() - revoked);
            return ps;
        }, keys);
        long id = keys.getKey().longValue();
        jdbc.batchUpdate("insert into seat_audit_entry (run_id, user_name, roles, last_sign_in_at, via, action) values (?, ?, ?, ?, ?, ?)",
                entries, 500, (ps, e) -> {
                    ps.setLong(1, id);
                    ps.setString(2, e.userName());
                    ps.setString(3, e.roles());
                    ps.setTimestamp(4, e.lastSignIn() == null ? null : Timestamp.from(e.lastSignIn()));
                    ps.setString(5, e.via());
                    ps.setString(6, e.action().name());
                });
        return id;
    }
}

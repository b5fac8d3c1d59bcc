package io.signalbridge.web;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

import io.signalbridge.security.AssignedRoles;
import io.signalbridge.security.scim.ScimDirectory;
import io.signalbridge.security.scim.SeatProperties;
import io.signalbridge.security.seats.SeatAudit;
import io.signalbridge.security.seats.SeatAudit.Report;
import io.signalbridge.security.seats.SignIns;

import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Seats: the provisioned users with their roles and last sign-in, the seat audit's reports, and a run now (or a dry run). */
@RestController
@RequestMapping("/api/seats")
public class SeatController {

    public record Seat(String userName, boolean active, String roles, Instant lastSignIn, String via, Instant provisioned) {
    }

    public record Seats(int limit, long active, int unusedDays, List<Seat> users) {
    }

    private final ScimDirectory directory;
    private final SignIns signIns;
    private final AssignedRoles roles;
    private final SeatAudit audit;
    private final SeatProperties settings;

    public SeatController(ScimDirectory directory, SignIns signIns, AssignedRoles roles, SeatAudit audit, SeatProperties settings) {
        this.directory = directory;
        this.signIns = signIns;
        this.roles = roles;
        this.audit = audit;
        this.settings = settings;
    }

    @GetMapping
    public Seats seats() {
        var signedIn = signIns.all();
        var users = directory.users(null, 1, 10_000).items().stream().map(user -> {
            var last = signedIn.get(user.data().userName().toLowerCase(Locale.ROOT));
            return new Seat(user.data().userName(), user.data().active(), roles.rolesOf(user.data().userName()).stream().map(Enum::name).sorted()
                    .collect(Collectors.joining(",")), last == null ? null : last.at(), last == null ? null : last.via().name(), user.created());
        }).toList();
        return new Seats(settings.limit(), users.stream().filter(Seat::active).count(), (int) settings.unusedAfter().toDays(), users);
    }

    @GetMapping("/audits")
    public List<Report> audits(@RequestParam(defaultValue = "10") int limit) {
        return audit.recent(Math.min(Math.max(limit, 1), 100));
    }

    /** Runs the seat audit now; {@code dryRun} (the default) only reports who would lose the seat. */
    @PostMapping("/audit")
    public Report run(@RequestParam(defaultValue = "true") boolean dryRun, Authentication who) {
        return audit.run(dryRun, who.getName());
    }
}

package io.signalbridge.failures;

import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.signalbridge.failures.FailureReplay.Outcome;
import io.signalbridge.failures.FailureReplay.Result;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.convert.DurationStyle;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The failed-exchange store from the command line, over the same services as the API (no web server, no
 * schedules; the direct routes a replay enters do start):
 * <pre>
 * java -jar signalbridge.jar failures list    [--route R] [--code C] [--status S] [--since 2026-11-23T00:00:00Z|24h] [--limit N]
 * java -jar signalbridge.jar failures replay  ID | [--route R] [--code C] [--since T]   [--mapping-version=original|current]
 * java -jar signalbridge.jar failures discard ID
 * </pre>
 * Any {@code --name=value} is a setting of the service (e.g. {@code --spring.profiles.active=postgres},
 * {@code --spring.datasource.url=...}): the command must use the service's database. Replays and discards are
 * audited as {@code cli:<OS user>}. Exit code 0 when everything asked went through, 1 when something did not
 * (not found, not FAILED, failed again), 2 for a usage error.
 */
public final class FailuresCommand {

    public static final String NAME = "failures";
    /** Set for the command's context: start-up recovery of the running service (interrupted runs and replays) is not the command's business. */
    public static final String COMMAND_LINE_PROPERTY = "signalbridge.command-line";
    static final int OK = 0;
    static final int NOT_DONE = 1;
    static final int USAGE = 2;
    private static final Set<String> OPTIONS = Set.of("route", "code", "status", "since", "limit");
    private static final String MAPPING_VERSION_OPTION = "--mapping-version=";
    private static final String USAGE_TEXT = """
            usage: failures list    [--route R] [--code C] [--status FAILED|REPLAYING|REPLAYED|DISCARDED|RESOLVED] [--since INSTANT|DURATION] [--limit N]
                   failures replay  ID | [--route R] [--code C] [--since INSTANT|DURATION] [--mapping-version=original|current]
                   failures discard ID
                   (service settings as --name=value, e.g. --spring.profiles.active=postgres)""";

    private final PrintStream out;
    private final PrintStream err;
    private final Clock clock;

    FailuresCommand(PrintStream out, PrintStream err, Clock clock) {
        this.out = out;
        this.err = err;
        this.clock = clock;
    }

    public static boolean handles(String[] args) {
        return args.length > 0 && NAME.equals(args[0]);
    }

    /** Runs the command with the application class as the Spring source; returns the exit code. */
    public static int run(Class<?> application, String[] args, PrintStream out, PrintStream err) {
        return new FailuresCommand(out, err, Clock.systemUTC()).execute(application, args);
    }

    int execute(Class<?> application, String[] args) {
        Parsed parsed;
        try {
            parsed = parse(args);
        } catch (IllegalArgumentException e) {
            err.println(e.getMessage());
            err.println(USAGE_TEXT);
            return USAGE;
        }
        try (ConfigurableApplicationContext context = start(application, parsed.settings())) {
            return switch (parsed.action()) {
                case "list" -> list(context.getBean(FailedExchangeStore.class), parsed);
                case "replay" -> replay(context.getBean(FailureReplay.class), parsed);
                default -> discard(context.getBean(FailureReplay.class), parsed);
            };
        }
    }

    private int list(FailedExchangeStore store, Parsed parsed) {
        int limit = parsed.options().containsKey("limit") ? Integer.parseInt(parsed.options().get("limit")) : 100;
        List<FailedExchange> failures = store.list(parsed.filter(), Math.max(1, Math.min(limit, 1000)));
        out.printf("%-8s %-10s %-28s %-24s %8s %-20s %s%n", "ID", "STATUS", "ROUTE", "CODE", "ATTEMPTS", "LAST FAILURE", "MESSAGE");
        for (FailedExchange f : failures) {
            out.printf("%-8d %-10s %-28s %-24s %8d %-20s %s%n", f.id(), f.status(), f.routeId(), f.errorCode() == null ? "-" : f.errorCode(),
                    f.attempts(), f.lastFailure().toString(), abbreviate(f.message()));
        }
        out.println(failures.size() + " failed exchange(s)");
        return OK;
    }

    private int replay(FailureReplay replay, Parsed parsed) {
        List<Outcome> outcomes = parsed.id() != null
                ? List.of(replay.replay(parsed.id(), actor(), parsed.mappingVersion()))
                : replay.replayAll(parsed.filter().withStatus(FailureStatus.FAILED), actor(), parsed.mappingVersion());
        outcomes.forEach(this::print);
        long replayed = outcomes.stream().filter(o -> o.result() == Result.REPLAYED).count();
        out.println(replayed + " of " + outcomes.size() + " replayed");
        return replayed == outcomes.size() ? OK : NOT_DONE;
    }

    private int discard(FailureReplay replay, Parsed parsed) {
        Outcome outcome = replay.discard(parsed.id(), actor());
        print(outcome);
        return outcome.result() == Result.DISCARDED ? OK : NOT_DONE;
    }

    private void print(Outcome outcome) {
        out.println(outcome.id() + " " + outcome.result() + (outcome.detail() == null ? "" : ": " + outcome.detail()));
    }

    static String actor() {
        return "cli:" + System.getProperty("user.name", "unknown");
    }

    private static ConfigurableApplicationContext start(Class<?> application, List<String> settings) {
        var args = new ArrayList<>(settings);
        // command-line arguments outrank every profile: no web server, no schedules, no start-up runs or seeding
        args.addAll(List.of("--" + COMMAND_LINE_PROPERTY + "=true",
                // a web application context (security and API beans need one) whose server does not listen
                "--server.port=-1",
                "--spring.main.banner-mode=off",
                "--camel.springboot.main-run-controller=false",
                "--camel.main.auto-startup-exclude-pattern=quartz:*,timer:*,scheduler:*",
                // nor a member of the Quartz cluster: its scheduler would take fire times of the live nodes
                "--camel.component.quartz.auto-start-scheduler=false",
                // nor a candidate for the lead: the singleton routes are the live nodes' business
                "--signalbridge.cluster.leader.enabled=false",
                "--signalbridge.salesforce.pull.run-on-start=false",
                "--signalbridge.marketo.pull.run-on-start=false",
                "--signalbridge.sandbox.seed-on-start=false",
                "--signalbridge.sandbox.reset-on-start=false",
                "--signalbridge.mappings.load-on-start=false"));
        return new SpringApplicationBuilder(application).logStartupInfo(false).run(args.toArray(String[]::new));
    }

    private record Parsed(String action, Long id, Map<String, String> options, List<String> settings, FailureFilter filter,
                          ReplayMappingVersion mappingVersion) {
    }

    private Parsed parse(String[] args) {
        if (args.length < 2) {
            throw new IllegalArgumentException("missing action");
        }
        String action = args[1];
        if (!Set.of("list", "replay", "discard").contains(action)) {
            throw new IllegalArgumentException("unknown action '" + action + "'");
        }
        Long id = null;
        Map<String, String> options = new HashMap<>();
        List<String> settings = new ArrayList<>();
        ReplayMappingVersion mappingVersion = ReplayMappingVersion.CURRENT;
        for (int i = 2; i < args.length; i++) {
            String arg = args[i];
            if (arg.startsWith(MAPPING_VERSION_OPTION)) {
                if (!action.equals("replay")) {
                    throw new IllegalArgumentException("--mapping-version applies to replay only");
                }
                mappingVersion = ReplayMappingVersion.parse(arg.substring(MAPPING_VERSION_OPTION.length()));
            } else if (arg.startsWith("--") && arg.contains("=")) {
                settings.add(arg);
            } else if (arg.startsWith("--")) {
                String name = arg.substring(2);
                if (!OPTIONS.contains(name) || i + 1 >= args.length) {
                    throw new IllegalArgumentException("unknown option or missing value: " + arg);
                }
                options.put(name, args[++i]);
            } else if (id == null && !action.equals("list")) {
                try {
                    id = Long.parseLong(arg);
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("not a failure id: " + arg);
                }
            } else {
                throw new IllegalArgumentException("unexpected argument: " + arg);
            }
        }
        if (action.equals("discard") && id == null) {
            throw new IllegalArgumentException("discard needs the id of a failure");
        }
        if (action.equals("replay") && id == null && options.isEmpty()) {
            throw new IllegalArgumentException("replay needs an id or at least one filter (--route, --code, --since)");
        }
        if (id != null && !options.isEmpty()) {
            throw new IllegalArgumentException("give either an id or filters, not both");
        }
        FailureStatus status;
        try {
            status = options.containsKey("status") ? FailureStatus.valueOf(options.get("status").toUpperCase()) : null;
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown status: " + options.get("status"));
        }
        if (options.containsKey("limit") && !options.get("limit").matches("\\d+")) {
            throw new IllegalArgumentException("--limit takes a number");
        }
        var filter = new FailureFilter(options.get("route"), options.get("code"), since(options.get("since")), null, status);
        return new Parsed(action, id, options, settings, filter, mappingVersion);
    }

    /** An instant (2026-11-23T00:00:00Z) or a duration back from now (24h, 30m, 7d, PT2H). */
    private Instant since(String value) {
        if (value == null) {
            return null;
        }
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException notAnInstant) {
            try {
                Duration back = DurationStyle.detectAndParse(value);
                return clock.instant().minus(back);
            } catch (IllegalArgumentException notADuration) {
                throw new IllegalArgumentException("--since takes an instant (2026-11-23T00:00:00Z) or a duration (24h): " + value);
            }
        }
    }

    private static String abbreviate(String message) {
        if (message == null) {
            return "";
        }
        String oneLine = message.replaceAll("\\s+", " ");
        return oneLine.length() > 100 ? oneLine.substring(0, 97) + "..." : oneLine;
    }
}

package io.signalbridge.scores;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.signalbridge.scoring.Backtest;
import io.signalbridge.scoring.ScoringSettings;
import io.signalbridge.scoring.TableBacktest;
import io.signalbridge.signals.SignalStore;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The backtest from the command line, on a signalbridge database (a copy of production's is fine: it only reads):
 * <pre>
 * java -cp signalbridge.jar -Dloader.main=io.signalbridge.scores.BacktestCommand org.springframework.boot.loader.launch.PropertiesLauncher \
 *      --url jdbc:postgresql://host/signalbridge --user u --password p --cutoff 2025-03-17 [--horizon 90]
 *      [--signals mappings/activity-signals.yaml] [--out backtest.md]
 * </pre>
 * ({@code --out} also writes the charts {@code backtest-lift.png} and {@code backtest-stages.png} beside the report)
 * or, on a CSV export (see {@link TableBacktest}): {@code --csv history.csv --outcome converted [--date created] [--ignore id,email] [--out backtest.md]}.
 * Thresholds are the defaults of application.yaml.
 */
public final class BacktestCommand {

    private BacktestCommand() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = options(args);
        if (options.containsKey("csv") && options.containsKey("outcome")) {
            try (var csv = Files.newInputStream(Path.of(options.get("csv")))) {
                write(options, new TableBacktest().run(CsvTables.read(csv), options.get("outcome"), options.get("date"),
                        ignored(options.get("ignore"))).toMarkdown());
            }
            return;
        }
        if (!options.containsKey("url") || !options.containsKey("cutoff")) {
            System.err.println("usage: --url JDBC_URL [--user U] [--password P] --cutoff YYYY-MM-DD [--horizon DAYS]"
                    + " [--signals mappings/activity-signals.yaml] [--out report.md]\n"
                    + "   or: --csv FILE --outcome COLUMN [--date COLUMN] [--ignore COLUMN,...] [--out report.md]");
            System.exit(2);
        }
        var dataSource = new DriverManagerDataSource(options.get("url"), options.getOrDefault("user", ""),
                options.getOrDefault("password", ""));
        var store = new SignalStore(new JdbcTemplate(dataSource),
                new TransactionTemplate(new DataSourceTransactionManager(dataSource)), new ObjectMapper(), Clock.systemUTC());
        var rules = ActivitySignalRules.load(Path.of(options.getOrDefault("signals", "mappings/activity-signals.yaml")));
        var input = ScoringInputAssembler.fromStore(store, rules, ScoringSettings.defaults(Map.of()), Clock.systemUTC().instant()).input();
        var report = new Backtest().run(input, LocalDate.parse(options.get("cutoff")),
                Integer.parseInt(options.getOrDefault("horizon", "90")));
        if (options.containsKey("out")) {
            BacktestReportFiles.write(report, Path.of(options.get("out")));
        } else {
            System.out.println(report.toMarkdown());
        }
    }

    /** Comma-separated column names that are not features (identifiers). */
    public static Set<String> ignored(String columns) {
        if (columns == null || columns.isBlank()) {
            return Set.of();
        }
        return Arrays.stream(columns.split(",")).map(String::trim).filter(c -> !c.isEmpty()).collect(Collectors.toUnmodifiableSet());
    }

    private static void write(Map<String, String> options, String markdown) throws IOException {
        if (options.containsKey("out")) {
            Files.writeString(Path.of(options.get("out")), markdown);
        } else {
            System.out.println(markdown);
        }
    }

    private static Map<String, String> options(String[] args) {
        var options = new HashMap<String, String>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            options.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        return options;
    }
}

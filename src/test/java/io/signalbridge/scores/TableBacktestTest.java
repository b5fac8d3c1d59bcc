package io.signalbridge.scores;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.SplittableRandom;

import io.signalbridge.scoring.TableBacktest;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The backtest on a CSV export: numeric and categorical columns, time-ordered or random split. */
class TableBacktestTest {

    static String csv() {
        var random = new SplittableRandom(3);
        var csv = new StringBuilder("employees,industry,created,converted\n");
        for (int i = 0; i < 3_000; i++) {
            int employees = random.nextInt(5_000);
            String industry = new String[] {"software", "retail", "banking"}[random.nextInt(3)];
            double logit = -4 + employees / 800.0 + (industry.equals("software") ? 1 : 0);
            boolean converted = random.nextDouble() < 1 / (1 + Math.exp(-logit));
            csv.append(employees).append(',').append(industry).append(',')
                    .append(LocalDate.of(2024, 1, 1).plusDays(random.nextInt(365))).append(',').append(converted ? "yes" : "no")
                    .append('\n');
        }
        return csv.toString();
    }

    @Test
    void learnsFromTheEarlierRowsAndJudgesTheLaterOnes() throws Exception {
        var rows = CsvTables.read(new ByteArrayInputStream(csv().getBytes(StandardCharsets.UTF_8)));

        var timeOrdered = new TableBacktest().run(rows, "converted", "created");
        var random = new TableBacktest().run(rows, "converted", null);

        assertThat(timeOrdered.timeOrdered()).isTrue();
        assertThat(timeOrdered.heldOutRows()).isEqualTo(900);
        assertThat(timeOrdered.auc()).isGreaterThan(0.7);
        assertThat(random.timeOrdered()).isFalse();
        assertThat(random.auc()).isGreaterThan(0.7);
        assertThat(random.topDecileLift()).isGreaterThan(1.5);
        assertThat(timeOrdered.toMarkdown()).contains("time-ordered", "AUC");
    }

    @Test
    void runsFromTheCommandLine(@TempDir Path dir) throws Exception {
        Path input = Files.writeString(dir.resolve("history.csv"), csv());
        Path out = dir.resolve("report.md");

        BacktestCommand.main(new String[] {"--csv", input.toString(), "--outcome", "converted", "--date", "created",
                "--out", out.toString()});

        assertThat(Files.readString(out)).contains("# Backtest on a table", "| AUC |");
    }
}

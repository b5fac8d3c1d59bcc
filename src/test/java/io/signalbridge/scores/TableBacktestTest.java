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
        // rolling origin: five consecutive windows over the later half, each trained on every earlier row
        assertThat(timeOrdered.folds()).hasSize(5);
        assertThat(timeOrdered.heldOutRows()).isEqualTo(3_000 - timeOrdered.folds().get(0).trainRows());
        assertThat(timeOrdered.folds().get(0).trainRows()).isBetween(1_500, 1_520);
        for (int i = 1; i < timeOrdered.folds().size(); i++) {
            var previous = timeOrdered.folds().get(i - 1);
            var fold = timeOrdered.folds().get(i);
            assertThat(fold.trainRows()).isEqualTo(previous.trainRows() + previous.testRows());
            assertThat(LocalDate.parse(fold.from())).isAfter(LocalDate.parse(previous.to()));
        }
        assertThat(timeOrdered.auc()).isGreaterThan(0.7);
        assertThat(timeOrdered.logisticAuc()).isGreaterThan(0.7);
        assertThat(timeOrdered.treesAuc()).isGreaterThan(0.7);
        // the truth is logistic: whichever the windows chose, no worse than the logistic model by more than noise
        assertThat(timeOrdered.auc()).isGreaterThan(timeOrdered.logisticAuc() - 0.01);
        assertThat(timeOrdered.brier()).isBetween(0.05, 0.25);
        assertThat(random.folds()).hasSize(1);
        assertThat(random.heldOutRows()).isEqualTo(900);
        assertThat(random.timeOrdered()).isFalse();
        assertThat(random.auc()).isGreaterThan(0.7);
        assertThat(random.topDecileLift()).isGreaterThan(1.5);
        assertThat(timeOrdered.toMarkdown()).contains("rolling origin", "AUC logistic", "Brier");
    }

    /**
     * A table with what real exports have: an identifier, a numeric column with blanks, a category per row, and a
     * rate whose range moves up over time while only its rank within its period matters, with a threshold effect.
     */
    static String dirtyCsv() {
        var random = new SplittableRandom(11);
        var csv = new StringBuilder("id,visits,rate,referrer,created,converted\n");
        for (int i = 0; i < 4_000; i++) {
            LocalDate created = LocalDate.of(2023, 1, 1).plusDays(i * 730L / 4_000);
            double drift = i / 1_000.0;
            double relative = random.nextDouble();
            Integer visits = random.nextInt(10) == 0 ? null : random.nextInt(20);
            // few visits or many: converting depends on visits by a threshold, not a line; blank visits convert often
            double logit = -2 + (visits == null ? 1.5 : visits >= 12 ? 2.0 : 0) + (relative > 0.7 ? 1.5 : 0);
            boolean converted = random.nextDouble() < 1 / (1 + Math.exp(-logit));
            csv.append("C-").append(100_000 + i).append(',').append(visits == null ? "" : visits).append(',')
                    .append(String.format(java.util.Locale.ROOT, "%.3f", 2 + drift + relative)).append(',')
                    .append("https://ref").append(random.nextInt(2_000)).append(".example").append(',')
                    .append(created).append(',').append(converted ? 1 : 0).append('\n');
        }
        return csv.toString();
    }

    @Test
    void identifiersAreIgnoredBlanksStayNumericRareCategoriesAreBucketedAndTreesWinWhereTheTruthIsNotLinear() throws Exception {
        var rows = CsvTables.read(new ByteArrayInputStream(dirtyCsv().getBytes(StandardCharsets.UTF_8)));

        var report = new TableBacktest().run(rows, "converted", "created", java.util.Set.of("id"));

        assertThat(report.ignored()).containsExactly("id");
        assertThat(report.numericColumns()).containsExactly("visits", "rate");
        assertThat(report.bucketedColumns()).containsKey("referrer");
        assertThat(report.toMarkdown()).contains("| ignored columns | id |", "referrer (");
        // the threshold on visits is not linear: the trees are chosen and ahead of the logistic model
        assertThat(report.folds()).extracting(TableBacktest.Fold::chosen).contains(io.signalbridge.scoring.Learner.GRADIENT_BOOSTED_TREES);
        assertThat(report.treesAuc()).isGreaterThan(report.logisticAuc() + 0.01);
        assertThat(report.auc()).isGreaterThan(report.logisticAuc());
        // Platt-scaled on the training window: the mean predicted probability is near the observed rate
        double predicted = report.calibration().stream().mapToDouble(b -> b.meanPredicted() * b.accounts()).sum() / report.heldOutRows();
        double observed = (double) report.heldOutPositives() / report.heldOutRows();
        assertThat(predicted).isCloseTo(observed, org.assertj.core.data.Offset.offset(0.05));
    }

    @Test
    void runsFromTheCommandLine(@TempDir Path dir) throws Exception {
        Path input = Files.writeString(dir.resolve("history.csv"), csv());
        Path out = dir.resolve("report.md");

        BacktestCommand.main(new String[] {"--csv", input.toString(), "--outcome", "converted", "--date", "created",
                "--out", out.toString()});

        assertThat(Files.readString(out)).contains("# Backtest on a table", "| AUC, chosen learner");
    }
}

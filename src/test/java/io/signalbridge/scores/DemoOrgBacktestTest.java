package io.signalbridge.scores;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import javax.imageio.ImageIO;

import io.signalbridge.sandbox.generator.GeneratedDemoOrg;
import io.signalbridge.scoring.Backtest;
import io.signalbridge.scoring.Learner;
import io.signalbridge.scoring.ScoringSettings;

import org.junit.jupiter.api.Test;

/** The backtest on a generated demo org: the core must find the org's hidden fit and buying journeys from data alone. */
class DemoOrgBacktestTest {

    @Test
    void scoresPredictWhichAccountsOpenOpportunities() throws Exception {
        var org = GeneratedDemoOrg.generate(42, 1200);
        ActivitySignalRules rules;
        try (var yaml = Files.newInputStream(Path.of("mappings/activity-signals.yaml"))) {
            rules = ActivitySignalRules.parse(yaml);
        }
        var assembler = new ScoringInputAssembler(rules, ScoringSettings.defaults(Map.of()), org.now());
        DemoOrgRecords.of(org).forEach(assembler::accept);
        var logisticOnly = new ScoringInputAssembler(rules, ScoringSettings.defaults(Map.of()).withLearners(Set.of(Learner.LOGISTIC)),
                org.now());
        DemoOrgRecords.of(org).forEach(logisticOnly::accept);

        LocalDate cutoff = org.now().atOffset(ZoneOffset.UTC).toLocalDate().minusDays(90);
        var report = new Backtest().run(assembler.input(), cutoff, 90);
        var logistic = new Backtest().run(logisticOnly.input(), cutoff, 90);
        System.out.printf(Locale.ROOT, "demo org backtest: chosen (profile %s, in-market %s): profile AUC %.3f, in-market AUC %.3f, "
                        + "6QA lift %.2f, Brier %.4f; logistic only: %.3f, %.3f, %.2f, %.4f%n", report.profileLearner().describe(),
                report.intentLearner().describe(), report.profileAuc(), report.inMarketAuc(), report.qualifiedLift().lift(),
                report.brier(), logistic.profileAuc(), logistic.inMarketAuc(), logistic.qualifiedLift().lift(), logistic.brier());
        // the learner each model chose on its training window costs at most 0.005 AUC against the logistic model
        assertThat(logistic.profileLearner().learner()).isEqualTo(Learner.LOGISTIC);
        assertThat(logistic.intentLearner().learner()).isEqualTo(Learner.LOGISTIC);
        assertThat(report.profileAuc()).isGreaterThan(logistic.profileAuc() - 0.005);
        assertThat(report.inMarketAuc()).isGreaterThan(logistic.inMarketAuc() - 0.005);
        assertThat(report.intentLearner().validationTreesAuc()).isNotNaN();
        var markdown = Path.of("target/scoring-backtest/demo.md");
        BacktestReportFiles.write(report, markdown);

        assertThat(Files.readString(markdown)).contains("![Lift curve", "(demo-lift.png)", "(demo-stages.png)",
                "Calibration of the in-market probability", "Calibration of the profile probability");
        for (String chart : new String[] {"demo-lift.png", "demo-stages.png"}) {
            Path png = markdown.resolveSibling(chart);
            try (var in = Files.newInputStream(png)) {
                assertThat(in.readNBytes(8)).as("PNG signature").containsExactly(0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n');
            }
            var image = ImageIO.read(png.toFile());
            assertThat(image.getWidth()).isEqualTo(BacktestReportFiles.WIDTH);
            assertThat(image.getHeight()).isEqualTo(BacktestReportFiles.HEIGHT);
        }
        assertThat(report.liftCurve()).hasSize(21);
        assertThat(report.liftCurve().get(20).inMarketShare()).isEqualTo(1.0);
        // the in-market curve rises above random: its top fifth holds more than a fifth of the opportunities
        assertThat(report.liftCurve().get(4).inMarketShare()).isGreaterThan(0.4);
        // Platt scaling brings the mean in-market probability nearer the observed rate than the raw model
        assertThat(report.inMarketCalibration().slope()).isPositive();

        assertThat(report.profileAuc()).isGreaterThan(0.62);
        assertThat(report.inMarketAuc()).isGreaterThan(0.62);
        assertThat(report.qualifiedLift().lift()).isGreaterThan(2.0);
        assertThat(report.people().profileAuc()).isGreaterThan(0.6);
        assertThat(report.people().engagementAuc()).isGreaterThan(0.6);
    }
}

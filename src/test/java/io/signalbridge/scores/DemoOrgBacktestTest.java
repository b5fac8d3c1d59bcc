package io.signalbridge.scores;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;

import javax.imageio.ImageIO;

import io.signalbridge.sandbox.generator.GeneratedDemoOrg;
import io.signalbridge.scoring.Backtest;
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

        LocalDate cutoff = org.now().atOffset(ZoneOffset.UTC).toLocalDate().minusDays(90);
        var report = new Backtest().run(assembler.input(), cutoff, 90);
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

package io.signalbridge.scores;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;

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
        Files.createDirectories(Path.of("target"));
        Files.writeString(Path.of("target/scoring-backtest-demo.md"), report.toMarkdown());

        assertThat(report.profileAuc()).isGreaterThan(0.62);
        assertThat(report.inMarketAuc()).isGreaterThan(0.62);
        assertThat(report.qualifiedLift().lift()).isGreaterThan(2.0);
        assertThat(report.people().profileAuc()).isGreaterThan(0.6);
        assertThat(report.people().engagementAuc()).isGreaterThan(0.6);
    }
}

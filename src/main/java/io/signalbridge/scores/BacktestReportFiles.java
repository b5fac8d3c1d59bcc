package io.signalbridge.scores;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import io.signalbridge.scoring.BacktestReport;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * A backtest report as files: the Markdown and, next to it, two PNG charts it embeds (rendered headless with
 * XChart): the lift curve (cumulative gains of the in-market and profile rankings against random) and the stage
 * funnel (share of accounts and of opportunities per buying stage at the cut-off).
 */
public final class BacktestReportFiles {

    public static final int WIDTH = 900;
    public static final int HEIGHT = 540;

    static {
        // Rendering needs no display; keep a setting made on the command line.
        System.setProperty("java.awt.headless", System.getProperty("java.awt.headless", "true"));
    }

    private BacktestReportFiles() {
    }

    /** Writes {@code markdown} and its charts ({@code <name>-lift.png}, {@code <name>-stages.png}) beside it. */
    public static void write(BacktestReport report, Path markdown) throws IOException {
        Path directory = markdown.toAbsolutePath().getParent();
        Files.createDirectories(directory);
        String name = markdown.getFileName().toString().replaceFirst("\\.md$", "");
        var charts = new LinkedHashMap<String, String>();
        charts.put("Lift curve: share of the opportunities found in the top accounts", name + "-lift.png");
        charts.put("Buying stage funnel at the cut-off", name + "-stages.png");
        BitmapEncoder.saveBitmap(liftCurve(report), directory.resolve(name + "-lift.png").toString(), BitmapEncoder.BitmapFormat.PNG);
        BitmapEncoder.saveBitmap(stageFunnel(report), directory.resolve(name + "-stages.png").toString(), BitmapEncoder.BitmapFormat.PNG);
        Files.writeString(markdown, report.toMarkdown(charts));
    }

    static XYChart liftCurve(BacktestReport report) {
        var chart = new XYChartBuilder().width(WIDTH).height(HEIGHT)
                .title(String.format(java.util.Locale.ROOT, "Lift curve, cut-off %s, %d-day horizon (%d of %d accounts opened)",
                        report.cutoff(), report.horizonDays(), report.opened(), report.accounts()))
                .xAxisTitle("top % of accounts by score").yAxisTitle("% of opportunities opened").build();
        var styler = chart.getStyler();
        styler.setLegendPosition(Styler.LegendPosition.InsideSE);
        styler.setYAxisMin(0.0);
        styler.setYAxisMax(100.0);
        styler.setXAxisMin(0.0);
        styler.setXAxisMax(100.0);
        styler.setChartBackgroundColor(java.awt.Color.WHITE);
        double[] x = report.liftCurve().stream().mapToDouble(p -> 100 * p.accountShare()).toArray();
        chart.addSeries(String.format(java.util.Locale.ROOT, "in-market (AUC %.3f)", report.inMarketAuc()), x,
                report.liftCurve().stream().mapToDouble(p -> 100 * p.inMarketShare()).toArray());
        chart.addSeries(String.format(java.util.Locale.ROOT, "profile (AUC %.3f)", report.profileAuc()), x,
                report.liftCurve().stream().mapToDouble(p -> 100 * p.profileShare()).toArray());
        chart.addSeries("random", new double[] {0, 100}, new double[] {0, 100}).setMarker(SeriesMarkers.NONE);
        return chart;
    }

    static CategoryChart stageFunnel(BacktestReport report) {
        var chart = new CategoryChartBuilder().width(WIDTH).height(HEIGHT)
                .title(String.format(java.util.Locale.ROOT, "Buying stage at the cut-off %s: accounts and opportunities opened",
                        report.cutoff()))
                .xAxisTitle("buying stage (lift = % of opportunities ÷ % of accounts)").yAxisTitle("%").build();
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNE);
        chart.getStyler().setChartBackgroundColor(java.awt.Color.WHITE);
        var stages = report.stages().stream().map(row -> Double.isNaN(row.lift()) ? row.stage().name()
                : String.format(java.util.Locale.ROOT, "%s (lift %.2f)", row.stage(), row.lift())).toList();
        chart.addSeries("% of accounts", stages, report.stages().stream().map(r -> 100 * r.accountShare()).toList());
        chart.addSeries("% of opportunities", stages, report.stages().stream().map(r -> 100 * r.opportunityShare()).toList());
        return chart;
    }
}

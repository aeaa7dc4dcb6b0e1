package io.ltq.experiments.report;

import io.ltq.experiments.lottery.Variant;
import io.ltq.experiments.lottery.LevelSummary;
import io.ltq.experiments.lottery.LotteryExperiment;
import io.ltq.experiments.stability.StabilityResult;
import java.awt.Color;
import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The instability-analysis charts of Frankle et al. (2020): the test error along the linear path
 * between two copies trained from step k (one line per k), and the error barrier against k (one
 * line per level). A barrier near zero means the copies end in one linearly connected basin.
 */
public final class StabilityCharts {

    private StabilityCharts() {}

    /**
     * Draws the test error along the interpolation path at one level, one line per k.
     *
     * @param run the run the analyses belong to
     * @param level the level whose analyses to draw
     * @param fileName the PNG's name
     * @return the chart
     * @throws IOException when encoding fails
     */
    public static ChartImage interpolation(RunRecord run, int level, String fileName)
            throws IOException {
        String title = "Test error along the interpolation path — " + run.name() + ", "
                + levelName(run, level);
        XYChart chart = ChartStyle.newChart(title, "Interpolation α (θ = αθ₁ + (1−α)θ₂)",
                "Test error (%)");
        chart.getStyler().setXAxisMin(0.0);
        chart.getStyler().setXAxisMax(1.0);
        chart.getStyler().setXAxisDecimalPattern("0.##");
        int colour = 0;
        for (StabilityResult r : run.stability()) {
            if (r.level() != level) {
                continue;
            }
            double[] x = r.path().stream().mapToDouble(StabilityResult.Point::alpha).toArray();
            double[] y = r.path().stream().mapToDouble(p -> 100 * p.testError()).toArray();
            ChartStyle.line(chart, "k = " + r.step(), x, y, ChartStyle.color(colour++),
                    ChartStyle.stroke(0));
        }
        return new ChartImage(fileName, title,
                "Two copies of the network trained from step k on different data orders, and"
                        + " the test error of every network on the straight line between them"
                        + " (α = 0 and 1 are the copies). A bump in the middle is an error"
                        + " barrier: the copies found different basins.",
                ChartStyle.png(chart));
    }

    /**
     * Draws the test-error barrier against k, one line per level, with the stability threshold.
     *
     * @param run the run the analyses belong to
     * @param fileName the PNG's name
     * @return the chart
     * @throws IOException when encoding fails
     */
    public static ChartImage barriers(RunRecord run, String fileName) throws IOException {
        String title = "Error barrier against the rewind step k — " + run.name();
        XYChart chart = ChartStyle.newChart(title, "Step k the copies start from",
                "Test error barrier (%)");
        Map<Integer, List<StabilityResult>> byLevel = run.stability().stream()
                .collect(Collectors.groupingBy(StabilityResult::level, TreeMap::new,
                        Collectors.toList()));
        double minK = Double.POSITIVE_INFINITY;
        double maxK = Double.NEGATIVE_INFINITY;
        int colour = 0;
        for (var e : byLevel.entrySet()) {
            double[] x = e.getValue().stream().mapToDouble(r -> (double) r.step()).toArray();
            double[] y = e.getValue().stream().mapToDouble(r -> 100 * r.testBarrier()).toArray();
            ChartStyle.line(chart, levelName(run, e.getKey()), x, y,
                    ChartStyle.color(colour++), ChartStyle.stroke(0));
            for (double k : x) {
                minK = Math.min(minK, k);
                maxK = Math.max(maxK, k);
            }
        }
        double threshold = 100 * run.stability().get(0).threshold();
        var line = ChartStyle.line(chart, String.format(Locale.ROOT, "stability threshold"
                + " (%.1f%%)", threshold), new double[] {minK, maxK},
                new double[] {threshold, threshold}, Color.GRAY, ChartStyle.stroke(1));
        line.setMarker(SeriesMarkers.NONE);
        ChartStyle.widenX(chart, minK, maxK);
        chart.getStyler().setXAxisDecimalPattern("#,##0");
        // Zero barrier is the reference; show it unless barriers go below it.
        if (run.stability().stream().allMatch(r -> r.testBarrier() >= 0)) {
            chart.getStyler().setYAxisMin(0.0);
        }
        return new ChartImage(fileName, title,
                "The barrier is the highest test error on the path minus the mean of its two"
                        + " ends. A network is stable at k when the barrier is below the"
                        + " threshold: from there on, SGD noise no longer changes which basin"
                        + " it ends in.",
                ChartStyle.png(chart));
    }

    /**
     * Names a level for a legend or title, with its weights remaining when the run knows them.
     *
     * @param run the run
     * @param level the level
     * @return e.g. {@code level 3 (51.2% remaining)} or {@code level 0 (dense)}
     */
    static String levelName(RunRecord run, int level) {
        if (level == 0) {
            return "level 0 (dense)";
        }
        LevelSummary s = run.summary(level, Variant.TICKET);
        return s == null ? "level " + level
                : "level " + level + " (" + LotteryCharts.percent(s.weightsRemaining())
                        + "% remaining)";
    }
}

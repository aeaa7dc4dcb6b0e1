package io.ltq.experiments.report;

import io.ltq.experiments.compare.RunComparison;
import java.util.List;

/**
 * Everything a report shows, computed once and written as HTML, PNG, CSV and JSON.
 *
 * @param runs the runs, in the order given
 * @param groups the runs grouped by configuration
 * @param compression one ShrinkBench table per group, in the groups' order
 * @param statistics the paired seed statistics of each group, in the groups' order (empty for a
 *     group of one run)
 * @param configurations each group's tickets against the first group's at the same weights
 *     remaining, paired over seeds; empty for one group
 * @param lotteryCharts accuracy and early-stop charts against weights remaining
 * @param inferenceCharts test accuracy against measured inference time, when some run has
 *     {@code inference/inference.csv}; else empty
 * @param trainingCharts test accuracy over training, one chart per group
 * @param stabilityCharts interpolation and barrier charts, for runs with {@code stability/}
 * @param retrainingCharts accuracy against retraining budget, for runs with {@code retrain/}
 * @param comparison every run against the first, per level ({@code ltq compare}'s rows); empty
 *     for one run, or runs of different networks or without a finished level in common
 * @param comparisonCharts mask agreement with the first run, when there is a comparison
 */
public record ReportData(
        List<RunRecord> runs,
        List<RunGroup> groups,
        List<CompressionTable> compression,
        List<SeedStatistics> statistics,
        List<ConfigurationComparison> configurations,
        List<ChartImage> lotteryCharts,
        List<ChartImage> inferenceCharts,
        List<ChartImage> trainingCharts,
        List<ChartImage> stabilityCharts,
        List<ChartImage> retrainingCharts,
        List<RunComparison.Row> comparison,
        List<ChartImage> comparisonCharts) {

    /** Freezes the lists. */
    public ReportData {
        runs = List.copyOf(runs);
        groups = List.copyOf(groups);
        compression = List.copyOf(compression);
        statistics = List.copyOf(statistics);
        configurations = List.copyOf(configurations);
        lotteryCharts = List.copyOf(lotteryCharts);
        inferenceCharts = List.copyOf(inferenceCharts);
        trainingCharts = List.copyOf(trainingCharts);
        stabilityCharts = List.copyOf(stabilityCharts);
        retrainingCharts = List.copyOf(retrainingCharts);
        comparison = List.copyOf(comparison);
        comparisonCharts = List.copyOf(comparisonCharts);
    }

    /**
     * Returns every chart, in the order the page shows them.
     *
     * @return the charts
     */
    public List<ChartImage> charts() {
        return java.util.stream.Stream.of(lotteryCharts, inferenceCharts, comparisonCharts,
                        trainingCharts,
                        stabilityCharts, retrainingCharts)
                .flatMap(List::stream).toList();
    }
}

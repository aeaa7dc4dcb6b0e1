package io.ltq.experiments.report;

import io.ltq.experiments.retrain.RetrainResult;
import java.io.IOException;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.knowm.xchart.XYChart;

/**
 * The chart of Renda et al. (2020): test accuracy of a pruned network against its retraining
 * budget, one line per retraining method — weight rewinding, learning-rate rewinding,
 * fine-tuning — for one IMP level.
 */
public final class RetrainingCharts {

    private RetrainingCharts() {}

    /**
     * Draws the accuracy at early stop against the retraining budget for one level.
     *
     * @param run the run the retraining belongs to
     * @param level the level
     * @param fileName the PNG's name
     * @return the chart
     * @throws IOException when encoding fails
     */
    public static ChartImage accuracyByBudget(RunRecord run, int level, String fileName)
            throws IOException {
        String title = "Retraining at equal budget — " + run.name() + ", "
                + StabilityCharts.levelName(run, level);
        XYChart chart = ChartStyle.newChart(title, "Retraining budget T − k (steps)",
                "Test accuracy at early stop (%)");
        Map<String, List<RetrainResult>> byMethod = run.retraining().stream()
                .filter(r -> r.level() == level)
                .sorted(Comparator.comparingLong(RetrainResult::budget))
                .collect(Collectors.groupingBy(RetrainResult::method, TreeMap::new,
                        Collectors.toList()));
        int colour = 0;
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (var e : byMethod.entrySet()) {
            double[] x = e.getValue().stream().mapToDouble(r -> (double) r.budget()).toArray();
            double[] y = e.getValue().stream()
                    .mapToDouble(r -> 100 * r.earlyStopTestAccuracy()).toArray();
            ChartStyle.line(chart, e.getKey(), x, y, ChartStyle.color(colour),
                    ChartStyle.stroke(colour));
            colour++;
            for (double b : x) {
                min = Math.min(min, b);
                max = Math.max(max, b);
            }
        }
        ChartStyle.widenX(chart, min, max);
        chart.getStyler().setXAxisDecimalPattern("#,##0");
        return new ChartImage(fileName, title,
                "The same mask retrained three ways for T − k steps: weights rewound to their"
                        + " dense values at step k (schedule from k), the trained weights with"
                        + " the learning-rate schedule replayed from k, and the trained weights"
                        + " at the final learning rate.",
                ChartStyle.png(chart));
    }
}

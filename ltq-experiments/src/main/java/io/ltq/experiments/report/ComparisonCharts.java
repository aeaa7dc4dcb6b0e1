package io.ltq.experiments.report;

import io.ltq.experiments.lottery.Variant;
import io.ltq.experiments.compare.RunComparison;
import io.ltq.experiments.lottery.LotteryExperiment;
import java.io.IOException;
import java.util.List;
import org.knowm.xchart.XYChart;

/**
 * How far the tickets of several runs agree with the first run's: the Jaccard index of their
 * masks at each level, next to what independent random masks of the same sparsity would share.
 * For the same command on two engines the masks start equal (the same θ0) and part slowly as
 * the engines' float arithmetic moves the trained weights apart; masks of unrelated
 * initializations sit on the chance line.
 */
public final class ComparisonCharts {

    private ComparisonCharts() {}

    /**
     * Draws mask Jaccard against level, one line per run after the first, and chance.
     *
     * @param rows the comparison's rows
     * @return the chart
     * @throws IOException when encoding fails
     */
    public static ChartImage maskAgreement(List<RunComparison.Row> rows) throws IOException {
        XYChart chart = ChartStyle.newChart("Mask agreement with the first run", "Pruning level",
                "Jaccard index of the kept weights");
        List<RunComparison.Row> tickets = rows.stream()
                .filter(r -> r.variant().isTicket()).toList();
        String first = tickets.get(0).run();
        List<String> others = tickets.stream().map(RunComparison.Row::run)
                .filter(r -> !r.equals(first)).distinct().toList();
        int colour = 0;
        for (String run : others) {
            List<RunComparison.Row> mine = tickets.stream().filter(r -> r.run().equals(run))
                    .toList();
            double[] x = mine.stream().mapToDouble(RunComparison.Row::level).toArray();
            String engine = mine.get(0).engine();
            ChartStyle.line(chart, run + " (" + engine + ")", x,
                    mine.stream().mapToDouble(RunComparison.Row::maskJaccardWithFirst).toArray(),
                    ChartStyle.color(colour), ChartStyle.stroke(0));
            ChartStyle.line(chart, "chance at " + run + "'s sparsity", x,
                    mine.stream().mapToDouble(RunComparison.Row::chanceJaccardWithFirst)
                            .toArray(),
                    ChartStyle.color(colour), ChartStyle.stroke(1));
            colour++;
        }
        chart.getStyler().setYAxisMin(0.0);
        chart.getStyler().setYAxisMax(1.0);
        chart.getStyler().setXAxisDecimalPattern("0");
        return new ChartImage("mask_agreement.png", "Mask agreement with the first run",
                "The Jaccard index |A ∩ B| / |A ∪ B| of each run's ticket mask with the first"
                        + " run's, level by level; dashed, the index two independent random masks"
                        + " with the same per-layer sparsity would have. Level 0 is the dense"
                        + " network (index 1).",
                ChartStyle.png(chart));
    }
}

package io.ltq.experiments.report;

import io.ltq.experiments.lottery.Variant;
import io.ltq.experiments.lottery.LotteryExperiment;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SortedMap;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;
import org.knowm.xchart.AnnotationText;
import org.knowm.xchart.XYChart;

/**
 * The lottery-ticket charts of Frankle &amp; Carbin (2019): test accuracy and early-stop
 * iteration against the percentage of weights remaining, winning tickets against the controls,
 * with min–max error bars over seeds; and test accuracy over training, one line per level.
 *
 * <p>With one group the colours tell the variants apart; with several (a comparison), the
 * colours tell the groups apart and the line styles the variants.
 */
public final class LotteryCharts {

    private LotteryCharts() {}

    /**
     * Draws test accuracy against weights remaining.
     *
     * @param groups the groups to draw
     * @param earlyStop {@code true} for the accuracy at minimum validation loss (the papers'),
     *     {@code false} for the accuracy at the end of training
     * @return the chart
     * @throws IOException when encoding fails
     */
    public static ChartImage accuracy(List<RunGroup> groups, boolean earlyStop)
            throws IOException {
        String when = earlyStop ? "at early stop" : "at the end of training";
        XYChart chart = ChartStyle.newChart("Test accuracy " + when,
                "Percent of weights remaining (log scale)", "Test accuracy (%)");
        Function<LevelPoint, Stat> stat =
                earlyStop ? LevelPoint::earlyStopAccuracy : LevelPoint::finalAccuracy;
        plotAgainstRemaining(chart, groups, p -> scale(stat.apply(p), 100));
        String caption = earlyStop
                ? "Test accuracy at the iteration of minimum validation loss, as the papers plot"
                        + " it. Winning tickets keep θk's values; the controls use the same masks"
                        + " with fresh random weights (random reinit) or random masks of the same"
                        + " per-layer sparsity (random pruning)."
                : "Test accuracy after the last training iteration.";
        return new ChartImage(earlyStop ? "accuracy_early_stop.png" : "accuracy_final.png",
                "Test accuracy " + when, caption + errorBarNote(groups),
                ChartStyle.png(chart));
    }

    /**
     * Draws the tickets' test accuracy at early stop against their measured inference time, one
     * series per group that has times ({@code RUN/inference/inference.csv} of {@code ltq bench
     * --only tickets}), both axes the mean over seeds with min–max error bars.
     *
     * @param groups the groups; those without times are left out
     * @return the chart, or {@code null} when no group has times
     * @throws IOException when encoding fails
     */
    public static ChartImage accuracyAgainstInferenceTime(List<RunGroup> groups)
            throws IOException {
        List<RunGroup> timed = groups.stream().filter(g -> !g.inferencePoints().isEmpty())
                .toList();
        if (timed.isEmpty()) {
            return null;
        }
        List<Integer> batches = timed.stream().flatMap(g -> g.inferencePoints().stream())
                .map(InferencePoint::batch).distinct().toList();
        String per = batches.size() == 1 ? "ms per batch of " + batches.get(0) : "ms per batch";
        XYChart chart = ChartStyle.newChart("Test accuracy at early stop against inference time",
                "Inference time (" + per + ")", "Test accuracy (%)");
        double maxMs = 0;
        double minAcc = Double.POSITIVE_INFINITY;
        double maxAcc = Double.NEGATIVE_INFINITY;
        for (RunGroup g : timed) {
            for (InferencePoint p : g.inferencePoints()) {
                maxMs = Math.max(maxMs, p.msPerBatch().max());
                minAcc = Math.min(minAcc, 100 * p.earlyStopAccuracy().min());
                maxAcc = Math.max(maxAcc, 100 * p.earlyStopAccuracy().max());
            }
        }
        // From 0, so that the distance between two series reads as their ratio of times.
        chart.getStyler().setXAxisMin(0.0);
        chart.getStyler().setXAxisMax(maxMs * 1.05);
        if (maxAcc - minAcc < 1) {
            // Left to itself, XChart stretches a flat series over a hair's width of accuracy.
            chart.getStyler().setYAxisMin(minAcc - 0.5);
            chart.getStyler().setYAxisMax(maxAcc + 0.5);
        }
        double xCap = maxMs / 150;
        double yCap = Math.max(maxAcc - minAcc, 1) / 100;
        chart.getStyler().setAnnotationTextFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        chart.getStyler().setAnnotationTextFontColor(Color.DARK_GRAY);
        for (int i = 0; i < groups.size(); i++) {
            RunGroup g = groups.get(i);
            List<InferencePoint> points = g.inferencePoints();
            if (points.isEmpty()) {
                continue;
            }
            Color color = ChartStyle.color(i);
            String name = g.seriesName(Variant.TICKET);
            double[] x = points.stream().mapToDouble(p -> p.msPerBatch().mean()).toArray();
            double[] y = points.stream().mapToDouble(p -> 100 * p.earlyStopAccuracy().mean())
                    .toArray();
            ChartStyle.line(chart, name, x, y, color, ChartStyle.stroke(0));
            ChartStyle.rangeBars(chart, name, x,
                    points.stream().mapToDouble(p -> 100 * p.earlyStopAccuracy().min()).toArray(),
                    points.stream().mapToDouble(p -> 100 * p.earlyStopAccuracy().max()).toArray(),
                    xCap, color);
            ChartStyle.rangeBarsX(chart, name, y,
                    points.stream().mapToDouble(p -> p.msPerBatch().min()).toArray(),
                    points.stream().mapToDouble(p -> p.msPerBatch().max()).toArray(),
                    yCap, color);
            // Which level a point is: its weights remaining, on up to six points of a series
            // whose time changes (a structured one); an unstructured series is one column.
            if (Arrays.stream(x).distinct().count() > 1) {
                List<Integer> labelled = spread(points.stream().map(InferencePoint::level)
                        .toList(), 6);
                for (int j = 0; j < points.size(); j++) {
                    if (labelled.contains(points.get(j).level())) {
                        chart.addAnnotation(new AnnotationText(
                                percent(points.get(j).weightsRemaining()) + "%", x[j],
                                y[j] + 3 * yCap, false));
                    }
                }
            }
        }
        int most = timed.stream().flatMap(g -> g.inferencePoints().stream())
                .mapToInt(InferencePoint::runs).max().orElse(1);
        return new ChartImage("accuracy_vs_inference_time.png",
                "Test accuracy at early stop against inference time",
                "Each finished ticket level's test accuracy at early stop against the median wall"
                        + " time of one forward pass in inference mode at one engine thread, as"
                        + " ltq bench --only tickets measured it (RUN/inference/). A structured"
                        + " ticket runs as its compact network, which gets faster as units go"
                        + " (labels: percent of weights remaining);"
                        + " an unstructured ticket runs as the masked dense network, so every"
                        + " level takes the dense network's time. Times compare only when taken"
                        + " on one machine, which each run's inference.json names."
                        + (most > 1 ? " Points are the mean over seeds of both axes; error bars"
                                + " span the minimum and maximum." : ""),
                ChartStyle.png(chart));
    }

    /**
     * Draws the early-stop iteration against weights remaining.
     *
     * @param groups the groups to draw
     * @return the chart
     * @throws IOException when encoding fails
     */
    public static ChartImage earlyStopIteration(List<RunGroup> groups) throws IOException {
        XYChart chart = ChartStyle.newChart("Early-stop iteration",
                "Percent of weights remaining (log scale)", "Iteration of minimum validation loss");
        plotAgainstRemaining(chart, groups, LevelPoint::earlyStopStep);
        return new ChartImage("early_stop_iteration.png", "Early-stop iteration",
                "The iteration of minimum validation loss. In the papers, winning tickets reach"
                        + " it earlier than the dense network and the controls, until they are"
                        + " pruned very far."
                        + errorBarNote(groups),
                ChartStyle.png(chart));
    }

    /**
     * Draws the test accuracy over training of a group's tickets, one line per level; with many
     * levels, six spread evenly from the dense network to the sparsest.
     *
     * @param group the group
     * @param fileName the PNG's name
     * @return the chart
     * @throws IOException when encoding fails
     */
    public static ChartImage training(RunGroup group, String fileName) throws IOException {
        String title = "Test accuracy during training"
                + (group.label().isEmpty() ? "" : " — " + group.label());
        XYChart chart = ChartStyle.newChart(title, "Training iteration", "Test accuracy (%)");
        List<Integer> levels = spread(group.ticketLevels(), 6);
        int colour = 0;
        for (int level : levels) {
            // From the first step on: the untrained network at step 0 sits near chance and
            // would stretch the axis until the levels' curves are one line.
            SortedMap<Long, Stat> curve =
                    group.testAccuracyCurve(level, Variant.TICKET).tailMap(1L);
            if (curve.isEmpty()) {
                continue;
            }
            double[] x = curve.keySet().stream().mapToDouble(Long::doubleValue).toArray();
            double[] y = curve.values().stream().mapToDouble(s -> 100 * s.mean()).toArray();
            double remaining = group.points(Variant.TICKET).stream()
                    .filter(p -> p.level() == level).findFirst()
                    .map(LevelPoint::weightsRemaining).orElse(Double.NaN);
            Color c = ChartStyle.color(colour++);
            ChartStyle.line(chart, String.format(Locale.ROOT, "%s%% (level %d)",
                    percent(remaining), level), x, y, c, ChartStyle.stroke(0));
        }
        return new ChartImage(fileName, title,
                "The winning ticket's test accuracy at each evaluation after step 0, one line"
                        + " per pruning level, labelled by its percentage of weights remaining"
                        + (group.runs().size() > 1
                                ? ", averaged over the " + group.runs().size() + " runs."
                                : "."),
                ChartStyle.png(chart));
    }

    /**
     * Formats a percentage of weights remaining the papers' way: 100, 51.3, 7.0, 1.9.
     *
     * @param percent the percentage
     * @return three significant digits at most, one decimal at least below 100
     */
    static String percent(double percent) {
        if (percent >= 99.95) {
            return "100";
        }
        return percent >= 0.1 ? String.format(Locale.ROOT, "%.1f", percent)
                : String.format(Locale.ROOT, "%.2g", percent);
    }

    private static void plotAgainstRemaining(XYChart chart, List<RunGroup> groups,
            Function<LevelPoint, Stat> stat) {
        double minPercent = groups.stream()
                .flatMap(g -> g.variants().stream().flatMap(v -> g.points(v).stream()))
                .mapToDouble(LevelPoint::weightsRemaining).min().orElse(100);
        double[] range = ChartStyle.percentRange(minPercent);
        double cap = (range[1] - range[0]) / 150;
        for (int g = 0; g < groups.size(); g++) {
            RunGroup group = groups.get(g);
            List<Variant> variants = group.variants();
            for (int v = 0; v < variants.size(); v++) {
                List<LevelPoint> points = group.points(variants.get(v));
                double[] x = values(points, p -> ChartStyle.percentAxis(p.weightsRemaining()));
                boolean alone = groups.size() == 1;
                Color color = ChartStyle.color(alone ? v : g);
                BasicStroke stroke = ChartStyle.stroke(alone ? 0 : v);
                String name = group.seriesName(variants.get(v));
                ChartStyle.line(chart, name, x, values(points, p -> stat.apply(p).mean()), color,
                        stroke);
                ChartStyle.rangeBars(chart, name, x, values(points, p -> stat.apply(p).min()),
                        values(points, p -> stat.apply(p).max()), cap, color);
            }
        }
        ChartStyle.percentRemainingAxis(chart, minPercent);
    }

    private static double[] values(List<LevelPoint> points, ToDoubleFunction<LevelPoint> f) {
        return points.stream().mapToDouble(f).toArray();
    }

    private static Stat scale(Stat s, double factor) {
        return new Stat(s.mean() * factor, s.min() * factor, s.max() * factor, s.count());
    }

    private static String errorBarNote(List<RunGroup> groups) {
        int most = groups.stream().mapToInt(g -> g.runs().size()).max().orElse(1);
        return most > 1 ? " Lines are the mean over seeds; error bars span the minimum and"
                + " maximum." : "";
    }

    // Up to n levels, evenly spaced over the list, first and last included.
    static List<Integer> spread(List<Integer> levels, int n) {
        if (levels.size() <= n) {
            return levels;
        }
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int index = (int) Math.round((double) i * (levels.size() - 1) / (n - 1));
            if (out.isEmpty() || !out.get(out.size() - 1).equals(levels.get(index))) {
                out.add(levels.get(index));
            }
        }
        return out;
    }
}

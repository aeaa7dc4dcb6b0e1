package io.ltq.experiments.report;

import io.ltq.experiments.lottery.LevelSummary;
import io.ltq.experiments.lottery.LotteryConfig;
import io.ltq.experiments.lottery.SeedSettings;
import io.ltq.experiments.lottery.Variant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One level of a group's tickets against the report's first group's tickets at the same weights
 * remaining, paired seed by seed: structured against unstructured pruning, one pruner against
 * another, whose levels keep different fractions of the weights.
 *
 * <p>Each seed's difference is its ticket's early-stop test accuracy minus the same seeds' ticket
 * of the first group at the same fraction of weights, read off the first group's levels by
 * linear interpolation in the logarithm of the weights remaining (pruning removes a fixed share
 * per level, so levels are evenly spaced on that scale). A level outside the first group's range
 * is not compared: that would be extrapolation.
 *
 * @param group the label of the group compared
 * @param reference the label of the first group, whose tickets are subtracted
 * @param level the level of the group compared
 * @param weightsRemaining the mean percentage of weights the level keeps over the seeds compared
 * @param test the per-seed differences in percentage points, and their tests
 */
public record ConfigurationComparison(
        String group,
        String reference,
        int level,
        double weightsRemaining,
        PairedTest test) {

    /** What the numbers are, as the report states it. */
    public static final String NOTE = "Each group's tickets against the first group's at the"
            + " same weights remaining, paired over the seeds both ran (the same init, data and"
            + " split seeds): one seed's early-stop test accuracy minus the first group's for that"
            + " seed, interpolated linearly in log(weights remaining) between its two nearest"
            + " levels; levels outside the first group's range are not compared. p: Student's"
            + " paired t-test, two-sided, per level, uncorrected for the many levels.";

    /**
     * Compares every group after the first with the first, where both are the same network on
     * the same dataset and share at least two seeds.
     *
     * @param groups the report's groups; the first is the reference
     * @return the comparisons, group by group and level by level; empty for fewer than two groups
     */
    static List<ConfigurationComparison> of(List<RunGroup> groups) {
        List<ConfigurationComparison> out = new ArrayList<>();
        if (groups.size() < 2) {
            return out;
        }
        RunGroup reference = groups.get(0);
        Map<SeedSettings, List<LevelSummary>> curves = new HashMap<>();
        for (RunRecord r : reference.runs()) {
            curves.put(r.config().seeds(), tickets(r));
        }
        for (RunGroup g : groups.subList(1, groups.size())) {
            if (!sameTask(reference.config(), g.config())) {
                continue;
            }
            for (int level : g.ticketLevels()) {
                if (level == 0) {
                    continue;
                }
                List<Double> diffs = new ArrayList<>();
                double remaining = 0;
                for (RunRecord r : g.runs()) {
                    LevelSummary s = r.summary(level, Variant.TICKET);
                    List<LevelSummary> curve = curves.get(r.config().seeds());
                    if (s == null || curve == null) {
                        continue;
                    }
                    double base = interpolate(curve, s.weightsRemaining());
                    if (!Double.isNaN(base)) {
                        diffs.add(100 * (s.earlyStopTestAccuracy() - base));
                        remaining += s.weightsRemaining();
                    }
                }
                if (diffs.size() >= 2) {
                    out.add(new ConfigurationComparison(g.label(), reference.label(), level,
                            remaining / diffs.size(), PairedTest.of(diffs.stream()
                                    .mapToDouble(Double::doubleValue).toArray())));
                }
            }
        }
        return out;
    }

    /**
     * Returns the accuracy of a ticket curve at a fraction of weights, interpolated linearly in
     * log(weights remaining) between the two levels around it.
     *
     * @param curve the tickets of one run, in level order (weights remaining decreasing)
     * @param weightsRemaining the percentage of weights to read the curve at
     * @return the early-stop test accuracy there, or NaN outside the curve's range
     */
    static double interpolate(List<LevelSummary> curve, double weightsRemaining) {
        for (int i = 0; i < curve.size(); i++) {
            LevelSummary hi = curve.get(i);
            if (hi.weightsRemaining() == weightsRemaining) {
                return hi.earlyStopTestAccuracy();
            }
            if (i + 1 < curve.size()) {
                LevelSummary lo = curve.get(i + 1);
                if (hi.weightsRemaining() > weightsRemaining
                        && weightsRemaining >= lo.weightsRemaining()) {
                    double f = Math.log(hi.weightsRemaining() / weightsRemaining)
                            / Math.log(hi.weightsRemaining() / lo.weightsRemaining());
                    return hi.earlyStopTestAccuracy()
                            + f * (lo.earlyStopTestAccuracy() - hi.earlyStopTestAccuracy());
                }
            }
        }
        return Double.NaN;
    }

    private static List<LevelSummary> tickets(RunRecord r) {
        return r.ticketLevels().stream().sorted().map(level -> r.summary(level, Variant.TICKET)).toList();
    }

    // Accuracies of other networks or datasets are not the same quantity.
    private static boolean sameTask(LotteryConfig a, LotteryConfig b) {
        return Objects.equals(a.network().model(), b.network().model())
                && Objects.equals(a.data().dataset(), b.data().dataset());
    }
}

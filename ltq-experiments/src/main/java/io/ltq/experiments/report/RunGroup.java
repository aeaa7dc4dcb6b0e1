package io.ltq.experiments.report;

import io.ltq.experiments.inference.InferenceTime;
import io.ltq.experiments.lottery.Variant;
import io.ltq.experiments.lottery.LevelSummary;
import io.ltq.experiments.lottery.LotteryConfig;
import io.ltq.experiments.lottery.LotteryExperiment;
import io.ltq.experiments.training.MetricsRow;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Runs of one configuration that differ only in their seeds; a report draws each group as one
 * set of series, with the mean over its runs and error bars from the minimum to the maximum.
 *
 * @param label what sets this group apart from the others in the report, empty when it is alone
 * @param runs the runs, at least one
 */
public record RunGroup(String label, List<RunRecord> runs) {

    /** Checks that the group has runs and freezes the list. */
    public RunGroup {
        runs = List.copyOf(runs);
        if (runs.isEmpty()) {
            throw new IllegalArgumentException("A run group needs at least one run.");
        }
    }

    /**
     * Returns the settings of the group's first run; the others differ only in their seeds.
     *
     * @return the settings
     */
    public LotteryConfig config() {
        return runs.get(0).config();
    }

    /**
     * Returns a name for files and tables: the label made safe for file names, or {@code run}
     * for a group that is alone.
     *
     * @return letters, digits, dots and dashes
     */
    public String id() {
        String id = label.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9.]+", "-")
                .replaceAll("^-+|-+$", "");
        return id.isEmpty() ? "run" : id;
    }

    /**
     * Returns the name of a series of this group in a legend.
     *
     * @param variant the variant
     * @return e.g. {@code winning ticket} or {@code MXNet: random reinit}
     */
    public String seriesName(Variant variant) {
        String name = variant.label();
        return label.isEmpty() ? name : label + ": " + name;
    }

    /**
     * Returns the variants some run of the group has finished, the ticket first.
     *
     * @return the ticket, then the controls in the order the runs train them
     */
    public List<Variant> variants() {
        java.util.Set<Variant> out = new java.util.LinkedHashSet<>();
        out.add(Variant.TICKET);
        runs.forEach(r -> out.addAll(r.config().pruning().variants()));
        out.removeIf(v -> runs.stream().noneMatch(r -> r.summaries().stream()
                .anyMatch(s -> s.variant().equals(v))));
        return List.copyOf(out);
    }

    /**
     * Returns the levels whose ticket some run of the group has finished.
     *
     * @return the levels in increasing order
     */
    public List<Integer> ticketLevels() {
        TreeSet<Integer> levels = new TreeSet<>();
        runs.forEach(r -> levels.addAll(r.ticketLevels()));
        return List.copyOf(levels);
    }

    /**
     * Returns one point per level that some run finished for a variant, over the runs that
     * finished it: a run still in progress adds to the levels it has.
     *
     * @param variant the variant
     * @return the points, level by level
     */
    public List<LevelPoint> points(Variant variant) {
        TreeSet<Integer> levels = new TreeSet<>();
        for (RunRecord r : runs) {
            r.summaries().stream().filter(s -> s.variant().equals(variant))
                    .forEach(s -> levels.add(s.level()));
        }
        List<LevelPoint> out = new ArrayList<>();
        for (int level : levels) {
            List<LevelSummary> done = new ArrayList<>();
            for (RunRecord r : runs) {
                LevelSummary s = r.summary(level, variant);
                if (s != null) {
                    done.add(s);
                }
            }
            out.add(new LevelPoint(
                    level,
                    variant,
                    Stat.of(done.stream().mapToDouble(LevelSummary::weightsRemaining).toArray())
                            .mean(),
                    Stat.of(done.stream().mapToDouble(LevelSummary::earlyStopTestAccuracy)
                            .toArray()),
                    Stat.of(done.stream().mapToDouble(LevelSummary::finalTestAccuracy).toArray()),
                    Stat.of(done.stream().mapToDouble(s -> s.earlyStopStep()).toArray())));
        }
        return out;
    }

    /**
     * Returns the group's tickets on the chart of accuracy against inference time: one point per
     * level that some run both finished and measured, over those runs. Runs measured at another
     * batch than the group's first measured row are left out: their times are another quantity.
     *
     * @return the points, level by level; empty when no run of the group was measured
     */
    public List<InferencePoint> inferencePoints() {
        List<InferencePoint> out = new ArrayList<>();
        Integer batch = null;
        for (int level : ticketLevels()) {
            List<LevelSummary> done = new ArrayList<>();
            List<InferenceTime> times = new ArrayList<>();
            for (RunRecord r : runs) {
                LevelSummary s = r.summary(level, Variant.TICKET);
                InferenceTime t = r.inference(level);
                if (s == null || t == null) {
                    continue;
                }
                batch = batch == null ? t.batch() : batch;
                if (t.batch() == batch) {
                    done.add(s);
                    times.add(t);
                }
            }
            if (done.isEmpty()) {
                continue;
            }
            out.add(new InferencePoint(
                    level,
                    done.size(),
                    Stat.of(done.stream().mapToDouble(LevelSummary::weightsRemaining).toArray())
                            .mean(),
                    Stat.of(times.stream().mapToDouble(InferenceTime::macs).toArray()).mean(),
                    batch,
                    Stat.of(times.stream().mapToDouble(InferenceTime::msPerBatch).toArray()),
                    Stat.of(done.stream().mapToDouble(LevelSummary::earlyStopTestAccuracy)
                            .toArray())));
        }
        return out;
    }

    /**
     * Returns the test accuracy over training of one network, averaged over the runs at each
     * step where every run evaluated the test set (with {@code --test-every} some steps have a
     * validation evaluation only).
     *
     * @param level the level
     * @param variant the variant
     * @return the statistic at each step, in step order; empty when no run has the network
     */
    public SortedMap<Long, Stat> testAccuracyCurve(int level, Variant variant) {
        SortedMap<Long, List<Double>> byStep = new TreeMap<>();
        int trained = 0;
        for (RunRecord r : runs) {
            List<MetricsRow> rows = r.metrics(level, variant);
            trained += rows.isEmpty() ? 0 : 1;
            for (MetricsRow row : rows) {
                if (!Double.isNaN(row.testAccuracy())) {
                    byStep.computeIfAbsent(row.step(), s -> new ArrayList<>())
                            .add(row.testAccuracy());
                }
            }
        }
        SortedMap<Long, Stat> out = new TreeMap<>();
        final int all = trained;
        byStep.forEach((step, values) -> {
            if (values.size() == all) {
                out.put(step, Stat.of(values.stream().mapToDouble(Double::doubleValue)
                        .toArray()));
            }
        });
        return out;
    }
}

package io.ltq.experiments.report;

import io.ltq.experiments.lottery.LevelSummary;
import io.ltq.experiments.lottery.Variant;
import io.ltq.experiments.report.PairedComparison.Metric;
import java.util.ArrayList;
import java.util.List;

/**
 * The claims of a group of seeds checked rather than eyeballed: per pruned level, each variant
 * against every seed's own dense network and the ticket against each control, as paired
 * differences with their tests ({@link PairedTest}) and a reading ({@link Reading}).
 *
 * <p>Levels are nested — level L+1's mask is pruned from level L's network — so the levels of one
 * seed are not independent replicates, and a p-value is per level, not corrected for the many
 * levels tested. Only runs that finished both sides of a comparison take part in it.
 */
public final class SeedStatistics {

    /** What the numbers are and are not, as the report states it. */
    public static final String NOTE = "Paired over seeds: each difference is one seed's network"
            + " minus the same seed's dense network (level 0) or the same level's control, so"
            + " seed-to-seed variation cancels. p: Student's paired t-test, two-sided, the only"
            + " common test that can reach p < 0.05 with 3 to 5 seeds (the exact sign test, given"
            + " beside it, cannot go below 0.25 with 3 seeds or 0.0625 with 5); it assumes"
            + " roughly normal differences. Levels are nested (each level's mask is pruned from"
            + " the previous level's network), so they are not independent replicates, and each"
            + " p-value is for its level alone, uncorrected for the many levels. Reading: "
            + Reading.RULE + ".";

    private final List<PairedComparison> comparisons;

    private SeedStatistics(List<PairedComparison> comparisons) {
        this.comparisons = List.copyOf(comparisons);
    }

    /**
     * Pairs a group's seeds level by level.
     *
     * @param group runs of one configuration, one per seed
     * @return the comparisons; none when fewer than two runs finished a level and its dense one
     */
    public static SeedStatistics of(RunGroup group) {
        List<PairedComparison> out = new ArrayList<>();
        List<Variant> variants = group.variants();
        for (int level : group.ticketLevels()) {
            if (level == 0) {
                continue;
            }
            for (Metric metric : Metric.values()) {
                for (Variant v : variants) {
                    add(out, group, level, metric, v, null);
                }
                for (Variant control : variants.subList(1, variants.size())) {
                    add(out, group, level, metric, Variant.TICKET, control);
                }
            }
        }
        return new SeedStatistics(out);
    }

    private static void add(List<PairedComparison> out, RunGroup group, int level, Metric metric,
            Variant variant, Variant against) {
        List<double[]> pairs = new ArrayList<>();
        double remaining = 0;
        for (RunRecord r : group.runs()) {
            LevelSummary a = r.summary(level, variant);
            LevelSummary b = against == null ? r.summary(0, Variant.TICKET)
                    : r.summary(level, against);
            if (a != null && b != null) {
                pairs.add(new double[] {metric.of(a), metric.of(b)});
                remaining += a.weightsRemaining();
            }
        }
        if (pairs.size() < 2) {
            return;
        }
        double[] values = pairs.stream().mapToDouble(p -> p[0]).toArray();
        double[] base = pairs.stream().mapToDouble(p -> p[1]).toArray();
        double[] diff = new double[values.length];
        for (int i = 0; i < diff.length; i++) {
            diff[i] = values[i] - base[i];
        }
        out.add(new PairedComparison(level, remaining / pairs.size(), metric, variant, against,
                PairedTest.of(diff), against == null ? Reading.of(values, base) : null));
    }

    /**
     * Returns every comparison, level by level.
     *
     * @return the comparisons
     */
    public List<PairedComparison> comparisons() {
        return comparisons;
    }

    /**
     * Returns one comparison's levels.
     *
     * @param metric what is compared
     * @param variant the networks compared
     * @param against the variant subtracted, or {@code null} for the dense networks
     * @return its comparisons in level order
     */
    public List<PairedComparison> series(Metric metric, Variant variant, Variant against) {
        return comparisons.stream().filter(c -> c.metric() == metric
                && c.variant().equals(variant) && java.util.Objects.equals(c.against(), against))
                .toList();
    }

    /**
     * Returns the distinct comparisons, each once: every variant against the dense networks,
     * then the ticket against each control.
     *
     * @param metric what is compared
     * @return the comparisons of the first level that has each
     */
    public List<PairedComparison> kinds(Metric metric) {
        List<PairedComparison> out = new ArrayList<>();
        for (PairedComparison c : comparisons) {
            if (c.metric() == metric && out.stream().noneMatch(o -> o.variant()
                    .equals(c.variant()) && java.util.Objects.equals(o.against(), c.against()))) {
                out.add(c);
            }
        }
        return out;
    }

    /**
     * Returns the first level, in pruning order, read below the dense networks.
     *
     * @param series one comparison's levels (see {@link #series})
     * @return the level's comparison, or {@code null} when none is below
     */
    public static PairedComparison firstBelow(List<PairedComparison> series) {
        return series.stream().filter(c -> c.reading() == Reading.BELOW).findFirst()
                .orElse(null);
    }

    /**
     * Returns the longest run of consecutive levels in which every seed's difference has one
     * sign, for claims such as "earlier than its own dense network in all 30 seed-levels from
     * 41% to 5.6%".
     *
     * @param series one comparison's levels
     * @param positive {@code true} for differences above 0, {@code false} for below
     * @return the levels' comparisons, empty when no level has every seed on that side
     */
    public static List<PairedComparison> longestAgreement(List<PairedComparison> series,
            boolean positive) {
        List<PairedComparison> best = List.of();
        List<PairedComparison> current = new ArrayList<>();
        for (PairedComparison c : series) {
            int agreeing = positive ? c.test().positive() : c.test().negative();
            if (agreeing == c.test().count()) {
                current.add(c);
                if (current.size() > best.size()) {
                    best = List.copyOf(current);
                }
            } else {
                current.clear();
            }
        }
        return best;
    }
}

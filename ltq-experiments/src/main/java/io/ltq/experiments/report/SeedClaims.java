package io.ltq.experiments.report;

import io.ltq.experiments.lottery.Variant;
import io.ltq.experiments.report.PairedComparison.Metric;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The paper's claims as sentences read off a group's {@link SeedStatistics}, so that a report
 * states them from the numbers: down to which density each variant stays within its dense
 * networks' accuracy, where every seed stops earlier than its dense network, and where every
 * seed's ticket beats each control.
 */
final class SeedClaims {

    private SeedClaims() {}

    /**
     * Returns the claims of a group.
     *
     * @param st the group's statistics
     * @return one sentence per claim
     */
    static List<String> of(SeedStatistics st) {
        List<String> out = new ArrayList<>();
        for (PairedComparison k : st.kinds(Metric.ACCURACY)) {
            List<PairedComparison> series = st.series(Metric.ACCURACY, k.variant(), k.against());
            if (k.against() == null) {
                out.add(accuracyAgainstDense(k.variant(), series));
            } else {
                agreement(series, true).ifPresent(out::add);
            }
        }
        for (PairedComparison k : st.kinds(Metric.EARLY_STOP)) {
            agreement(st.series(Metric.EARLY_STOP, k.variant(), k.against()), false)
                    .ifPresent(out::add);
        }
        return out;
    }

    private static String accuracyAgainstDense(Variant v, List<PairedComparison> series) {
        PairedComparison below = SeedStatistics.firstBelow(series);
        String name = v.label();
        if (below == null) {
            PairedComparison last = series.get(series.size() - 1);
            return String.format(Locale.ROOT, "%s: never below dense, down to %s%% (level %d:"
                    + " %s).", name, LotteryCharts.percent(last.weightsRemaining()),
                    last.level(), cell(last));
        }
        int index = series.indexOf(below);
        String before = index == 0 ? "below dense already at the first level"
                : String.format(Locale.ROOT, "within or above dense down to %s%% (level %d)",
                        LotteryCharts.percent(series.get(index - 1).weightsRemaining()),
                        series.get(index - 1).level());
        long laterWithin = series.subList(index, series.size()).stream()
                .filter(c -> c.reading() != Reading.BELOW).count();
        return String.format(Locale.ROOT, "%s: %s; below dense from %s%% (level %d: %s)%s.",
                name, before, LotteryCharts.percent(below.weightsRemaining()), below.level(),
                cell(below), laterWithin == 0 ? " and at every level after it"
                        : "; " + laterWithin + " later level(s) read within dense again");
    }

    // The widest stretch of levels where every seed's difference has the claimed sign.
    private static java.util.Optional<String> agreement(List<PairedComparison> series,
            boolean positive) {
        List<PairedComparison> run = SeedStatistics.longestAgreement(series, positive);
        if (run.isEmpty()) {
            return java.util.Optional.empty();
        }
        PairedComparison first = run.get(0);
        PairedComparison last = run.get(run.size() - 1);
        int seedLevels = run.stream().mapToInt(c -> c.test().count()).sum();
        double worstP = run.stream().mapToDouble(c -> c.test().p()).max().orElse(Double.NaN);
        String what = first.metric() == Metric.EARLY_STOP
                ? (positive ? "stops later than" : "stops earlier than")
                : (positive ? "more accurate than" : "less accurate than");
        String other = first.against() == null ? "its own dense network"
                : first.against().label();
        return java.util.Optional.of(String.format(Locale.ROOT, "%s %s %s in all %d seed-levels"
                        + " from %s%% to %s%% (levels %d–%d; largest p over those levels %s).",
                first.variant().label(), what, other, seedLevels,
                LotteryCharts.percent(first.weightsRemaining()),
                LotteryCharts.percent(last.weightsRemaining()), first.level(), last.level(),
                p(worstP)));
    }

    /**
     * Formats one comparison for a table cell: mean (min…max), p, and the reading.
     *
     * @param c the comparison
     * @return e.g. {@code −0.05 (−0.56…+0.22), p 0.85, within}
     */
    static String cell(PairedComparison c) {
        PairedTest t = c.test();
        String format = c.metric() == Metric.ACCURACY ? "%+.2f (%+.2f…%+.2f)"
                : "%+,.0f (%+,.0f…%+,.0f)";
        String text = String.format(Locale.ROOT, format, t.mean(), t.min(), t.max()) + ", p "
                + p(t.p());
        return c.reading() == null ? text
                : text + ", " + c.reading().name().toLowerCase(Locale.ROOT);
    }

    static String p(double p) {
        if (Double.isNaN(p)) {
            return "–";
        }
        return p < 0.001 ? "<0.001" : String.format(Locale.ROOT, "%.3f", p);
    }
}

package io.ltq.experiments.report;

import io.ltq.experiments.lottery.Variant;

/**
 * One level's networks of one variant against their seeds' dense networks or against another
 * variant of the same level, difference by difference.
 *
 * @param level the level
 * @param weightsRemaining the mean percentage of weights the level keeps
 * @param metric what is compared
 * @param variant the networks compared
 * @param against the variant subtracted, or {@code null} for each seed's dense network (level 0)
 * @param test the paired differences, {@code variant − against}, and their tests
 * @param reading against the dense networks, with their noise as tolerance; {@code null} against
 *     another variant or with one seed
 */
public record PairedComparison(
        int level,
        double weightsRemaining,
        Metric metric,
        Variant variant,
        Variant against,
        PairedTest test,
        Reading reading) {

    /**
     * Returns what was subtracted from what, for tables.
     *
     * @return e.g. {@code ticket − dense} or {@code ticket − reinit}
     */
    public String comparison() {
        return variant + " − " + (against == null ? "dense" : against.name());
    }

    /** What a comparison compares. */
    public enum Metric {
        /** Test accuracy at the early-stop iteration, in percentage points. */
        ACCURACY("early-stop test accuracy", "points"),
        /** The iteration of minimum validation loss. */
        EARLY_STOP("early-stop iteration", "iterations");

        private final String label;
        private final String unit;

        Metric(String label, String unit) {
            this.label = label;
            this.unit = unit;
        }

        /**
         * Returns the quantity's name.
         *
         * @return e.g. {@code early-stop test accuracy}
         */
        public String label() {
            return label;
        }

        /**
         * Returns the differences' unit.
         *
         * @return {@code points} or {@code iterations}
         */
        public String unit() {
            return unit;
        }

        double of(io.ltq.experiments.lottery.LevelSummary s) {
            return this == ACCURACY ? 100 * s.earlyStopTestAccuracy() : s.earlyStopStep();
        }
    }
}

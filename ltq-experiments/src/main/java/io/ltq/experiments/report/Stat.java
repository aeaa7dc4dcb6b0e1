package io.ltq.experiments.report;

/**
 * The mean, minimum and maximum of one quantity over the seeds of a configuration: the papers
 * plot the mean with error bars from the minimum to the maximum.
 *
 * @param mean the mean
 * @param min the smallest value
 * @param max the largest value
 * @param count how many values, one per run
 */
public record Stat(double mean, double min, double max, int count) {

    /**
     * Summarizes values.
     *
     * @param values one value per run, at least one
     * @return their mean, minimum and maximum
     */
    public static Stat of(double... values) {
        if (values.length == 0) {
            throw new IllegalArgumentException("A statistic needs at least one value.");
        }
        double sum = 0;
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (double v : values) {
            sum += v;
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        return new Stat(sum / values.length, min, max, values.length);
    }

    /**
     * Returns whether there is a range to draw: several runs that do not all agree.
     *
     * @return {@code true} when an error bar would have length
     */
    public boolean hasSpread() {
        return count > 1 && max > min;
    }
}

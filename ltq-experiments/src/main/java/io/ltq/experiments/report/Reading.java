package io.ltq.experiments.report;

/**
 * Where a level's networks stand against their dense networks, read with the seeds' own noise
 * as the tolerance, the same rule for tickets and controls: below when every seed is below its
 * own dense network or the mean is below the lowest dense seed; above the other way round;
 * within otherwise. One seed has no noise to read against, so it gets no reading.
 */
public enum Reading {

    /** Every seed below its own dense network, or the mean below the lowest dense seed. */
    BELOW,

    /** Neither below nor above: within the dense seeds' noise. */
    WITHIN,

    /** Every seed above its own dense network, or the mean above the highest dense seed. */
    ABOVE;

    /** The rule as the report states it. */
    public static final String RULE = "below dense: every seed below its own dense network, or"
            + " the mean below the lowest dense seed; above dense: the other way round; within"
            + " dense otherwise (the dense seeds' range is the tolerance)";

    /**
     * Reads values against their dense networks', seed by seed.
     *
     * @param values one value per seed
     * @param dense the same seeds' dense values, in the same order
     * @return the reading, or {@code null} with fewer than two seeds
     */
    public static Reading of(double[] values, double[] dense) {
        if (values.length != dense.length) {
            throw new IllegalArgumentException(values.length + " values for " + dense.length
                    + " dense networks");
        }
        if (values.length < 2) {
            return null;
        }
        boolean allBelow = true;
        boolean allAbove = true;
        for (int i = 0; i < values.length; i++) {
            allBelow &= values[i] < dense[i];
            allAbove &= values[i] > dense[i];
        }
        Stat v = Stat.of(values);
        Stat d = Stat.of(dense);
        if (allBelow || v.mean() < d.min()) {
            return BELOW;
        }
        if (allAbove || v.mean() > d.max()) {
            return ABOVE;
        }
        return WITHIN;
    }
}

package io.ltq.experiments.lottery;

import ai.djl.training.tracker.Tracker;
import java.util.Arrays;

/**
 * A learning rate that drops by a constant factor at given steps — the schedule of the lottery
 * ticket papers. DJL's {@code MultiFactorTracker} gives the same values but refuses a single drop,
 * which a run rewound past all drops but one needs.
 *
 * <p>DJL counts updates from 1, so update n is step n − 1: the rate drops for update n when
 * n &gt; step, that is from the step itself on.
 */
public final class LearningRateDrops implements Tracker {

    private final float base;
    private final float factor;
    private final int[] steps;

    /**
     * Creates the schedule.
     *
     * @param base the rate before the first drop
     * @param factor what each drop multiplies the rate by, e.g. 0.1
     * @param steps the steps of the drops, ascending and positive
     */
    public LearningRateDrops(float base, float factor, int... steps) {
        for (int i = 0; i < steps.length; i++) {
            if (steps[i] <= 0 || (i > 0 && steps[i] <= steps[i - 1])) {
                throw new IllegalArgumentException(
                        "Learning-rate drops must be positive and increasing, got "
                                + Arrays.toString(steps) + ".");
            }
        }
        this.base = base;
        this.factor = factor;
        this.steps = steps.clone();
    }

    /** {@inheritDoc} */
    @Override
    public float getNewValue(int numUpdate) {
        float value = base;
        for (int step : steps) {
            if (numUpdate > step) {
                value *= factor;
            }
        }
        return value;
    }
}

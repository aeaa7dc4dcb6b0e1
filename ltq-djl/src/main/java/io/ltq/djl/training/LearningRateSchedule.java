package io.ltq.djl.training;

import ai.djl.training.tracker.Tracker;
import java.util.List;

/**
 * The learning rate of the lottery-ticket papers, by training step: an optional linear warmup
 * from 0 to the base rate, and drops by a constant factor at given steps, composed:
 * {@code rate(t) = base · factor^(drops ≤ t) · min(1, t / warmup)}.
 *
 * <p>The schedule is a function of the absolute step t, so training that starts at step k (a
 * ticket rewound to k, a run resumed) continues it where it was: give the start step, and DJL's
 * update count, which starts at 1 for every new optimizer, is read as t = start + update − 1.
 * DJL's {@code MultiFactorTracker} would refuse a single drop, and {@code WarmUpTracker} counts
 * from update 1, so neither continues a schedule from step k.
 *
 * <pre>
 * Tracker lr = LearningRateSchedule.builder()
 *         .setBaseRate(0.1f)
 *         .optWarmup(10_000)
 *         .optDrops(List.of(56_000L, 84_000L))
 *         .build();
 * </pre>
 */
public final class LearningRateSchedule implements Tracker {

    private final float base;
    private final float factor;
    private final long[] drops;
    private final long warmup;
    private final long startStep;

    private LearningRateSchedule(Builder b) {
        this.base = b.base;
        this.factor = b.factor;
        this.drops = b.drops;
        this.warmup = b.warmup;
        this.startStep = b.startStep;
    }

    /**
     * Returns a builder.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Returns the rate of the optimizer step that step {@code step} takes.
     *
     * @param step the training step, from 0
     * @return the rate
     */
    public float rateAt(long step) {
        // Multiplied drop by drop in float, the order in which earlier LTQ applied them, so runs
        // made before warmup existed keep their bits.
        float value = base;
        for (long drop : drops) {
            if (step >= drop) {
                value *= factor;
            }
        }
        if (warmup > 0 && step < warmup) {
            value *= (float) ((double) step / warmup);
        }
        return value;
    }

    /** {@inheritDoc} */
    @Override
    public float getNewValue(int numUpdate) {
        return rateAt(startStep + numUpdate - 1);
    }

    /** Configures a {@link LearningRateSchedule}. */
    public static final class Builder {

        private float base = Float.NaN;
        private float factor = 0.1f;
        private long[] drops = {};
        private long warmup;
        private long startStep;

        Builder() {}

        /**
         * Sets the rate after warmup and before the first drop.
         *
         * @param base the rate, positive
         * @return this builder
         */
        public Builder setBaseRate(float base) {
            this.base = base;
            return this;
        }

        /**
         * Sets the steps at which the rate is multiplied by the drop factor.
         *
         * @param drops positive, increasing steps
         * @return this builder
         */
        public Builder optDrops(List<Long> drops) {
            this.drops = drops.stream().mapToLong(Long::longValue).toArray();
            return this;
        }

        /**
         * Sets what each drop multiplies the rate by; 0.1 unless set.
         *
         * @param factor the factor, in (0, 1]
         * @return this builder
         */
        public Builder optDropFactor(float factor) {
            this.factor = factor;
            return this;
        }

        /**
         * Sets the number of warmup steps: the rate grows linearly from 0 at step 0 to the base
         * rate at this step. 0, the default, is no warmup.
         *
         * @param warmup steps, 0 or more
         * @return this builder
         */
        public Builder optWarmup(long warmup) {
            this.warmup = warmup;
            return this;
        }

        /**
         * Sets the step training starts from, where DJL's first update is.
         *
         * @param startStep the step, 0 or more
         * @return this builder
         */
        public Builder optStartStep(long startStep) {
            this.startStep = startStep;
            return this;
        }

        /**
         * Builds the schedule.
         *
         * @return the schedule
         * @throws IllegalArgumentException naming the first setting out of range
         */
        public LearningRateSchedule build() {
            if (!(base > 0)) {
                throw new IllegalArgumentException(
                        "The learning rate must be positive, got " + base + ".");
            }
            if (!(factor > 0 && factor <= 1)) {
                throw new IllegalArgumentException(
                        "A learning-rate drop multiplies by a factor in (0, 1], got " + factor
                                + ".");
            }
            for (int i = 0; i < drops.length; i++) {
                if (drops[i] <= 0 || (i > 0 && drops[i] <= drops[i - 1])) {
                    throw new IllegalArgumentException(
                            "Learning-rate drops must be positive and increasing, got "
                                    + java.util.Arrays.toString(drops) + ".");
                }
            }
            if (warmup < 0 || startStep < 0) {
                throw new IllegalArgumentException(
                        "Warmup and start step must be 0 or more, got " + warmup + " and "
                                + startStep + ".");
            }
            return new LearningRateSchedule(this);
        }
    }
}

package io.ltq.bench.quick;

import java.util.Arrays;

/**
 * Times one operation on its own: untimed warm-up calls, then timed calls, each preceded by an
 * untimed preparation (for example restoring the state the operation changes).
 */
public final class RepeatTimer {

    private final int warmup;
    private final int reps;

    /**
     * Creates a timer.
     *
     * @param warmup untimed calls first, 0 or more
     * @param reps timed calls, at least 1
     */
    public RepeatTimer(int warmup, int reps) {
        if (warmup < 0 || reps < 1) {
            throw new IllegalArgumentException(
                    "A timer needs 0 or more warm-up calls and at least one timed call, got "
                            + warmup + " and " + reps + ".");
        }
        this.warmup = warmup;
        this.reps = reps;
    }

    /**
     * Times an operation.
     *
     * @param prepare run before every call, untimed
     * @param op the operation
     * @return the wall time of each timed call
     */
    public Samples time(Runnable prepare, Runnable op) {
        for (int i = 0; i < warmup; i++) {
            prepare.run();
            op.run();
        }
        double[] ms = new double[reps];
        for (int i = 0; i < reps; i++) {
            prepare.run();
            long t0 = System.nanoTime();
            op.run();
            ms[i] = (System.nanoTime() - t0) / 1e6;
        }
        return new Samples(ms);
    }

    /**
     * Times an operation that needs no preparation.
     *
     * @param op the operation
     * @return the wall time of each timed call
     */
    public Samples time(Runnable op) {
        return time(() -> {}, op);
    }

    /**
     * Wall times of the timed calls.
     *
     * @param millis milliseconds per call, in call order
     */
    public record Samples(double[] millis) {

        /**
         * Returns the median.
         *
         * @return milliseconds
         */
        public double median() {
            return PairedTimer.median(millis);
        }

        /**
         * Returns the fastest call.
         *
         * @return milliseconds
         */
        public double min() {
            return Arrays.stream(millis).min().orElse(Double.NaN);
        }
    }
}

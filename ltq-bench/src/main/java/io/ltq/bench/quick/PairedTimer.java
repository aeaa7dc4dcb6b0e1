package io.ltq.bench.quick;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Times two variants of one operation side by side: after a warm-up of each, rounds alternate
 * between them (A then B, B then A, ...), each round a block of calls of one variant. The ratio is
 * the median over rounds of B's time per call over A's in the same round, so load that other
 * processes put on the machine hits both variants alike and drops out of the ratio.
 *
 * <p>Both wall time and the CPU time of the whole process (every thread: the engines' worker
 * threads too) are taken. The wall-time ratio is the median of the per-round ratios. The CPU-time
 * ratio is the ratio of the totals over all rounds instead, because on many Linux machines the
 * only process-wide CPU clock a JVM can read ticks every 10 ms, longer than a round: single
 * rounds then read 0 or 10 ms, while the totals, made of hundreds of ticks, are unbiased.
 *
 * <p>{@link #measureRoundRobin} times more than two variants the same way, each on its own.
 *
 * <pre>{@code
 * PairedTimer.Result r = PairedTimer.builder().optRounds(30).optCallsPerRound(20).build()
 *         .measure(dense::step, ticket::step);
 * double overhead = r.ratio();
 * }</pre>
 */
public final class PairedTimer {

    private final int warmupCalls;
    private final int rounds;
    private final int callsPerRound;

    private PairedTimer(Builder b) {
        this.warmupCalls = b.warmupCalls;
        this.rounds = b.rounds;
        this.callsPerRound = b.callsPerRound;
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
     * Times both variants.
     *
     * @param a the baseline
     * @param b the variant compared with it
     * @return medians per call and their ratio
     */
    public Result measure(Runnable a, Runnable b) {
        for (int i = 0; i < warmupCalls; i++) {
            a.run();
            b.run();
        }
        double[][] wall = new double[2][rounds];
        double[][] cpu = new double[2][rounds];
        double[][] faults = new double[2][rounds];
        double[] wallRatios = new double[rounds];
        for (int r = 0; r < rounds; r++) {
            if ((r & 1) == 0) {
                block(a, r, wall[0], cpu[0], faults[0]);
                block(b, r, wall[1], cpu[1], faults[1]);
            } else {
                block(b, r, wall[1], cpu[1], faults[1]);
                block(a, r, wall[0], cpu[0], faults[0]);
            }
            wallRatios[r] = wall[1][r] / wall[0][r];
        }
        double cpuA = sum(cpu[0]);
        double cpuB = sum(cpu[1]);
        return new Result(
                new Times(median(wall[0]), cpuA / rounds, sum(faults[0]) / rounds),
                new Times(median(wall[1]), cpuB / rounds, sum(faults[1]) / rounds),
                median(wallRatios),
                cpuA > 0 ? cpuB / cpuA : Double.NaN,
                rounds,
                callsPerRound);
    }

    /**
     * Times any number of variants round-robin: after a warm-up of each, every round times a
     * block of calls of each variant in turn, each round starting one variant later (with two,
     * the order of {@link #measure}), so that drift in the machine's speed over the run, and
     * the cost of going first, spread evenly over the variants. No ratio is taken: each
     * variant's wall time is its own median over rounds.
     *
     * @param variants the operations, at least one
     * @return each variant's times per call, in the order given
     */
    public List<Times> measureRoundRobin(List<? extends Runnable> variants) {
        int n = variants.size();
        if (n == 0) {
            throw new IllegalArgumentException("Nothing to time: give at least one variant.");
        }
        for (int i = 0; i < warmupCalls; i++) {
            variants.forEach(Runnable::run);
        }
        double[][] wall = new double[n][rounds];
        double[][] cpu = new double[n][rounds];
        double[][] faults = new double[n][rounds];
        for (int r = 0; r < rounds; r++) {
            for (int j = 0; j < n; j++) {
                int v = (r + j) % n;
                block(variants.get(v), r, wall[v], cpu[v], faults[v]);
            }
        }
        List<Times> out = new ArrayList<>();
        for (int v = 0; v < n; v++) {
            out.add(new Times(median(wall[v]), sum(cpu[v]) / rounds, sum(faults[v]) / rounds));
        }
        return out;
    }

    /**
     * Returns the untimed calls of each variant before timing.
     *
     * @return 0 or more
     */
    public int warmupCalls() {
        return warmupCalls;
    }

    /**
     * Returns the timed rounds of each variant.
     *
     * @return at least 1
     */
    public int rounds() {
        return rounds;
    }

    /**
     * Returns the calls of one variant in a round.
     *
     * @return at least 1
     */
    public int callsPerRound() {
        return callsPerRound;
    }

    /**
     * Returns how many calls of one variant {@link #measure} makes, warm-up included.
     *
     * @param measurements how many times {@code measure} will run with that variant
     * @return the number of calls
     */
    public int callsPerVariant(int measurements) {
        return measurements * (warmupCalls + rounds * callsPerRound);
    }

    /** Records the wall and process CPU nanoseconds per call over one block of calls. */
    private void block(Runnable op, int round, double[] wall, double[] cpu, double[] faults) {
        long f0 = ProcessCpu.minorFaults();
        long c0 = ProcessCpu.nanos();
        long t0 = System.nanoTime();
        for (int i = 0; i < callsPerRound; i++) {
            op.run();
        }
        long t1 = System.nanoTime();
        long c1 = ProcessCpu.nanos();
        long f1 = ProcessCpu.minorFaults();
        wall[round] = (double) (t1 - t0) / callsPerRound;
        cpu[round] = (double) (c1 - c0) / callsPerRound;
        faults[round] = (double) (f1 - f0) / callsPerRound;
    }

    private static double sum(double[] values) {
        double total = 0;
        for (double v : values) {
            total += v;
        }
        return total;
    }

    static double median(double[] values) {
        double[] s = values.clone();
        Arrays.sort(s);
        int n = s.length;
        return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
    }

    /**
     * Times per call of one variant.
     *
     * @param wallNanos wall-clock nanoseconds, the median over rounds
     * @param cpuNanos process CPU nanoseconds over all threads, the mean over rounds
     * @param minorFaults page faults of the process per call, the mean over rounds (0 where the
     *     OS does not tell): each is a page of memory the allocator handed back and took again
     */
    public record Times(double wallNanos, double cpuNanos, double minorFaults) {}

    /**
     * What {@link #measure} found.
     *
     * @param baseline the baseline's times per call
     * @param variant the variant's times per call
     * @param wallRatio the median over rounds of the variant's wall time over the baseline's
     * @param cpuRatio the variant's total process CPU time over the baseline's
     * @param rounds the rounds per variant
     * @param callsPerRound the calls per round
     */
    public record Result(
            Times baseline, Times variant, double wallRatio, double cpuRatio, int rounds,
            int callsPerRound) {}

    /** Configures a {@link PairedTimer}. */
    public static final class Builder {

        private int warmupCalls = 50;
        private int rounds = 20;
        private int callsPerRound = 20;

        private Builder() {}

        /**
         * Sets the untimed calls of each variant before timing.
         *
         * @param calls 0 or more; default 50
         * @return this builder
         */
        public Builder optWarmupCalls(int calls) {
            if (calls < 0) {
                throw new IllegalArgumentException("Warm-up calls cannot be negative: " + calls);
            }
            this.warmupCalls = calls;
            return this;
        }

        /**
         * Sets the timed rounds of each variant.
         *
         * @param rounds at least 1; default 20
         * @return this builder
         */
        public Builder optRounds(int rounds) {
            if (rounds < 1) {
                throw new IllegalArgumentException("At least one round is needed, got " + rounds);
            }
            this.rounds = rounds;
            return this;
        }

        /**
         * Sets the calls in one timed round.
         *
         * @param calls at least 1; default 20
         * @return this builder
         */
        public Builder optCallsPerRound(int calls) {
            if (calls < 1) {
                throw new IllegalArgumentException("A round needs at least one call, got " + calls);
            }
            this.callsPerRound = calls;
            return this;
        }

        /**
         * Builds the timer.
         *
         * @return the timer
         */
        public PairedTimer build() {
            return new PairedTimer(this);
        }
    }
}

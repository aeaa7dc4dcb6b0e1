package io.ltq.prune;

import io.ltq.mask.Mask;
import io.ltq.mask.MaskSet;
import java.util.Arrays;
import java.util.List;

/**
 * Removes the surviving weights of smallest magnitude, the pruning rule of the lottery-ticket
 * paper.
 *
 * <p>Each in-scope tensor with fraction {@code p} loses {@code Math.round(p * remaining)} of its
 * {@code remaining} surviving weights (halves round up: 0.2 of 7 removes 1, 0.5 of 5 removes 3).
 * In {@link PruningScope#GLOBAL} scope the in-scope tensors share one fraction and one threshold:
 * {@code Math.round(p * R)} weights go, where {@code R} counts the survivors of all of them.
 *
 * <p>Only surviving weights compete, so the new mask is always a subset of the current one: a
 * pruned weight never comes back, however large its value has become. Among weights of equal
 * magnitude at the threshold, the one with the lower row-major index goes first (in GLOBAL scope,
 * the one in the earlier tensor of the list first), so the result depends only on the weights, the
 * current masks and the settings.
 *
 * <p>The selection is linear: a two-pass radix select on the bits of {@code |w|} finds the exact
 * threshold without sorting, and the masks are read and written 64 bits at a time. Instances are
 * immutable and thread-safe.
 *
 * <pre>{@code
 * Pruner pruner = MagnitudePruner.builder()
 *         .optFraction(0.2)
 *         .optFraction(LayerKind.OUTPUT, 0.1)
 *         .build();
 * MaskSet next = pruner.prune(weights, current);
 * }</pre>
 */
public final class MagnitudePruner implements Pruner {

    /** Magnitude bits above this are NaN; {@code floatToRawIntBits(+inf)}. */
    private static final int INF_BITS = 0x7f800000;
    /** Pass 1 buckets on bits 16..30 of |w|, pass 2 on bits 0..15. */
    private static final int HIGH_BUCKETS = 1 << 15;

    private static final int LOW_BUCKETS = 1 << 16;

    private final PruningRates rates;

    private MagnitudePruner(PruningRates rates) {
        this.rates = rates;
    }

    /**
     * Returns a builder with the defaults: fraction 0.2 for DENSE, CONV and OUTPUT tensors, 0 for
     * OTHER, LAYERWISE scope.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Prunes the smallest surviving weights of every in-scope tensor.
     *
     * <p>Tensors whose fraction is 0 (excluded ones, OTHER by default) keep their mask unchanged
     * but still appear in the result. Masks of {@code current} whose tensor is not in {@code
     * weights} are copied unchanged to the end of the result.
     *
     * @param weights the prunable tensors, in network order
     * @param current the masks in force now; a tensor without one is treated as dense
     * @return the new masks, each a subset of the current one
     * @throws IllegalArgumentException when a mask's shape differs from its tensor's, a name
     *     repeats, a surviving weight of an in-scope tensor is NaN, or, in GLOBAL scope, the
     *     in-scope tensors have different fractions
     */
    @Override
    public MaskSet prune(List<WeightTensor> weights, MaskSet current) {
        PrunePlan plan = PrunePlan.of(weights, current, rates);
        Mask[] out = new Mask[plan.size()];
        long[] high = new long[HIGH_BUCKETS];
        long[] low = new long[LOW_BUCKETS];
        if (plan.scope() == PruningScope.GLOBAL) {
            pruneGlobal(plan, out, high, low);
        } else {
            for (int t = 0; t < plan.size(); t++) {
                if (plan.inScope(t)) {
                    out[t] = pruneOne(plan, t, high, low);
                }
            }
        }
        return plan.result(out);
    }

    private static Mask pruneOne(PrunePlan plan, int t, long[] high, long[] low) {
        WeightTensor w = plan.weight(t);
        long[] words = plan.mask(t).toWords();
        Arrays.fill(high, 0);
        // The histogram pass also looks for NaN, so it runs even when nothing is removed.
        highHistogram(w, words, high);
        long k = plan.layerwiseCount(t);
        if (k == 0) {
            return plan.mask(t);
        }
        if (k == plan.remaining(t)) {
            return Mask.fromWords(w.shape(), new long[words.length]);
        }
        Arrays.fill(low, 0);
        Threshold th = select(high, low, k, new float[][] {w.values()}, new long[][] {words});
        long[] ties = {k - th.below};
        removeBelow(w.values(), words, th.bits, ties);
        return Mask.fromWords(w.shape(), words);
    }

    private static void pruneGlobal(PrunePlan plan, Mask[] out, long[] high, long[] low) {
        int n = plan.size();
        int inScope = 0;
        for (int t = 0; t < n; t++) {
            if (plan.inScope(t)) {
                inScope++;
            }
        }
        float[][] values = new float[inScope][];
        long[][] words = new long[inScope][];
        int[] index = new int[inScope];
        for (int t = 0, i = 0; t < n; t++) {
            if (plan.inScope(t)) {
                values[i] = plan.weight(t).values();
                words[i] = plan.mask(t).toWords();
                index[i] = t;
                highHistogram(plan.weight(t), words[i], high);
                i++;
            }
        }
        long k = plan.globalCount();
        if (k == 0) {
            return;
        }
        if (k == plan.remainingInScope()) {
            for (int i = 0; i < inScope; i++) {
                long[] none = new long[words[i].length];
                out[index[i]] = Mask.fromWords(plan.weight(index[i]).shape(), none);
            }
            return;
        }
        Threshold th = select(high, low, k, values, words);
        // One tie budget for all tensors, spent in list order: earlier tensors lose ties first.
        long[] ties = {k - th.below};
        for (int i = 0; i < inScope; i++) {
            removeBelow(values[i], words[i], th.bits, ties);
            out[index[i]] = Mask.fromWords(plan.weight(index[i]).shape(), words[i]);
        }
    }

    /** The k-th smallest surviving magnitude, and how many survivors lie strictly below it. */
    private record Threshold(int bits, long below) {}

    /**
     * Finds the magnitude bits {@code T} of the k-th smallest surviving weight (1 <= k < total)
     * from the high histogram, then refines within its bucket with a second pass on the low bits.
     */
    private static Threshold select(
            long[] high, long[] low, long k, float[][] values, long[][] words) {
        long before = 0;
        int bucket = 0;
        while (before + high[bucket] < k) {
            before += high[bucket];
            bucket++;
        }
        for (int i = 0; i < values.length; i++) {
            lowHistogram(values[i], words[i], bucket, low);
        }
        int sub = 0;
        while (before + low[sub] < k) {
            before += low[sub];
            sub++;
        }
        return new Threshold((bucket << 16) | sub, before);
    }

    /** Pass 1: counts surviving weights by bits 16..30 of |w|; rejects NaN. */
    private static void highHistogram(WeightTensor tensor, long[] words, long[] high) {
        float[] v = tensor.values();
        // Stays non-negative unless some magnitude exceeds the bits of infinity, i.e. is NaN.
        int nan = 0;
        for (int wi = 0; wi < words.length; wi++) {
            long w = words[wi];
            int base = wi << 6;
            if (w == -1L) {
                // Dense words are the common case early on: a plain loop the JIT can unroll.
                for (int i = base; i < base + 64; i++) {
                    int b = Float.floatToRawIntBits(v[i]) & 0x7fffffff;
                    nan |= INF_BITS - b;
                    high[b >>> 16]++;
                }
            } else {
                while (w != 0) {
                    int i = base + Long.numberOfTrailingZeros(w);
                    w &= w - 1;
                    int b = Float.floatToRawIntBits(v[i]) & 0x7fffffff;
                    nan |= INF_BITS - b;
                    high[b >>> 16]++;
                }
            }
        }
        if (nan < 0) {
            throw new IllegalArgumentException(
                    "Tensor " + tensor.name() + " has NaN among its surviving weights: training"
                            + " diverged, so there is nothing meaningful to prune; fix the training"
                            + " run first.");
        }
    }

    /** Pass 2: counts the survivors of one high bucket by the low 16 bits of |w|. */
    private static void lowHistogram(float[] v, long[] words, int bucket, long[] low) {
        for (int wi = 0; wi < words.length; wi++) {
            long w = words[wi];
            int base = wi << 6;
            while (w != 0) {
                int i = base + Long.numberOfTrailingZeros(w);
                w &= w - 1;
                int b = Float.floatToRawIntBits(v[i]) & 0x7fffffff;
                if ((b >>> 16) == bucket) {
                    low[b & 0xffff]++;
                }
            }
        }
    }

    /**
     * Pass 3: clears, in place, the survivors with magnitude bits below {@code t}, and the first
     * {@code ties[0]} survivors (in index order) whose bits equal {@code t}.
     */
    private static void removeBelow(float[] v, long[] words, int t, long[] ties) {
        long left = ties[0];
        for (int wi = 0; wi < words.length; wi++) {
            long w = words[wi];
            if (w == 0) {
                continue;
            }
            int base = wi << 6;
            long drop = 0;
            long rest = w;
            while (rest != 0) {
                int j = Long.numberOfTrailingZeros(rest);
                rest &= rest - 1;
                int b = Float.floatToRawIntBits(v[base + j]) & 0x7fffffff;
                // Branch-free "b < t": both are non-negative, so the difference cannot overflow.
                drop |= (long) ((b - t) >>> 31) << j;
                if (b == t && left > 0) {
                    drop |= 1L << j;
                    left--;
                }
            }
            words[wi] = w & ~drop;
        }
        ties[0] = left;
    }

    /**
     * Describes the settings.
     *
     * @return for example {@code MagnitudePruner[scope=LAYERWISE, fraction=0.2, OUTPUT=0.1]}
     */
    @Override
    public String toString() {
        return "MagnitudePruner[" + rates.describe() + "]";
    }

    /** Configures a {@link MagnitudePruner}. Not thread-safe. */
    public static final class Builder extends PrunerBuilder<Builder> {

        private Builder() {}

        /** {@inheritDoc} */
        @Override
        protected Builder self() {
            return this;
        }

        /**
         * Builds the pruner.
         *
         * @return the pruner
         * @throws IllegalArgumentException when a fraction is outside [0, 1) or a pattern is not a
         *     valid regular expression
         */
        public MagnitudePruner build() {
            return new MagnitudePruner(rates());
        }
    }
}

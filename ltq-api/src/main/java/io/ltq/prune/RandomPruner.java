package io.ltq.prune;

import io.ltq.mask.Mask;
import io.ltq.mask.MaskSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * Removes as many weights as {@link MagnitudePruner} with the same settings would, but at uniformly
 * random surviving positions: the random-pruning control of the lottery-ticket paper.
 *
 * <p>Counts: in {@link PruningScope#LAYERWISE} scope each in-scope tensor loses {@code
 * Math.round(p_t * remaining_t)} weights. In {@link PruningScope#GLOBAL} scope the total {@code
 * Math.round(p * R)} is split over the in-scope tensors in proportion to their surviving weights,
 * by largest remainder: each gets {@code floor(total * remaining_t / R)}, and the tensors with the
 * largest fractional parts get one more each, earlier tensors first among equal parts.
 *
 * <p>Positions: tensor number {@code t} of the list draws from its own {@link SplittableRandom},
 * seeded from the seed and {@code t}, so the result is reproducible for a seed and one tensor's
 * draw does not depend on how many weights the others have or lose. Like every pruner it never
 * revives a pruned weight. Weight values are not read (NaN is allowed). Instances are immutable
 * and thread-safe.
 */
public final class RandomPruner implements Pruner {

    /** Salts that keep the streams of {@link #prune} and {@link #sameCounts} apart. */
    private static final long PRUNE_SALT = 0x5DEECE66DL;

    private static final long SAME_COUNTS_SALT = 0x2545F4914F6CDD1DL;

    private final PruningRates rates;
    private final long seed;

    private RandomPruner(PruningRates rates, long seed) {
        this.rates = rates;
        this.seed = seed;
    }

    /**
     * Returns a builder with the defaults: fraction 0.2 for DENSE, CONV and OUTPUT tensors, 0 for
     * OTHER, LAYERWISE scope, seed 0.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Prunes random surviving weights of every in-scope tensor.
     *
     * <p>Tensors whose fraction is 0 keep their mask unchanged but still appear in the result.
     * Masks of {@code current} whose tensor is not in {@code weights} are copied unchanged to the
     * end of the result.
     *
     * @param weights the prunable tensors, in network order; only names, kinds and shapes are used
     * @param current the masks in force now; a tensor without one is treated as dense
     * @return the new masks, each a subset of the current one
     * @throws IllegalArgumentException when a mask's shape differs from its tensor's, a name
     *     repeats, or, in GLOBAL scope, the in-scope tensors have different fractions
     */
    @Override
    public MaskSet prune(List<WeightTensor> weights, MaskSet current) {
        PrunePlan plan = PrunePlan.of(weights, current, rates);
        int n = plan.size();
        long[] counts;
        if (plan.scope() == PruningScope.GLOBAL) {
            counts = plan.splitProportionally(plan.globalCount());
        } else {
            counts = new long[n];
            for (int t = 0; t < n; t++) {
                counts[t] = plan.layerwiseCount(t);
            }
        }
        Mask[] out = new Mask[n];
        for (int t = 0; t < n; t++) {
            if (counts[t] == 0) {
                continue;
            }
            Mask m = plan.mask(t);
            SplittableRandom rng = stream(seed, t, PRUNE_SALT);
            long[] words = m.toWords();
            int remaining = Math.toIntExact(plan.remaining(t));
            int k = Math.toIntExact(counts[t]);
            // Choose ranks among the survivors, then walk the survivors to map ranks to positions.
            boolean pickDropped = k <= remaining - k;
            long[] picked = floyd(remaining, pickDropped ? k : remaining - k, rng);
            int rank = 0;
            for (int wi = 0; wi < words.length; wi++) {
                long w = words[wi];
                long drop = 0;
                while (w != 0) {
                    long bit = w & -w;
                    w ^= bit;
                    boolean chosen = (picked[rank >>> 6] & (1L << rank)) != 0;
                    if (chosen == pickDropped) {
                        drop |= bit;
                    }
                    rank++;
                }
                words[wi] &= ~drop;
            }
            out[t] = Mask.fromWords(m.getShape(), words);
        }
        return plan.result(out);
    }

    /**
     * Returns masks with the same tensors, shapes and kept counts as {@code reference}, but with
     * the kept weights at uniformly random positions of the whole tensor: the paper's control that
     * asks whether the winning ticket's structure matters or only its sparsity.
     *
     * @param reference the masks whose per-tensor kept counts to copy
     * @param seed the seed; tensor number {@code t} draws from its own stream seeded by it and
     *     {@code t}
     * @return the random masks, in the order of {@code reference}
     */
    public static MaskSet sameCounts(MaskSet reference, long seed) {
        Objects.requireNonNull(reference, "reference");
        Map<String, Mask> out = new LinkedHashMap<>();
        int t = 0;
        for (Map.Entry<String, Mask> e : reference.asMap().entrySet()) {
            Mask ref = e.getValue();
            int size = Math.toIntExact(ref.size());
            int kept = Math.toIntExact(ref.countKept());
            SplittableRandom rng = stream(seed, t++, SAME_COUNTS_SALT);
            // Draw whichever of kept and pruned is smaller, then complement when needed.
            boolean pickKept = kept <= size - kept;
            long[] words = floyd(size, pickKept ? kept : size - kept, rng);
            if (!pickKept) {
                for (int i = 0; i < words.length; i++) {
                    words[i] = ~words[i];
                }
                if (size % 64 != 0) {
                    words[words.length - 1] &= (1L << (size % 64)) - 1;
                }
            }
            out.put(e.getKey(), Mask.fromWords(ref.getShape(), words));
        }
        return MaskSet.of(out);
    }

    /**
     * Floyd's algorithm: a uniformly random {@code m}-subset of {@code [0, n)} as a bit set, in
     * O(m) draws and n/8 bytes.
     */
    private static long[] floyd(int n, int m, SplittableRandom rng) {
        long[] set = new long[(n + 63) >>> 6];
        for (int j = n - m; j < n; j++) {
            int r = rng.nextInt(j + 1);
            if ((set[r >>> 6] & (1L << r)) != 0) {
                r = j;
            }
            set[r >>> 6] |= 1L << r;
        }
        return set;
    }

    /** A stream for one tensor that depends on nothing but the seed, its index and the salt. */
    private static SplittableRandom stream(long seed, int index, long salt) {
        long z = seed ^ salt;
        z += 0x9E3779B97F4A7C15L * (index + 1L);
        // MurmurHash3's finalizer, so nearby seeds and indices give unrelated streams.
        z = (z ^ (z >>> 33)) * 0xff51afd7ed558ccdL;
        z = (z ^ (z >>> 33)) * 0xc4ceb9fe1a85ec53L;
        return new SplittableRandom(z ^ (z >>> 33));
    }

    /**
     * Describes the settings.
     *
     * @return for example {@code RandomPruner[scope=LAYERWISE, fraction=0.2, seed=0]}
     */
    @Override
    public String toString() {
        return "RandomPruner[" + rates.describe() + ", seed=" + seed + "]";
    }

    /** Configures a {@link RandomPruner}. Not thread-safe. */
    public static final class Builder extends PrunerBuilder<Builder> {

        private long seed;

        private Builder() {}

        /** {@inheritDoc} */
        @Override
        protected Builder self() {
            return this;
        }

        /**
         * Sets the seed of the random positions.
         *
         * @param seed any value; default 0
         * @return this builder
         */
        public Builder optSeed(long seed) {
            this.seed = seed;
            return this;
        }

        /**
         * Builds the pruner.
         *
         * @return the pruner
         * @throws IllegalArgumentException when a fraction is outside [0, 1) or a pattern is not a
         *     valid regular expression
         */
        public RandomPruner build() {
            return new RandomPruner(rates(), seed);
        }
    }
}

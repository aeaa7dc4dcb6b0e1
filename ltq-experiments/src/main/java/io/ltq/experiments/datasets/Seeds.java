package io.ltq.experiments.datasets;

/** Derives independent generator seeds from a base seed and counters such as epoch and batch. */
final class Seeds {

    private static final long GOLDEN_GAMMA = 0x9E3779B97F4A7C15L;

    private Seeds() {}

    /**
     * Folds counters into a seed so that nearby inputs, such as epochs 3 and 4 of one seed, give
     * unrelated generator streams.
     */
    static long derive(long seed, long... keys) {
        long h = mix64(seed);
        for (long key : keys) {
            h = mix64(h + GOLDEN_GAMMA * (key + 1));
        }
        return h;
    }

    /** The MurmurHash3 64-bit finalizer: a bijection that spreads every input bit. */
    static long mix64(long z) {
        z = (z ^ (z >>> 33)) * 0xff51afd7ed558ccdL;
        z = (z ^ (z >>> 33)) * 0xc4ceb9fe1a85ec53L;
        return z ^ (z >>> 33);
    }
}

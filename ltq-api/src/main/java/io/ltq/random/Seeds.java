package io.ltq.random;

/**
 * Derives independent generator seeds from a base seed and keys such as an epoch, a batch or a
 * parameter's name, so that every random draw of a run comes from a stream of its own.
 *
 * <p>{@code derive(seed, k1, k2, …)} is {@code h = mix64(seed)}, then for each key
 * {@code h = mix64(h + 0x9E3779B97F4A7C15 · (key + 1))}, with {@code mix64} the MurmurHash3 64-bit
 * finalizer. The result seeds a {@link java.util.SplittableRandom}. Nothing here depends on an
 * engine, a thread or the JVM, so the same keys give the same stream everywhere.
 */
public final class Seeds {

    private static final long GOLDEN_GAMMA = 0x9E3779B97F4A7C15L;

    private Seeds() {}

    /**
     * Folds keys into a seed so that nearby inputs, such as epochs 3 and 4 of one seed, give
     * unrelated generator streams.
     *
     * @param seed the base seed
     * @param keys the keys, in order
     * @return the derived seed
     */
    public static long derive(long seed, long... keys) {
        long h = mix64(seed);
        for (long key : keys) {
            h = mix64(h + GOLDEN_GAMMA * (key + 1));
        }
        return h;
    }

    /**
     * Folds a name into a seed: the name's UTF-8 bytes, eight at a time, as keys of {@link
     * #derive}, then its length.
     *
     * @param seed the base seed
     * @param name e.g. a parameter path such as {@code 01Linear_weight}
     * @return the derived seed
     */
    public static long derive(long seed, String name) {
        byte[] bytes = name.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        long h = mix64(seed);
        for (int i = 0; i < bytes.length; i += 8) {
            long word = 0;
            for (int j = i; j < Math.min(i + 8, bytes.length); j++) {
                word = (word << 8) | (bytes[j] & 0xff);
            }
            h = mix64(h + GOLDEN_GAMMA * (word + 1));
        }
        return mix64(h + GOLDEN_GAMMA * (bytes.length + 1L));
    }

    /**
     * The MurmurHash3 64-bit finalizer: a bijection that spreads every input bit.
     *
     * @param z the input
     * @return the mixed value
     */
    public static long mix64(long z) {
        z = (z ^ (z >>> 33)) * 0xff51afd7ed558ccdL;
        z = (z ^ (z >>> 33)) * 0xc4ceb9fe1a85ec53L;
        return z ^ (z >>> 33);
    }
}

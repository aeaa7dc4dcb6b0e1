package io.ltq.experiments.lottery;

/**
 * The seeds of a run's random streams ({@link io.ltq.random.Seeds} derives each stream from
 * them): runs that differ only here are repeats of one configuration.
 *
 * @param initSeed seed of the initial weights θ0 (the reinit control of level L uses {@code
 *     initSeed + 7919·L}, the random-pruning control {@code initSeed + 104729·L})
 * @param dataSeed seed of the training data order
 * @param splitSeed seed of the validation split
 */
public record SeedSettings(long initSeed, long dataSeed, long splitSeed) {

    /** Every seed 0. */
    public static final SeedSettings DEFAULTS = new SeedSettings(0, 0, 0);

    /**
     * Returns a copy with another init seed.
     *
     * @param value the new value
     * @return the new settings
     */
    public SeedSettings withInitSeed(long value) {
        return new SeedSettings(value, dataSeed, splitSeed);
    }

    /**
     * Returns a copy with another data seed.
     *
     * @param value the new value
     * @return the new settings
     */
    public SeedSettings withDataSeed(long value) {
        return new SeedSettings(initSeed, value, splitSeed);
    }

    /**
     * Returns a copy with another split seed.
     *
     * @param value the new value
     * @return the new settings
     */
    public SeedSettings withSplitSeed(long value) {
        return new SeedSettings(initSeed, dataSeed, value);
    }
}

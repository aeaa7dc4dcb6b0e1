package io.ltq.djl.structure;

import java.util.Locale;

/** Which channels of a residual network a structured ticket prunes. */
public enum ResidualChannels {
    /**
     * Li et al.'s (2017) choice: only the channels inside each residual block (the first
     * convolution's filters); the channels the additions join are kept.
     */
    INNER,
    /**
     * The channels inside each block, and each stage's channels shared by its additions, pruned
     * together across every convolution that writes or reads them.
     */
    SHARED;

    /**
     * Returns the name on the command line.
     *
     * @return {@code inner} or {@code shared}
     */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}

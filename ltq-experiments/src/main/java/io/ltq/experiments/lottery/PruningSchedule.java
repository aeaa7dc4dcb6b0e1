package io.ltq.experiments.lottery;

/**
 * Which trained weights each level's mask is pruned from. Both apply the pruner once per level
 * with the same rates, so level L keeps the same number of weights per layer either way; only the
 * weights that rank them differ.
 */
public enum PruningSchedule {

    /** Iterative pruning (IMP): level L's mask is pruned from level L−1's trained weights. */
    ITERATIVE,

    /**
     * One-shot pruning: every level's mask is pruned from the dense network's trained weights
     * (level 0), so level L is the network pruned at once to the density IMP reaches at level L
     * (the paper's Figure 4c compares the two).
     */
    ONE_SHOT
}

package io.ltq.prune;

/** Which weights compete with each other when a pruner picks the ones to remove. */
public enum PruningScope {
    /**
     * Every tensor is pruned on its own: each removes its own share of its surviving weights, with
     * a threshold of its own. This is what the lottery-ticket paper does, and it keeps small
     * layers from being emptied by large ones.
     */
    LAYERWISE,
    /**
     * All pruned tensors share one magnitude threshold: the share of surviving weights removed is
     * counted over all of them together, so layers whose weights are small lose more.
     */
    GLOBAL
}

/**
 * Choosing which weights to remove, with no engine involved: {@link io.ltq.prune.Pruner} maps
 * (weights, current masks) to smaller masks, {@link io.ltq.prune.MagnitudePruner} removes the
 * smallest surviving magnitudes (per tensor or across tensors, {@link io.ltq.prune.PruningScope})
 * and {@link io.ltq.prune.RandomPruner} removes random survivors, the control. Rates are set per
 * {@link io.ltq.prune.LayerKind} or parameter name through the shared {@link
 * io.ltq.prune.PrunerBuilder}. A mask is a pure function of its inputs: ties break by index.
 */
package io.ltq.prune;

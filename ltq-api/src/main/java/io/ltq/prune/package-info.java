/**
 * Choosing which weights to remove, with no engine involved: {@link io.ltq.prune.Pruner} maps
 * (weights, current masks) to smaller masks, {@link io.ltq.prune.MagnitudePruner} removes the
 * smallest surviving magnitudes (per tensor or across tensors, {@link io.ltq.prune.PruningScope})
 * and {@link io.ltq.prune.RandomPruner} removes random survivors, the control. Rates are set per
 * {@link io.ltq.prune.LayerKind} or parameter name through the shared {@link
 * io.ltq.prune.PrunerBuilder}. A mask is a pure function of its inputs: ties break by index.
 *
 * <h2>Writing a pruner of one's own</h2>
 *
 * <p>A pruner in any package reuses what the two built-in ones use. Its builder extends {@link
 * io.ltq.prune.PrunerBuilder}, which gives it the {@code optFraction}, {@code optExclude} and
 * {@code optScope} options, and hands {@link io.ltq.prune.PrunerBuilder#rates()} (an immutable
 * {@link io.ltq.prune.PruningRates}) to the pruner. Its {@code prune} starts with {@link
 * io.ltq.prune.PrunePlan#of}, which checks the inputs and resolves every tensor's current mask and
 * fraction; takes the number of weights to remove from {@link
 * io.ltq.prune.PrunePlan#layerwiseCount} or {@link io.ltq.prune.PrunePlan#globalCount}, so that
 * it removes exactly as many as the other pruners with the same rates; clears that many surviving
 * bits of {@link io.ltq.prune.PrunePlan#mask}; and returns {@link
 * io.ltq.prune.PrunePlan#result}, which passes excluded and untouched tensors through unchanged
 * and refuses a mask that revives a weight. Only the choice of which survivors go is its own.
 */
package io.ltq.prune;

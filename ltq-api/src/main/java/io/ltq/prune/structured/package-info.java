/**
 * Structured pruning, engine-free: whole neurons and channels scored by the norm of their own
 * weights ({@link io.ltq.prune.structured.StructuredPruner}), with each unit's coupled slices of
 * other tensors (bias, BatchNorm, the next layer's inputs) declared by {@link
 * io.ltq.prune.structured.UnitLayer} and {@link io.ltq.prune.structured.UnitSlice}. The masks it
 * makes are ordinary LTQ masks.
 */
package io.ltq.prune.structured;

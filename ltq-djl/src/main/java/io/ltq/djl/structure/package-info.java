/**
 * Structured tickets in DJL: {@link io.ltq.djl.structure.UnitStructure} reads which neurons or
 * channels a network's stack of blocks has and what each owns in other tensors, and makes the
 * compact network that computes what the masked one computes; {@link
 * io.ltq.djl.structure.NamedSequentialBlock} names the layers of such stacks.
 */
package io.ltq.djl.structure;

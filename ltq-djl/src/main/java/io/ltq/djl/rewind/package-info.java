/**
 * Rewinding on DJL: {@link io.ltq.djl.rewind.NDArrayRewinder} copies a block's parameters at step
 * k and writes {@code m ⊙ θk} back through a {@link io.ltq.djl.rewind.ParameterWriter}, which is
 * how a ticket also reaches the copies an open trainer updates.
 */
package io.ltq.djl.rewind;

/**
 * Which tensors of a DJL {@code Block} are prunable and of what kind: {@link
 * io.ltq.djl.params.PrunableParameters} finds the weights of {@code Linear} and convolution layers
 * (the last {@code Linear} is the output layer), names them as their masks are named, and reads
 * them as engine-free {@code WeightTensor}s for a pruner.
 */
package io.ltq.djl.params;

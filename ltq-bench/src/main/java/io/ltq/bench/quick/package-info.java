/**
 * {@code ltq bench}, the quick side-by-side measurements of LTQ against plain DJL (training-step
 * overhead, pruning, rewinding, mask storage, inference with compact structured tickets) and the
 * fixtures the JMH benchmarks of {@code io.ltq.bench} share with it: the training-step and
 * inference fixtures, VGG-sized parameter sets, paired timers.
 */
package io.ltq.bench.quick;

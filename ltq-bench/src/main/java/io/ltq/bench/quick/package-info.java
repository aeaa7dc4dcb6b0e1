/**
 * {@code ltq bench}, the quick side-by-side measurements of LTQ against plain DJL (training-step
 * overhead, pruning, rewinding, mask storage) and the fixtures the JMH benchmarks of {@code
 * io.ltq.bench} share with it: the training-step fixture, VGG-sized parameter sets, paired timers.
 */
package io.ltq.bench.quick;

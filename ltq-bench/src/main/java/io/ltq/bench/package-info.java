/**
 * JMH benchmarks of LTQ: training-step overhead over plain DJL, magnitude pruning and rewinding at
 * VGG-19 size, mask storage, inference with compact structured tickets. The build compiles them;
 * {@code ltq-bench/jmh} runs them, and {@code ltq bench} measures the same things with interleaved
 * variants. Results and commands are in {@code docs/performance.md}.
 */
package io.ltq.bench;

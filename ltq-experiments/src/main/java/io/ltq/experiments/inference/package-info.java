/**
 * Measured inference time of a run's finished ticket levels: {@link
 * io.ltq.experiments.inference.InferenceTime} (one level, a row of {@code
 * RUN/inference/inference.csv}) and {@link io.ltq.experiments.inference.InferenceMeasurement}
 * (how and where the rows were measured, {@code inference.json}, and the two files' writing and
 * reading). {@code ltq bench --only tickets} (module ltq-bench) writes them; {@code ltq report}
 * draws test accuracy against them.
 */
package io.ltq.experiments.inference;

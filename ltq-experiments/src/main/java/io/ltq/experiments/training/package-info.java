/**
 * Training for an exact number of optimizer steps, as the papers count them, with validation and
 * test evaluations at fixed intervals ({@link io.ltq.experiments.training.IterationTrainer},
 * {@link io.ltq.experiments.training.Evaluator}) and the metrics they record.
 */
package io.ltq.experiments.training;

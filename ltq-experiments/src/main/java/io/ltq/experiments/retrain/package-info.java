/**
 * Retraining a pruned network at equal budget three ways — weight rewinding, learning-rate
 * rewinding and fine-tuning ({@link io.ltq.experiments.retrain.RetrainingStudy}) — from a finished
 * run's weights.
 */
package io.ltq.experiments.retrain;

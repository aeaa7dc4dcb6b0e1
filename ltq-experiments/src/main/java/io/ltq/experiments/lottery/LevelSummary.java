package io.ltq.experiments.lottery;

import io.ltq.experiments.training.TrainingResult;
import io.ltq.mask.MaskSet;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What {@code summary.json} of one trained network records.
 *
 * @param level the pruning level
 * @param variant {@code ticket}, {@code reinit} or {@code random_prune}
 * @param weightsRemaining the percentage of prunable weights that survive
 * @param keptWeights surviving prunable weights
 * @param prunableWeights all prunable weights
 * @param layerDensity the surviving fraction of each prunable tensor
 * @param startStep the step training started from (the rewind step, or 0)
 * @param earlyStopStep the step of minimum validation loss
 * @param earlyStopTestAccuracy the test accuracy there
 * @param finalTestAccuracy the test accuracy at the end of training
 * @param trainMillis wall time in training steps
 * @param totalMillis wall time of the whole level, evaluation included
 */
public record LevelSummary(
        int level,
        String variant,
        double weightsRemaining,
        long keptWeights,
        long prunableWeights,
        Map<String, Double> layerDensity,
        long startStep,
        long earlyStopStep,
        double earlyStopTestAccuracy,
        double finalTestAccuracy,
        long trainMillis,
        long totalMillis) {

    /**
     * Summarizes a trained network.
     *
     * @param level the level
     * @param variant the variant name
     * @param masks the masks it trained with
     * @param startStep the step training started from
     * @param result the training outcome
     * @return the summary
     */
    public static LevelSummary of(
            int level, String variant, MaskSet masks, long startStep, TrainingResult result) {
        Map<String, Double> layers = new LinkedHashMap<>();
        masks.sparsity().forEach(r -> layers.put(r.name(), r.density()));
        return new LevelSummary(
                level,
                variant,
                100.0 * masks.density(),
                masks.countKept(),
                masks.totalWeights(),
                layers,
                startStep,
                result.earlyStopStep(),
                result.earlyStopTestAccuracy(),
                result.finalTestAccuracy(),
                result.trainMillis(),
                result.totalMillis());
    }
}

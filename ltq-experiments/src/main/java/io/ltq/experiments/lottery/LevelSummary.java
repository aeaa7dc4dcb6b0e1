package io.ltq.experiments.lottery;

import io.ltq.experiments.provenance.Provenance;
import io.ltq.experiments.training.TrainingResult;
import io.ltq.mask.MaskSet;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What {@code summary.json} of one trained network records.
 *
 * @param level the pruning level
 * @param variant the ticket, or the control trained on its mask
 * @param weightsRemaining the percentage of prunable weights that survive
 * @param keptWeights surviving prunable weights
 * @param prunableWeights all prunable weights
 * @param layerDensity the surviving fraction of each prunable tensor
 * @param startStep the step training started from (the rewind step, or 0)
 * @param earlyStopStep the step of minimum validation loss
 * @param earlyStopTestAccuracy the test accuracy there
 * @param finalTestAccuracy the test accuracy at the end of training
 * @param trainMillis wall time in training steps (forward, backward, optimizer step)
 * @param evalMillis wall time evaluating on the validation and test sets
 * @param totalMillis wall time of the training loop: steps, evaluation, reading batches
 * @param levelMillis wall time of the whole level for this network: setting masks and rewinding,
 *     the training loop, then pruning the next mask and saving masks, metrics and weights; 0 in
 *     summaries written before it was recorded
 * @param provenance the machine that trained this network; {@code null} in summaries written
 *     before it was recorded. A resumed run's levels may come from several machines.
 */
public record LevelSummary(
        int level,
        Variant variant,
        double weightsRemaining,
        long keptWeights,
        long prunableWeights,
        Map<String, Double> layerDensity,
        long startStep,
        long earlyStopStep,
        double earlyStopTestAccuracy,
        double finalTestAccuracy,
        long trainMillis,
        long evalMillis,
        long totalMillis,
        long levelMillis,
        Provenance provenance) {

    /**
     * Summarizes a trained network.
     *
     * @param level the level
     * @param variant the ticket or a control
     * @param masks the masks it trained with
     * @param startStep the step training started from
     * @param result the training outcome
     * @param levelMillis the wall time of the whole level for this network
     * @param provenance the machine that trained it
     * @return the summary
     */
    public static LevelSummary of(
            int level,
            Variant variant,
            MaskSet masks,
            long startStep,
            TrainingResult result,
            long levelMillis,
            Provenance provenance) {
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
                result.evalMillis(),
                result.totalMillis(),
                levelMillis,
                provenance);
    }

    /**
     * Returns the wall time per training iteration of the whole level, evaluation, pruning and
     * saving included.
     *
     * @param iterations the last step of training
     * @return milliseconds per iteration, or NaN when the level's time was not recorded
     */
    public double millisPerIteration(long iterations) {
        long steps = iterations - startStep;
        return levelMillis <= 0 || steps <= 0 ? Double.NaN : (double) levelMillis / steps;
    }

    /**
     * Returns the share of the level's wall time spent outside the training iterations (reading a
     * batch and taking the step): evaluation, setting masks and rewinding, pruning and saving.
     *
     * @return a fraction in [0, 1], or NaN when the level's time was not recorded
     */
    public double shareOutsideTraining() {
        if (levelMillis <= 0) {
            return Double.NaN;
        }
        long training = totalMillis - evalMillis;
        return Math.max(0, 1.0 - (double) training / levelMillis);
    }
}

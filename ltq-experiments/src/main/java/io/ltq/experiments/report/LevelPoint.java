package io.ltq.experiments.report;

import io.ltq.experiments.lottery.Variant;

/**
 * One point of the papers' plots: a variant at a pruning level, over the runs of one
 * configuration that finished it.
 *
 * @param level the pruning level
 * @param variant the ticket or a control
 * @param weightsRemaining the mean percentage of prunable weights that survive
 * @param earlyStopAccuracy the test accuracy at minimum validation loss (the papers' choice)
 * @param finalAccuracy the test accuracy at the end of training
 * @param earlyStopStep the step of minimum validation loss
 */
public record LevelPoint(
        int level,
        Variant variant,
        double weightsRemaining,
        Stat earlyStopAccuracy,
        Stat finalAccuracy,
        Stat earlyStopStep) {

    /**
     * Returns how many runs the point averages.
     *
     * @return the number of runs
     */
    public int runs() {
        return earlyStopAccuracy.count();
    }
}

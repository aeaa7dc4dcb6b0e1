package io.ltq.experiments.report;

/**
 * One level of a group's tickets on the chart of test accuracy against inference time: over the
 * runs of the group that finished the level and measured its inference time ({@code ltq bench
 * --only tickets}).
 *
 * @param level the pruning level
 * @param runs how many runs the point averages
 * @param weightsRemaining the mean percentage of prunable weights that survive
 * @param macs the mean multiply-accumulates per example of the networks timed
 * @param batch the examples of one timed forward pass
 * @param msPerBatch the runs' median milliseconds per forward pass of the batch
 * @param earlyStopAccuracy the runs' test accuracy at minimum validation loss
 */
public record InferencePoint(
        int level,
        int runs,
        double weightsRemaining,
        double macs,
        int batch,
        Stat msPerBatch,
        Stat earlyStopAccuracy) {}

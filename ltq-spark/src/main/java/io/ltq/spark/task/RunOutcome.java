package io.ltq.spark.task;

import java.io.Serializable;

/**
 * What a sweep's task reports back about its run: how the run's JVM ended, how long it took, and
 * the last level's results read from the run folder.
 *
 * @param name the run's name
 * @param exitCode the exit code of {@code ltq lottery}: 0 finished, 2 refused its settings
 * @param attempt which attempt of the task this was, from 1
 * @param host the executor's host
 * @param wallMillis the run's JVM from start to exit
 * @param trainingMillis the wall time the run folder's networks took to train, each level with
 *     its pruning and saving (summaries' {@code levelMillis}), levels of earlier attempts and
 *     earlier sweeps included
 * @param attemptTrainingMillis the part of {@code trainingMillis} this attempt's JVM trained:
 *     networks finished before it started (a resumed run's read-back levels) left out, so that
 *     {@code wallMillis - attemptTrainingMillis} is this JVM's time outside training
 * @param levels the run's last level
 * @param weightsRemaining percent of prunable weights left at the last level
 * @param earlyStopTestAccuracy the last level's test accuracy at early stop
 * @param finalTestAccuracy the last level's test accuracy at the end of training
 * @param message for a refused run, the sentence it ended with; empty otherwise
 */
public record RunOutcome(
        String name,
        int exitCode,
        int attempt,
        String host,
        long wallMillis,
        long trainingMillis,
        long attemptTrainingMillis,
        int levels,
        double weightsRemaining,
        double earlyStopTestAccuracy,
        double finalTestAccuracy,
        String message)
        implements Serializable {

    private static final long serialVersionUID = 1L;

    /**
     * Returns whether the run finished.
     *
     * @return {@code true} for exit code 0
     */
    public boolean finished() {
        return exitCode == 0;
    }
}

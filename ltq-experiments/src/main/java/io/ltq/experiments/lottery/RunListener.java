package io.ltq.experiments.lottery;

import io.ltq.experiments.provenance.Provenance;

/** Hears what a lottery run is doing, for progress bars, logs and JSON lines. */
public interface RunListener {

    /** A listener that ignores everything. */
    RunListener NONE = new RunListener() {};

    /**
     * A network starts training.
     *
     * @param level the level
     * @param variant {@code ticket}, {@code reinit} or {@code random_prune}
     * @param weightsRemaining the percentage of prunable weights that survive
     * @param startStep the first step
     * @param endStep the last step
     */
    default void onTrainingStart(
            int level, String variant, double weightsRemaining, long startStep, long endStep) {}

    /**
     * A step finished.
     *
     * @param step the steps done
     * @param endStep the last step
     */
    default void onStep(long step, long endStep) {}

    /**
     * A network finished training and its summary was written.
     *
     * @param summary the summary
     */
    default void onTrainingEnd(LevelSummary summary) {}

    /**
     * A finished network was found on disk and skipped.
     *
     * @param summary its summary
     */
    default void onSkipped(LevelSummary summary) {}

    /**
     * A run resumes on a machine other than the one it was started on (any field of the
     * provenance differs), before anything trains: the networks trained here will round
     * differently from those trained there, though the settings, θ0 and the masking rule are
     * the same. Only told when something is left to train.
     *
     * @param started the machine of {@code run.json}
     * @param here this machine
     */
    default void onOtherMachine(Provenance started, Provenance here) {}
}

package io.ltq.experiments.lottery;

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
}

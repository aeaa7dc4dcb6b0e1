package io.ltq.spark.index;

import io.ltq.experiments.lottery.LotteryConfig;
import java.util.List;
import java.util.Map;

/**
 * One run in {@code sweep.json}: where it is, what it is, how it went. Fields are as Gson writes
 * them; {@link SweepIndex} fills them in. {@code alone} is the shell command that runs the same
 * configuration by itself with the same files as a result: {@code ltq lottery} with the sweep's
 * engine threads, since an engine's parallel reductions round differently with another count.
 */
public final class RunEntry {

    /** Not started yet by this sweep. */
    public static final String PENDING = "pending";
    /** A task is running it. */
    public static final String RUNNING = "running";
    /** Its folder holds the finished run. */
    public static final String FINISHED = "finished";
    /** {@code ltq lottery} refused its settings (exit code 2); not retried. */
    public static final String REFUSED = "refused";
    /** Its task failed on every attempt Spark made; rerunning the sweep resumes it. */
    public static final String FAILED = "failed";

    String name;
    String folder;
    Map<String, String> values;
    List<String> command;
    String alone;
    LotteryConfig config;
    String status;
    boolean finishedBefore;
    int attempts;
    Integer exitCode;
    String host;
    Double wallSeconds;
    Double trainingSeconds;
    Double attemptTrainingSeconds;
    Integer levels;
    Double weightsRemaining;
    Double earlyStopTestAccuracy;
    Double finalTestAccuracy;
    String error;

    RunEntry() {}

    /**
     * Returns the run's name, its folder under the sweep's.
     *
     * @return e.g. {@code seed-3_rewind-500}
     */
    public String name() {
        return name;
    }

    /**
     * Returns the run's status.
     *
     * @return {@link #PENDING}, {@link #RUNNING}, {@link #FINISHED}, {@link #REFUSED} or {@link
     *     #FAILED}
     */
    public String status() {
        return status;
    }

    /**
     * Returns how many times a task started the run in this sweep.
     *
     * @return the attempts, 0 for a run finished before
     */
    public int attempts() {
        return attempts;
    }

    /**
     * Returns whether the run was finished before this sweep started, so that it was skipped.
     *
     * @return {@code true} when skipped
     */
    public boolean finishedBefore() {
        return finishedBefore;
    }

    void copyOutcome(RunEntry old) {
        exitCode = old.exitCode;
        host = old.host;
        wallSeconds = old.wallSeconds;
        trainingSeconds = old.trainingSeconds;
        attemptTrainingSeconds = old.attemptTrainingSeconds;
        levels = old.levels;
        weightsRemaining = old.weightsRemaining;
        earlyStopTestAccuracy = old.earlyStopTestAccuracy;
        finalTestAccuracy = old.finalTestAccuracy;
    }
}

package io.ltq.spark.task;

/**
 * A run's JVM ended abnormally (killed, crashed, out of memory, or exit code 1: LTQ's own
 * failure): the task fails with this, and Spark retries it, which resumes the run from its
 * folder. Its message is what the sweep shows.
 */
public final class RunDiedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what happened, with the run's log file
     */
    public RunDiedException(String message) {
        super(message);
    }
}

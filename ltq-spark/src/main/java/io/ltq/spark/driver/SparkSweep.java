package io.ltq.spark.driver;

import io.ltq.experiments.UserMistakeException;
import io.ltq.spark.grid.SweepRun;
import io.ltq.spark.task.RunOutcome;
import io.ltq.spark.task.RunTask;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.IntStream;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaFutureAction;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.scheduler.SparkListener;

/**
 * The Spark side of a sweep: the context, a probe that every executor can write the sweep's
 * folder, and one Spark job per run, so that a run that fails on every attempt fails its own job
 * and no other run's.
 */
final class SparkSweep implements AutoCloseable {

    private final JavaSparkContext context;
    private final long startMillis;

    private SparkSweep(JavaSparkContext context, long startMillis) {
        this.context = context;
        this.startMillis = startMillis;
    }

    /**
     * Starts Spark.
     *
     * @param conf the configuration
     * @param listener hears the scheduler's events from the start
     * @return the sweep's Spark
     */
    static SparkSweep start(SparkConf conf, SparkListener listener) {
        long t0 = System.nanoTime();
        JavaSparkContext context = new JavaSparkContext(conf);
        context.sc().addSparkListener(listener);
        return new SparkSweep(context, (System.nanoTime() - t0) / 1_000_000);
    }

    /**
     * Returns how long Spark took to start.
     *
     * @return milliseconds
     */
    long startMillis() {
        return startMillis;
    }

    /**
     * Returns the master Spark runs on.
     *
     * @return e.g. {@code local[2,4]}
     */
    String master() {
        return context.master();
    }

    /**
     * Returns the web UI's address, when it is on.
     *
     * @return the URL
     */
    Optional<String> uiUrl() {
        scala.Option<String> url = context.sc().uiWebUrl();
        return url.isDefined() ? Optional.of(url.get()) : Optional.empty();
    }

    /**
     * Returns the cores Spark can run tasks on at once.
     *
     * @return the default parallelism
     */
    int slots() {
        return context.defaultParallelism();
    }

    /**
     * Checks that every executor can write a folder, with one probe task per core.
     *
     * @param out the absolute folder
     * @throws UserMistakeException naming a host that cannot, and the fix
     */
    void checkExecutorsWrite(Path out) {
        String folder = out.toString();
        int n = Math.max(1, slots());
        List<String> problems = context.parallelize(new ArrayList<>(IntStream.range(0, n).boxed()
                .toList()), n).map(i -> {
                    String p = OutFolder.problem(Path.of(folder));
                    return p == null ? "" : InetAddress.getLocalHost().getHostName() + ": " + p;
                }).collect();
        Set<String> distinct = new LinkedHashSet<>(problems);
        distinct.remove("");
        if (!distinct.isEmpty()) {
            throw new UserMistakeException("--out " + out + " cannot be used by every"
                    + " executor (" + String.join("; ", distinct) + "): give a folder on a mount"
                    + " all executors share and can write, e.g. /shared/runs/" + out.getFileName()
                    + " (README: Sweeps).");
        }
    }

    /**
     * Submits a run as a job of one task.
     *
     * @param run the run
     * @param task what the task does
     * @return the job's future
     */
    JavaFutureAction<List<RunOutcome>> submit(SweepRun run, RunTask task) {
        context.setLocalProperty(TaskEvents.RUN_PROPERTY, run.name());
        context.setJobDescription("ltq " + run.command() + " " + run.name());
        try {
            return context.parallelize(List.of(run), 1).map(task).collectAsync();
        } finally {
            context.setLocalProperty(TaskEvents.RUN_PROPERTY, null);
        }
    }

    @Override
    public void close() {
        context.stop();
    }
}

package io.ltq.spark.driver;

import io.ltq.spark.grid.SweepRun;
import io.ltq.spark.index.RunEntry;
import io.ltq.spark.index.SweepIndex;
import io.ltq.spark.task.RunOutcome;
import io.ltq.spark.task.RunTask;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.spark.api.java.JavaFutureAction;

/**
 * Runs the runs of a sweep that are not finished, all submitted at once so that Spark keeps its
 * cores busy, and follows them to the end: the index is rewritten as runs start and end, a line
 * is printed for each, and an overall line with the ETA after each end and every minute.
 */
final class SweepRunner {

    private static final long POLL_MILLIS = 250;
    private static final long OVERALL_EVERY_MILLIS = 60_000;

    private final SparkSweep spark;
    private final TaskEvents events;
    private final SweepIndex index;
    private final SweepConsole console;
    private final TrainingCount trainings;
    private final long startNanos;

    SweepRunner(SparkSweep spark, TaskEvents events, SweepIndex index, SweepConsole console,
            TrainingCount trainings, long startNanos) {
        this.spark = spark;
        this.events = events;
        this.index = index;
        this.console = console;
        this.trainings = trainings;
        this.startNanos = startNanos;
    }

    /**
     * Runs the runs and waits for all of them.
     *
     * @param todo the runs not finished yet
     * @param task the task each runs
     * @return what the runs that finished or refused their settings reported; runs that failed
     *     on every attempt are in the index only
     * @throws IOException when the index cannot be written
     * @throws InterruptedException when the driver is interrupted
     */
    List<RunOutcome> run(List<SweepRun> todo, RunTask task)
            throws IOException, InterruptedException {
        List<RunOutcome> outcomes = new ArrayList<>();
        Map<String, JavaFutureAction<List<RunOutcome>>> pending = new LinkedHashMap<>();
        for (SweepRun run : todo) {
            pending.put(run.name(), spark.submit(run, task));
        }
        int doneAtStart = trainings.done();
        long lastOverall = System.nanoTime();
        while (!pending.isEmpty()) {
            Thread.sleep(POLL_MILLIS);
            boolean changed = false;
            for (String name : events.drainStarted()) {
                index.started(name);
                changed = true;
            }
            boolean ended = false;
            for (Iterator<Map.Entry<String, JavaFutureAction<List<RunOutcome>>>> it =
                    pending.entrySet().iterator(); it.hasNext(); ) {
                Map.Entry<String, JavaFutureAction<List<RunOutcome>>> e = it.next();
                if (!e.getValue().isDone()) {
                    continue;
                }
                it.remove();
                ended = true;
                try {
                    RunOutcome outcome = e.getValue().get().get(0);
                    outcomes.add(outcome);
                    index.ended(outcome);
                    console.ended(outcome);
                } catch (ExecutionException x) {
                    String why = failure(x);
                    index.failed(e.getKey(), why);
                    console.gaveUp(e.getKey(), why);
                }
            }
            if (changed || ended) {
                index.times(spark.startMillis(), millisSince(startNanos));
                index.write();
            }
            if (ended || System.nanoTime() - lastOverall > OVERALL_EVERY_MILLIS * 1_000_000) {
                lastOverall = System.nanoTime();
                overall(doneAtStart);
            }
        }
        return outcomes;
    }

    private void overall(int doneAtStart) {
        List<RunEntry> runs = index.runs();
        int finished = (int) runs.stream().filter(r -> r.status().equals(RunEntry.FINISHED))
                .count();
        int running = (int) runs.stream().filter(r -> r.status().equals(RunEntry.RUNNING))
                .count();
        int done = trainings.done();
        int total = Math.max(1, trainings.total());
        double elapsed = millisSince(startNanos) / 1000.0;
        double rate = (done - doneAtStart) / Math.max(1e-9, elapsed);
        double eta = done >= total ? 0 : rate > 0 ? (total - done) / rate : -1;
        console.overall(finished, running, runs.size(), (double) done / total, elapsed, eta);
    }

    /** The reason a run's job failed: the last attempt's own message where Spark passes it. */
    static String failure(ExecutionException e) {
        Throwable cause = e.getCause() == null ? e : e.getCause();
        String m = String.valueOf(cause.getMessage());
        String marker = "RunDiedException: ";
        int at = m.indexOf(marker);
        String line = at >= 0 ? m.substring(at + marker.length()) : m;
        return line.lines().findFirst().orElse(line).strip();
    }

    private static long millisSince(long nanos) {
        return (System.nanoTime() - nanos) / 1_000_000;
    }
}

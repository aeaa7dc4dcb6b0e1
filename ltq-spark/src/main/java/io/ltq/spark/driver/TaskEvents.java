package io.ltq.spark.driver;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.apache.spark.ExceptionFailure;
import org.apache.spark.TaskEndReason;
import org.apache.spark.TaskFailedReason;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerStageSubmitted;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.scheduler.SparkListenerTaskStart;

/**
 * Hears Spark's scheduler: which run each stage belongs to (the job's {@link #RUN_PROPERTY}), and
 * when a run's task starts or an attempt fails, which it prints at once and queues for the
 * driver's main thread. Works the same on a cluster, where tasks run elsewhere.
 */
final class TaskEvents extends SparkListener {

    /** The local property naming the run a job runs. */
    static final String RUN_PROPERTY = "ltq.sweep.run";

    private final SweepConsole console;
    private final int maxFailures;
    private final boolean showExecutor;
    private final Map<Integer, String> stageRuns = new ConcurrentHashMap<>();
    private final Queue<String> started = new ConcurrentLinkedQueue<>();

    /**
     * Creates the listener.
     *
     * @param console where lines go
     * @param maxFailures attempts Spark makes per task
     * @param showExecutor whether to name the executor (a cluster's; local mode has one)
     */
    TaskEvents(SweepConsole console, int maxFailures, boolean showExecutor) {
        this.console = console;
        this.maxFailures = maxFailures;
        this.showExecutor = showExecutor;
    }

    @Override
    public void onStageSubmitted(SparkListenerStageSubmitted e) {
        String run = e.properties() == null ? null : e.properties().getProperty(RUN_PROPERTY);
        if (run != null) {
            stageRuns.put(e.stageInfo().stageId(), run);
        }
    }

    @Override
    public void onTaskStart(SparkListenerTaskStart e) {
        String run = stageRuns.get(e.stageId());
        if (run == null) {
            return;
        }
        started.add(run);
        console.started(run, e.taskInfo().attemptNumber() + 1, showExecutor
                ? "executor " + e.taskInfo().executorId() + " (" + e.taskInfo().host() + ")" : "");
    }

    @Override
    public void onTaskEnd(SparkListenerTaskEnd e) {
        String run = stageRuns.get(e.stageId());
        TaskEndReason reason = e.reason();
        if (run == null || !(reason instanceof TaskFailedReason failed)) {
            return;
        }
        int attempt = e.taskInfo().attemptNumber() + 1;
        String why = reason instanceof ExceptionFailure x ? x.description()
                : failed.toErrorString().lines().findFirst().orElse("failed");
        console.attemptFailed(run, attempt, why, attempt < maxFailures);
    }

    /**
     * Returns the runs whose task started since the last call.
     *
     * @return run names, one per start
     */
    List<String> drainStarted() {
        List<String> out = new ArrayList<>();
        for (String s; (s = started.poll()) != null; ) {
            out.add(s);
        }
        return out;
    }
}

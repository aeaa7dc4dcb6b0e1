package io.ltq.spark.task;

import io.ltq.experiments.cli.Ltq;
import java.io.IOException;

/**
 * The main class of a run's own JVM: {@code ltq} itself ({@link Ltq#main}), unchanged, plus a
 * watch on standard input, which the sweep's task holds open. When the task's JVM dies (killed,
 * even with SIGKILL) the pipe closes and this JVM halts at once, as if killed too, so that no
 * orphaned run goes on writing a folder that the rerun or Spark's retry resumes. A run killed so
 * resumes like any other.
 */
public final class ChildMain {

    /** The exit code of a run that stopped because its task's JVM went away. */
    public static final int ORPHANED = 143;

    private ChildMain() {}

    /**
     * Watches standard input, then runs {@code ltq}.
     *
     * @param args the {@code ltq} arguments, e.g. {@code lottery --model lenet300 ...}
     */
    public static void main(String[] args) {
        Thread watch = new Thread(ChildMain::haltWhenOrphaned, "ltq-sweep-parent-watch");
        watch.setDaemon(true);
        watch.start();
        Ltq.main(args);
    }

    private static void haltWhenOrphaned() {
        try {
            while (System.in.read() >= 0) {
                // The task never writes; anything it did would be ignored.
            }
        } catch (IOException e) {
            // A broken pipe means the same as its end.
        }
        Runtime.getRuntime().halt(ORPHANED);
    }
}

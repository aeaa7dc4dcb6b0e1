package io.ltq.spark.driver;

import io.ltq.experiments.cli.Durations;
import io.ltq.spark.task.RunOutcome;
import java.io.PrintWriter;
import java.util.Locale;

/**
 * What a sweep tells the person who started it, one line at a time, on standard error: each run
 * as it starts, fails an attempt and finishes, and an overall line with a bar and the ETA.
 * Thread-safe: Spark's listener thread and the driver's main thread both print.
 */
public final class SweepConsole {

    private static final int BAR = 24;

    private final PrintWriter err;
    private final int nameWidth;
    private final long startNanos;

    /**
     * Creates the console.
     *
     * @param err where the lines go
     * @param nameWidth the width of the run-name column
     * @param startNanos when the sweep started ({@link System#nanoTime}); event lines begin with
     *     the time since, so that a start Spark reports before the driver sees the end that
     *     freed its core still reads in order
     */
    public SweepConsole(PrintWriter err, int nameWidth, long startNanos) {
        this.err = err;
        this.nameWidth = Math.max(4, Math.min(nameWidth, 48));
        this.startNanos = startNanos;
    }

    /**
     * Prints a line as it is.
     *
     * @param line the text
     */
    public synchronized void line(String line) {
        err.println(line);
        err.flush();
    }

    private void event(String text) {
        long s = (System.nanoTime() - startNanos) / 1_000_000_000L;
        line(String.format(Locale.ROOT, "%3d:%02d %s", s / 60, s % 60, text));
    }

    /**
     * A run's task started.
     *
     * @param name the run
     * @param attempt the attempt, from 1
     * @param where the executor, e.g. {@code driver} in local mode
     */
    public void started(String name, int attempt, String where) {
        event(String.format(Locale.ROOT, "[start ] %-" + nameWidth + "s attempt %d%s", name,
                attempt, where.isEmpty() ? "" : " on " + where));
    }

    /**
     * An attempt of a run failed.
     *
     * @param name the run
     * @param attempt the attempt that failed
     * @param why what it died of
     * @param retried whether Spark tries again
     */
    public void attemptFailed(String name, int attempt, String why, boolean retried) {
        event(String.format(Locale.ROOT, "[failed] %-" + nameWidth + "s attempt %d: %s%s", name,
                attempt, withoutName(name, why), retried ? "; Spark retries it, resuming its"
                        + " folder" : ""));
    }

    /**
     * A run ended: finished, or refused its settings.
     *
     * @param o what its task reported
     */
    public void ended(RunOutcome o) {
        if (!o.finished()) {
            event(String.format(Locale.ROOT, "[refused] %-" + nameWidth + "s %s", o.name(),
                    o.message()));
            return;
        }
        event(String.format(Locale.ROOT, "[done  ] %-" + nameWidth + "s %s (training %s):"
                        + " level %d, %.2f%% of weights, test accuracy %.2f%% at early stop,"
                        + " %.2f%% at the end", o.name(), Durations.format(o.wallMillis() / 1e3),
                Durations.format(o.trainingMillis() / 1e3), o.levels(), o.weightsRemaining(),
                100 * o.earlyStopTestAccuracy(), 100 * o.finalTestAccuracy()));
    }

    /**
     * A run failed on every attempt.
     *
     * @param name the run
     * @param why the last attempt's failure
     */
    public void gaveUp(String name, String why) {
        event(String.format(Locale.ROOT, "[gave up] %-" + nameWidth + "s %s", name,
                withoutName(name, why)));
    }

    /** A task's message starts with its run's name, which the line already shows. */
    private static String withoutName(String name, String why) {
        return why.startsWith(name + ": ") ? why.substring(name.length() + 2) : why;
    }

    /**
     * Prints the overall line.
     *
     * @param finished runs finished (before this sweep too)
     * @param running runs whose task is running
     * @param total runs in the grid
     * @param fraction the share of the grid's trainings done, in [0, 1]
     * @param elapsedSeconds since the sweep started
     * @param etaSeconds the estimate of the time left, negative when there is none yet
     */
    public void overall(int finished, int running, int total, double fraction,
            double elapsedSeconds, double etaSeconds) {
        int filled = (int) Math.round(BAR * Math.max(0, Math.min(1, fraction)));
        event(String.format(Locale.ROOT, "[sweep ] %d/%d runs finished, %d running [%s%s] %3.0f%%"
                        + " of trainings, %s elapsed, ETA %s", finished, total, running,
                "#".repeat(filled), "-".repeat(BAR - filled), 100 * fraction,
                Durations.format(elapsedSeconds),
                etaSeconds < 0 ? "-" : Durations.format(etaSeconds)));
    }
}

package io.ltq.experiments.cli;

import com.google.gson.Gson;
import com.google.gson.JsonObject;
import io.ltq.experiments.lottery.LevelSummary;
import io.ltq.experiments.lottery.LtqJson;
import io.ltq.experiments.lottery.RunListener;
import io.ltq.experiments.provenance.Provenance;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Shows a run's progress: a progress bar with ETA on a terminal (plain lines every few percent
 * otherwise), one JSON object per event on request, and a summary table at the end.
 */
final class ConsoleReporter implements RunListener {

    private static final Gson GSON = LtqJson.COMPACT;

    private final PrintWriter out;
    private final PrintWriter err;
    private final boolean json;
    private final boolean quiet;
    private final boolean terminal;
    private final List<LevelSummary> summaries = new ArrayList<>();
    private String label = "";
    private long startNanos;
    private long firstStep;
    private long lastPrintNanos;
    private int lastPercent = -1;
    private String header;

    ConsoleReporter(PrintWriter out, PrintWriter err, boolean json, boolean quiet) {
        this.out = out;
        this.err = err;
        this.json = json;
        this.quiet = quiet;
        this.terminal = System.console() != null;
    }

    /**
     * Sets a line that says what runs, shown on standard error before the first network trains or
     * is skipped: after every check, so that a refused run prints only its one sentence.
     */
    void announce(String line) {
        header = json || quiet ? null : line;
    }

    private void printHeader() {
        if (header != null) {
            err.println(header);
            err.flush();
            header = null;
        }
    }

    @Override
    public void onTrainingStart(
            int level, String variant, double remaining, long startStep, long endStep) {
        printHeader();
        label = String.format(Locale.ROOT, "level %2d %-12s %6.2f%%", level, variant, remaining);
        startNanos = System.nanoTime();
        firstStep = startStep;
        lastPercent = -1;
        if (json) {
            JsonObject o = new JsonObject();
            o.addProperty("event", "start");
            o.addProperty("level", level);
            o.addProperty("variant", variant);
            o.addProperty("weights_remaining", remaining);
            o.addProperty("start_step", startStep);
            o.addProperty("end_step", endStep);
            out.println(GSON.toJson(o));
            out.flush();
        }
    }

    @Override
    public void onStep(long step, long endStep) {
        if (quiet) {
            return;
        }
        long now = System.nanoTime();
        int percent = (int) (100 * (step - firstStep) / Math.max(1, endStep - firstStep));
        boolean due = terminal ? now - lastPrintNanos > 200_000_000L || step == endStep
                : percent / 10 != lastPercent / 10;
        if (!due) {
            return;
        }
        lastPrintNanos = now;
        lastPercent = percent;
        double elapsed = (now - startNanos) / 1e9;
        long done = step - firstStep;
        double eta = done == 0 ? 0 : elapsed / done * (endStep - step);
        int width = 30;
        int filled = width * percent / 100;
        String bar = "#".repeat(filled) + "-".repeat(width - filled);
        String line = String.format(Locale.ROOT, "%s [%s] %3d%% step %d/%d  %s elapsed, ETA %s",
                label, bar, percent, step, endStep, duration(elapsed), duration(eta));
        if (terminal) {
            err.print("\r" + line + (step == endStep ? "\n" : ""));
        } else {
            err.println(line);
        }
        err.flush();
    }

    @Override
    public void onTrainingEnd(LevelSummary s) {
        summaries.add(s);
        if (json) {
            JsonObject o = GSON.toJsonTree(s).getAsJsonObject();
            o.addProperty("event", "level");
            out.println(GSON.toJson(o));
            out.flush();
        }
    }

    /**
     * Says in one line, whatever {@code --quiet} or {@code --json} asks, that the levels trained
     * here will not be bit-identical to those trained where the run started; not an error.
     */
    @Override
    public void onOtherMachine(Provenance started, Provenance here) {
        printHeader();
        List<String> differ = here.differencesFrom(started);
        err.println("ltq: this run was started on " + started.describe(differ)
                + "; this machine is " + here.describe(differ) + ": levels trained here will"
                + " round differently (docs/architecture.md: Reproducibility)");
        err.flush();
    }

    @Override
    public void onSkipped(LevelSummary s) {
        printHeader();
        summaries.add(s);
        if (!quiet) {
            err.printf(Locale.ROOT, "level %2d %-12s already finished, skipped%n",
                    s.level(), s.variant());
        }
    }

    /**
     * Prints the table of every trained network, for people: accuracies, then the level's wall
     * time, its time per iteration and the share of it spent outside the training iterations
     * (evaluation, rewinding, pruning, saving).
     *
     * @param iterations the last training step of a level
     */
    void printTable(long iterations) {
        if (json) {
            return;
        }
        out.println();
        out.printf(Locale.ROOT, "%5s  %-12s  %9s  %10s  %12s  %9s  %8s  %8s  %7s%n",
                "level", "variant", "remaining", "early-stop", "test@early", "final", "time",
                "ms/iter", "outside");
        for (LevelSummary s : summaries) {
            double perIteration = s.millisPerIteration(iterations);
            double outside = s.shareOutsideTraining();
            long millis = s.levelMillis() > 0 ? s.levelMillis() : s.totalMillis();
            out.printf(Locale.ROOT, "%5d  %-12s  %8.2f%%  %10d  %11.2f%%  %8.2f%%  %8s  %8s  %7s%n",
                    s.level(), s.variant(), s.weightsRemaining(), s.earlyStopStep(),
                    100 * s.earlyStopTestAccuracy(), 100 * s.finalTestAccuracy(),
                    duration(millis / 1000.0),
                    Double.isNaN(perIteration)
                            ? "-" : String.format(Locale.ROOT, "%.2f", perIteration),
                    Double.isNaN(outside)
                            ? "-" : String.format(Locale.ROOT, "%.1f%%", 100 * outside));
        }
    }

    static String duration(double seconds) {
        return Durations.format(seconds);
    }
}

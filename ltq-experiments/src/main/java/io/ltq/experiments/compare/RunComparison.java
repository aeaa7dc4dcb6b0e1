package io.ltq.experiments.compare;

import io.ltq.experiments.lottery.LevelSummary;
import io.ltq.experiments.lottery.LotteryConfig;
import io.ltq.experiments.lottery.LotteryExperiment;
import io.ltq.experiments.lottery.RunDirectory;
import io.ltq.experiments.lottery.RunSession;
import io.ltq.files.AtomicFiles;
import io.ltq.mask.MaskSet;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Several runs of one experiment side by side — typically the same command on PyTorch and on
 * MXNet, or with different seeds: per level and per run the weights remaining, early-stop step,
 * test accuracies, milliseconds per training iteration, and how much each run's mask overlaps the
 * first run's (Jaccard index of the kept weights).
 *
 * <p>Only the levels every run has finished are compared. Nothing is trained; the runs are read.
 */
public final class RunComparison {

    /**
     * One run's result at one level.
     *
     * @param level the level
     * @param run the run's label (its folder name)
     * @param engine the run's engine
     * @param variant {@code ticket} or a control's name
     * @param weightsRemaining percent of prunable weights remaining
     * @param earlyStopStep the step of the lowest validation loss
     * @param earlyStopTestAccuracy test accuracy there
     * @param finalTestAccuracy test accuracy at the end
     * @param msPerIteration wall milliseconds per training step, evaluation excluded
     * @param maskJaccardWithFirst Jaccard index of this run's mask with the first run's, 1 for the
     *     first run itself
     */
    public record Row(
            int level,
            String run,
            String engine,
            String variant,
            double weightsRemaining,
            long earlyStopStep,
            double earlyStopTestAccuracy,
            double finalTestAccuracy,
            double msPerIteration,
            double maskJaccardWithFirst) {

        /** The header of {@link #toCsv()} rows. */
        public static final String CSV_HEADER =
                "level,run,engine,variant,weights_remaining,early_stop_step,"
                        + "early_stop_test_accuracy,final_test_accuracy,ms_per_iteration,"
                        + "mask_jaccard_with_first";

        /**
         * Formats this row as CSV.
         *
         * @return the row, without a line break
         */
        public String toCsv() {
            return String.format(Locale.ROOT, "%d,%s,%s,%s,%.4f,%d,%.6f,%.6f,%.4f,%.6f", level,
                    run, engine, variant, weightsRemaining, earlyStopStep, earlyStopTestAccuracy,
                    finalTestAccuracy, msPerIteration, maskJaccardWithFirst);
        }
    }

    private final List<RunDirectory> runs;
    private final List<LotteryConfig> configs = new ArrayList<>();

    /**
     * Opens the runs to compare.
     *
     * @param runs two or more run folders
     * @throws IOException when a run's settings cannot be read
     */
    public RunComparison(List<RunDirectory> runs) throws IOException {
        if (runs.size() < 2) {
            throw new IllegalArgumentException(
                    "ltq compare needs at least two run folders, got " + runs.size() + ".");
        }
        this.runs = List.copyOf(runs);
        for (RunDirectory dir : runs) {
            configs.add(RunSession.requireRun(dir));
        }
    }

    /**
     * Returns the settings in which each run differs from the first, e.g. {@code engine: PyTorch
     * → MXNet}; empty lists mean the same experiment.
     *
     * @return one list per run after the first
     */
    public List<List<String>> settingDifferences() {
        List<List<String>> out = new ArrayList<>();
        for (int i = 1; i < configs.size(); i++) {
            out.add(configs.get(i).differencesFrom(configs.get(0)));
        }
        return out;
    }

    /**
     * Reads the finished levels of every run and compares them.
     *
     * @return rows ordered by level, variant, then run
     * @throws IOException when a run's files cannot be read
     */
    public List<Row> rows() throws IOException {
        List<Row> rows = new ArrayList<>();
        for (int level = 0; allFinished(level); level++) {
            MaskSet first = runs.get(0).loadMasks(level, LotteryExperiment.TICKET);
            for (String variant : List.of(LotteryExperiment.TICKET, LotteryExperiment.REINIT,
                    LotteryExperiment.RANDOM_PRUNE)) {
                for (int i = 0; i < runs.size(); i++) {
                    RunDirectory dir = runs.get(i);
                    LevelSummary s = dir.readSummary(level, variant);
                    if (s == null) {
                        continue;
                    }
                    double jaccard = 1;
                    if (variant.equals(LotteryExperiment.TICKET) && i > 0) {
                        MaskSet mine = dir.loadMasks(level, variant);
                        if (!mine.names().equals(first.names())) {
                            throw new IllegalArgumentException(
                                    runs.get(0).root() + " and " + dir.root() + " train different"
                                            + " networks, so their masks cannot be compared:"
                                            + " compare runs of the same --model.");
                        }
                        jaccard = mine.jaccard(first);
                    }
                    long steps = Math.max(1, configs.get(i).iterations() - s.startStep());
                    rows.add(new Row(level, label(dir), configs.get(i).engine(), variant,
                            s.weightsRemaining(), s.earlyStopStep(), s.earlyStopTestAccuracy(),
                            s.finalTestAccuracy(), (double) s.trainMillis() / steps, jaccard));
                }
            }
        }
        if (rows.isEmpty()) {
            throw new IllegalArgumentException(
                    "The runs have no finished level in common: let ltq lottery finish level 0 of"
                            + " each first.");
        }
        return rows;
    }

    /**
     * Writes the rows as {@code comparison.csv} into a folder.
     *
     * @param rows the rows of {@link #rows()}
     * @param folder the folder, created when missing
     * @return the file written
     * @throws IOException when writing fails
     */
    public static Path writeCsv(List<Row> rows, Path folder) throws IOException {
        StringBuilder csv = new StringBuilder(Row.CSV_HEADER).append('\n');
        rows.forEach(r -> csv.append(r.toCsv()).append('\n'));
        Path file = folder.resolve("comparison.csv");
        AtomicFiles.writeString(file, csv.toString());
        return file;
    }

    private boolean allFinished(int level) throws IOException {
        for (RunDirectory dir : runs) {
            if (dir.readSummary(level, LotteryExperiment.TICKET) == null) {
                return false;
            }
        }
        return true;
    }

    private static String label(RunDirectory dir) {
        Path name = dir.root().toAbsolutePath().normalize().getFileName();
        return name == null ? dir.root().toString() : name.toString();
    }
}

package io.ltq.experiments.compare;

import io.ltq.experiments.lottery.RunFiles;
import io.ltq.experiments.UserMistakeException;
import io.ltq.experiments.lottery.LevelSummary;
import io.ltq.experiments.lottery.LotteryConfig;
import io.ltq.experiments.catalog.Catalog;
import io.ltq.experiments.lottery.LotteryExperiment;
import io.ltq.experiments.lottery.Network;
import io.ltq.experiments.lottery.Variant;
import io.ltq.experiments.lottery.RunDirectory;
import io.ltq.experiments.lottery.RunSession;
import io.ltq.files.AtomicFiles;
import io.ltq.files.Float32Npz;
import io.ltq.mask.MaskSet;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Several runs of one experiment side by side — typically the same command on PyTorch and on
 * MXNet, or with different seeds: per level and per run the weights remaining, early-stop step,
 * test accuracies, milliseconds per training iteration, and, against the first run, how much the
 * ticket's mask overlaps (Jaccard index of the kept weights), the largest difference of the
 * weights the level starts from and of the weights it ends with, and the difference in test
 * accuracy.
 *
 * <p>Two runs of one command with the same seeds start from the same θ0 on every engine, so on
 * PyTorch and MXNet the start difference of level 0 is exactly 0; what parts them afterwards is
 * the engines' float arithmetic (their kernels sum in different orders), which training
 * amplifies, and each level's mask is pruned from weights that differ a little more. Weights come
 * from the runs' {@code .npz} twins, or where those are missing (git leaves them out) from the
 * {@code .params} files through each run's engine; a run without either shows NaN there.
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
     * @param chanceJaccardWithFirst for tickets, the Jaccard index two independent random masks
     *     with these two masks' per-tensor kept counts would have on average (what masks found
     *     from unrelated initializations agree by); NaN for controls
     * @param startDifferenceWithFirst for tickets, the largest |Δ| between this run's and the first
     *     run's rewind point (θ0, or θk) over the weights both masks keep; NaN for controls or
     *     when a run has no saved weights
     * @param trainedDifferenceWithFirst for tickets, the largest |Δ| between the weights the level
     *     trained to ({@code level_NN/trained.params}); NaN for controls or when missing
     * @param accuracyDifferenceWithFirst this run's test accuracy at early stop minus the first
     *     run's, same level and variant
     */
    public record Row(
            int level,
            String run,
            String engine,
            Variant variant,
            double weightsRemaining,
            long earlyStopStep,
            double earlyStopTestAccuracy,
            double finalTestAccuracy,
            double msPerIteration,
            double maskJaccardWithFirst,
            double chanceJaccardWithFirst,
            double startDifferenceWithFirst,
            double trainedDifferenceWithFirst,
            double accuracyDifferenceWithFirst) {

        /** The header of {@link #toCsv()} rows. */
        public static final String CSV_HEADER =
                "level,run,engine,variant,weights_remaining,early_stop_step,"
                        + "early_stop_test_accuracy,final_test_accuracy,ms_per_iteration,"
                        + "mask_jaccard_with_first,chance_jaccard_with_first,"
                        + "start_max_abs_diff_with_first,"
                        + "trained_max_abs_diff_with_first,accuracy_diff_with_first";

        /**
         * Formats this row as CSV.
         *
         * @return the row, without a line break
         */
        public String toCsv() {
            return String.format(Locale.ROOT,
                    "%d,%s,%s,%s,%.4f,%d,%.6f,%.6f,%.4f,%.6f,%.6f,%s,%s,%.6f",
                    level, run, engine, variant, weightsRemaining, earlyStopStep,
                    earlyStopTestAccuracy, finalTestAccuracy, msPerIteration, maskJaccardWithFirst,
                    chanceJaccardWithFirst, exact(startDifferenceWithFirst),
                    exact(trainedDifferenceWithFirst),
                    accuracyDifferenceWithFirst);
        }

        // Differences as Java prints doubles: 0.0 stays 0.0 and 1.2E-8 is not rounded to 0.
        private static String exact(double d) {
            return Double.isNaN(d) ? "" : Double.toString(d);
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
            throw new UserMistakeException(
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

    // The ticket, then every control some run trains, in the order the runs train them.
    private List<Variant> variants() {
        java.util.Set<Variant> out = new java.util.LinkedHashSet<>();
        configs.forEach(c -> out.addAll(c.pruning().variants()));
        return List.copyOf(out);
    }

    // A run's network is only built where a weight file's NumPy twin is missing.
    private java.util.function.Supplier<Network> network(int run) {
        return () -> Catalog.discover().components(runs.get(run), configs.get(run)).network();
    }

    /**
     * Reads the finished levels of every run and compares them.
     *
     * @return rows ordered by level, variant, then run
     * @throws IOException when a run's files cannot be read
     */
    public List<Row> rows() throws IOException {
        List<Row> rows = new ArrayList<>();
        List<Map<String, Float32Npz.Tensor>> starts = new ArrayList<>();
        for (int i = 0; i < runs.size(); i++) {
            starts.add(runs.get(i).readTensors(configs.get(i).pruning().rewindStep() > 0
                    ? RunDirectory.REWIND : RunDirectory.INIT, configs.get(i),
                    network(i)));
        }
        for (int level = 0; allFinished(level); level++) {
            MaskSet first = runs.get(0).loadMasks(level, Variant.TICKET);
            Map<String, Float32Npz.Tensor> firstTrained =
                    runs.get(0).readTensors(RunFiles.trained(level),
                            configs.get(0), network(0));
            for (Variant variant : variants()) {
                LevelSummary firstSummary = runs.get(0).readSummary(level, variant);
                for (int i = 0; i < runs.size(); i++) {
                    RunDirectory dir = runs.get(i);
                    LevelSummary s = dir.readSummary(level, variant);
                    if (s == null) {
                        continue;
                    }
                    double jaccard = 1;
                    double chance = Double.NaN;
                    double start = Double.NaN;
                    double trained = Double.NaN;
                    if (variant.isTicket()) {
                        MaskSet mine = i == 0 ? first : dir.loadMasks(level, variant);
                        if (!mine.names().equals(first.names())) {
                            throw new UserMistakeException(
                                    runs.get(0).root() + " and " + dir.root() + " train different"
                                            + " networks, so their masks cannot be compared:"
                                            + " compare runs of the same --model.");
                        }
                        jaccard = mine.jaccard(first);
                        chance = chanceJaccard(first, mine);
                        start = difference(starts.get(0), starts.get(i), first, mine);
                        trained = difference(firstTrained,
                                dir.readTensors(RunFiles.trained(level),
                                        configs.get(i), network(i)), null, null);
                    }
                    double accuracy = firstSummary == null ? Double.NaN
                            : s.earlyStopTestAccuracy() - firstSummary.earlyStopTestAccuracy();
                    long steps =
                            Math.max(1, configs.get(i).training().iterations() - s.startStep());
                    rows.add(new Row(level, label(dir), configs.get(i).network().engine(), variant,
                            s.weightsRemaining(), s.earlyStopStep(), s.earlyStopTestAccuracy(),
                            s.finalTestAccuracy(), (double) s.trainMillis() / steps, jaccard,
                            chance, start, trained, accuracy));
                }
            }
        }
        if (rows.isEmpty()) {
            throw new UserMistakeException(
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
        Path file = folder.resolve("comparison.csv");
        AtomicFiles.writeString(file, csv(rows));
        return file;
    }

    /**
     * Formats a largest weight difference for people: exactly 0 stays {@code 0} (the point of the
     * column, never rounded into view), others in three significant digits, NaN as {@code —}.
     *
     * @param difference a difference of a row
     * @return the text
     */
    public static String formatDifference(double difference) {
        if (Double.isNaN(difference)) {
            return "—";
        }
        return difference == 0 ? "0" : String.format(Locale.ROOT, "%.2e", difference);
    }

    /**
     * Formats rows as the text of {@code comparison.csv}, header first.
     *
     * @param rows the rows of {@link #rows()}
     * @return the CSV text
     */
    public static String csv(List<Row> rows) {
        StringBuilder csv = new StringBuilder(Row.CSV_HEADER).append('\n');
        rows.forEach(r -> csv.append(r.toCsv()).append('\n'));
        return csv.toString();
    }

    /**
     * The expected Jaccard index of two independent uniformly random masks with the given masks'
     * kept counts per tensor: Σ n·a·b / Σ n·(a + b − a·b) for densities a and b of n weights.
     */
    static double chanceJaccard(MaskSet a, MaskSet b) {
        double both = 0;
        double either = 0;
        for (String name : a.names()) {
            double n = a.get(name).size();
            double da = a.get(name).density();
            double db = b.get(name).density();
            both += n * da * db;
            either += n * (da + db - da * db);
        }
        return either == 0 ? Double.NaN : both / either;
    }

    private static double difference(Map<String, Float32Npz.Tensor> a,
            Map<String, Float32Npz.Tensor> b, MaskSet maskA, MaskSet maskB) {
        return a == null || b == null ? Double.NaN : MaxWeightDifference.of(a, b, maskA, maskB);
    }

    private boolean allFinished(int level) throws IOException {
        for (RunDirectory dir : runs) {
            if (dir.readSummary(level, Variant.TICKET) == null) {
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

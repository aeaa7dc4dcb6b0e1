package io.ltq.experiments.report;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import io.ltq.experiments.lottery.RunFiles;
import io.ltq.experiments.UserMistakeException;
import io.ltq.experiments.compare.RunComparison;
import io.ltq.experiments.lottery.RunDirectory;
import io.ltq.files.AtomicFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * {@code ltq report}: reads run folders and writes one self-contained HTML page, with the PNGs,
 * CSV and JSON next to it. One run, several seeds of one configuration (averaged, with min–max
 * error bars) or a comparison of configurations (each its own series) all give one page. A
 * folder of runs, such as an {@code ltq sweep} folder, stands for the runs one level below it.
 *
 * <pre>
 * Report.Output out = Report.builder()
 *         .addRun(Path.of("runs/lenet-pt"))
 *         .addRun(Path.of("runs/lenet-mx"))
 *         .optOut(Path.of("compare/report.html"))
 *         .build()
 *         .write();
 * </pre>
 */
public final class Report {

    /** The page's file name when the output is given as a folder. */
    public static final String PAGE = "report.html";

    static {
        System.setProperty("java.awt.headless", "true");
    }

    private final List<Path> runs;
    private final Path page;

    private Report(Builder b) {
        this.runs = List.copyOf(b.runs);
        this.page = pagePath(b.out != null ? b.out : runs.get(0).resolve("report"));
    }

    /**
     * Returns a builder.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Returns where the page will be written.
     *
     * @return the HTML file; the other files go to its folder
     */
    public Path page() {
        return page;
    }

    /**
     * Reads the runs and computes everything the report shows, without writing anything.
     *
     * @return the content
     * @throws IOException when a run's files cannot be read
     * @throws UserMistakeException when a folder is not a run with a finished level, or a file
     *     of a run is damaged
     */
    public ReportData read() throws IOException {
        List<RunRecord> records = new ArrayList<>();
        Set<Path> seen = new HashSet<>();
        for (Path given : runs) {
            for (Path run : RunFolders.expand(given)) {
                // The same folder twice would count its seeds twice.
                if (seen.add(run.toAbsolutePath().normalize())) {
                    records.add(RunReader.read(run));
                }
            }
        }
        List<RunGroup> groups = RunGroups.of(records);
        List<CompressionTable> compression = new ArrayList<>();
        // Any engine will do, the network is only initialized to learn its layers' shapes; the
        // first run's engine is the one most surely installed.
        String engine = records.get(0).config().network().engine();
        try (NDManager manager = Engine.hasEngine(engine)
                ? NDManager.newBaseManager(Device.cpu(), engine) : NDManager.newBaseManager()) {
            for (RunGroup g : groups) {
                compression.add(CompressionTable.of(g, manager));
            }
        }
        List<ChartImage> lottery = List.of(
                LotteryCharts.accuracy(groups, true),
                LotteryCharts.accuracy(groups, false),
                LotteryCharts.earlyStopIteration(groups));
        ChartImage timed = LotteryCharts.accuracyAgainstInferenceTime(groups);
        List<ChartImage> inference = timed == null ? List.of() : List.of(timed);
        List<ChartImage> training = new ArrayList<>();
        UniqueNames names = new UniqueNames();
        for (RunGroup g : groups) {
            String name = groups.size() == 1 ? "training" : "training_" + g.id();
            training.add(LotteryCharts.training(g, names.of(name) + ".png"));
        }
        List<ChartImage> stability = new ArrayList<>();
        List<RunRecord> analysed = records.stream().filter(r -> !r.stability().isEmpty())
                .toList();
        for (RunRecord r : analysed) {
            String prefix = analysed.size() == 1 ? "" : names.of(safe(r.name())) + "_";
            for (int level : r.stability().stream().map(s -> s.level()).distinct().toList()) {
                stability.add(StabilityCharts.interpolation(r, level,
                        prefix + "interpolation_" + RunFiles.level(level) + ".png"));
            }
            stability.add(StabilityCharts.barriers(r, prefix + "barrier_vs_k.png"));
        }
        List<ChartImage> retraining = new ArrayList<>();
        List<RunRecord> retrained = records.stream().filter(r -> !r.retraining().isEmpty())
                .toList();
        for (RunRecord r : retrained) {
            String prefix = retrained.size() == 1 ? "" : names.of(safe(r.name())) + "_";
            for (int level : r.retraining().stream().map(x -> x.level()).distinct().sorted()
                    .toList()) {
                retraining.add(RetrainingCharts.accuracyByBudget(r, level,
                        prefix + "retraining_" + RunFiles.level(level) + ".png"));
            }
        }
        List<RunComparison.Row> comparison = comparison(records);
        List<ChartImage> comparisonCharts = comparison.isEmpty() ? List.of()
                : List.of(ComparisonCharts.maskAgreement(comparison));
        List<SeedStatistics> statistics = groups.stream().map(SeedStatistics::of).toList();
        return new ReportData(records, groups, compression, statistics,
                ConfigurationComparison.of(groups), lottery, inference,
                training, stability, retraining, comparison, comparisonCharts);
    }

    // Runs that cannot be put side by side (other networks, no level in common) are still
    // reported, just not compared.
    private static List<RunComparison.Row> comparison(List<RunRecord> records)
            throws IOException {
        if (records.size() < 2) {
            return List.of();
        }
        try {
            return new RunComparison(records.stream().map(r -> new RunDirectory(r.root()))
                    .toList()).rows();
        } catch (UserMistakeException e) {
            // A damaged file (a mistake found through its cause) is still the user's to mend.
            if (e.getCause() != null) {
                throw e;
            }
            return List.of();
        }
    }

    /**
     * Reads the runs and writes the page, the PNGs, the CSV and the JSON files.
     *
     * @return what was written
     * @throws IOException when reading or writing fails
     * @throws UserMistakeException when a folder is not a run with a finished level, or a file
     *     of a run is damaged
     */
    public Output write() throws IOException {
        ReportData data = read();
        Path dir = page.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        List<String> files = ReportFiles.write(dir, data);
        AtomicFiles.writeString(page, HtmlPage.render(data, files));
        return new Output(page, data);
    }

    private static Path pagePath(Path out) {
        String name = out.getFileName() == null ? "" : out.getFileName().toString()
                .toLowerCase(Locale.ROOT);
        if (name.endsWith(".html") || name.endsWith(".htm")) {
            return out;
        }
        if (Files.isRegularFile(out)) {
            throw new UserMistakeException(
                    "--out " + out + " is an existing file: give a folder, or a page name ending"
                            + " in .html.");
        }
        return out.resolve(PAGE);
    }

    private static String safe(String name) {
        String s = name.replaceAll("[^A-Za-z0-9._-]+", "-");
        return s.isEmpty() ? "run" : s;
    }

    /**
     * What {@link #write()} produced.
     *
     * @param page the HTML page
     * @param data the content shown on it
     */
    public record Output(Path page, ReportData data) {}

    /** Makes file names unique by numbering repeats: {@code a}, {@code a-2}, {@code a-3}. */
    private static final class UniqueNames {
        private final Map<String, Integer> used = new LinkedHashMap<>();

        String of(String name) {
            int n = used.merge(name, 1, Integer::sum);
            return n == 1 ? name : name + "-" + n;
        }
    }

    /** Configures a {@link Report}. */
    public static final class Builder {

        private final List<Path> runs = new ArrayList<>();
        private Path out;

        Builder() {}

        /**
         * Adds a run folder; runs of one configuration with different seeds are averaged, runs
         * of different configurations compared.
         *
         * @param run the {@code --out} folder of an {@code ltq lottery} run, or a folder of runs
         *     (an {@code ltq sweep} folder), which adds every run below it with a finished level
         * @return this builder
         */
        public Builder addRun(Path run) {
            runs.add(Objects.requireNonNull(run, "run"));
            return this;
        }

        /**
         * Sets where the report goes: a file name ending in {@code .html} for the page, with the
         * other files in its folder, or a folder for {@code report.html} and the rest. The
         * default is {@code report/} in the first run's folder.
         *
         * @param out the page or the folder
         * @return this builder
         */
        public Builder optOut(Path out) {
            this.out = Objects.requireNonNull(out, "out");
            return this;
        }

        /**
         * Builds the report.
         *
         * @return the report, not yet read or written
         * @throws UserMistakeException when no run was given, or the output is a file that
         *     is not a page
         */
        public Report build() {
            if (runs.isEmpty()) {
                throw new UserMistakeException(
                        "Give at least one run folder, e.g. ltq report runs/first-ticket.");
            }
            return new Report(this);
        }
    }
}

package io.ltq.spark.driver;

import io.ltq.experiments.UserMistakeException;
import io.ltq.experiments.cli.Durations;
import io.ltq.experiments.cli.RunCheck;
import io.ltq.spark.grid.Grid;
import io.ltq.spark.grid.GridArguments;
import io.ltq.spark.grid.GridFile;
import io.ltq.spark.grid.SweepRun;
import io.ltq.spark.index.RunEntry;
import io.ltq.spark.index.SweepIndex;
import io.ltq.spark.task.RunOutcome;
import io.ltq.spark.task.RunTask;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.apache.spark.SparkConf;

/**
 * Carries out {@code ltq sweep}: reads the grid, checks every run and where they go before
 * anything starts ({@link SweepPlan}), writes the index, starts Spark, checks that the executors
 * can write the sweep's folder, runs the runs that are not finished ({@link SweepRunner}) and
 * says how it went. Returns 0 when every run finished, 1 when some did not (rerunning resumes
 * them); a mistake in the input is a {@link UserMistakeException} with one sentence.
 *
 * <pre>
 * int code = Sweep.builder()
 *         .setOut(Path.of("runs/seeds"))
 *         .setGridArguments(List.of("--model", "lenet300", "--seed", "1,2,3"))
 *         .setOutput(out, err)
 *         .build()
 *         .run();
 * </pre>
 */
public final class Sweep {

    private final Builder b;

    private Sweep(Builder b) {
        this.b = b;
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
     * Runs the sweep.
     *
     * @return 0 when every run finished, 1 otherwise
     * @throws UserMistakeException for a mistake in the input, before anything starts
     * @throws IOException when a file cannot be read or written
     * @throws InterruptedException when interrupted while waiting for the runs
     */
    public int run() throws IOException, InterruptedException {
        long start = System.nanoTime();
        Grid grid = grid();
        if (grid.size() > b.limit && !b.yes) {
            throw new UserMistakeException("The grid expands to " + grid.size() + " runs,"
                    + " more than --limit " + b.limit + ": add --yes to start them all, or give"
                    + " fewer values.");
        }
        Path root = b.out.toAbsolutePath().normalize();
        List<SweepRun> runs = grid.runs(root);
        SweepPlan plan = SweepPlan.of(grid, runs, b.master, b.parallel, b.threads, b.retries,
                b.gpusPerRun);
        List<SweepRun> todo = plan.todo();
        SparkConf conf = conf(plan, root);
        if (b.dryRun) {
            printDryRun(plan, todo);
            return 0;
        }
        OutFolder.checkHere(root);
        try (SweepLock lock = SweepLock.take(root)) {
            return run(start, grid, runs, plan, todo, conf, root);
        }
    }

    private int run(long start, Grid grid, List<SweepRun> runs, SweepPlan plan,
            List<SweepRun> todo, SparkConf conf, Path root)
            throws IOException, InterruptedException {
        SweepIndex index = SweepIndex.start(root, grid, plan.master().url(), plan.threads());
        TrainingCount trainings = new TrainingCount();
        for (int i = 0; i < runs.size(); i++) {
            RunCheck.Checked c = plan.checked().get(i);
            index.add(runs.get(i), c.config(), c.finished());
            trainings.add(runs.get(i).folder(), c.config());
        }
        if (todo.isEmpty()) {
            index.times(0, millisSince(start));
            index.write();
            b.out().printf(Locale.ROOT, "ltq sweep: all %d runs in %s are finished; nothing to"
                    + " run. For charts: ltq report %s%n", runs.size(), root, b.out);
            b.out().flush();
            return 0;
        }
        int width = runs.stream().mapToInt(r -> r.name().length()).max().orElse(4);
        SweepConsole console = new SweepConsole(b.err, width, start);
        console.line(startLine(plan, runs.size(), todo.size(), root));
        TaskEvents events = new TaskEvents(console, plan.maxFailures(),
                !plan.master().isLocal());
        List<RunOutcome> outcomes;
        long sparkMillis;
        try (SparkSweep spark = SparkSweep.start(conf, events)) {
            sparkMillis = spark.startMillis();
            console.line(String.format(Locale.ROOT, "ltq sweep: Spark %s started in %.1f s on"
                    + " %s; web UI %s", org.apache.spark.package$.MODULE$.SPARK_VERSION(),
                    sparkMillis / 1000.0, spark.master(),
                    spark.uiUrl().orElse("off (--ui turns it on)")));
            spark.checkExecutorsWrite(root);
            index.times(sparkMillis, millisSince(start));
            index.write();
            outcomes = new SweepRunner(spark, events, index, console, trainings, start)
                    .run(todo, task(plan));
        }
        index.times(sparkMillis, millisSince(start));
        index.write();
        return summary(index, outcomes, sparkMillis, millisSince(start), root);
    }

    private Grid grid() throws IOException {
        Grid.Builder grid = b.gridFile != null ? GridFile.read(b.gridFile) : Grid.builder();
        if (b.command != null) {
            grid.setCommand(b.command);
        }
        GridArguments.addTo(b.gridArguments, grid);
        return grid.build();
    }

    private RunTask task(SweepPlan plan) {
        RunTask.Builder task = RunTask.builder().optThreads(plan.threads())
                .optJavaOptions(b.javaOptions);
        // DJL's settings (offline, the parameter server, cache folders) reach every run.
        System.getProperties().stringPropertyNames().stream()
                .filter(k -> k.startsWith("ai.djl.") || k.equals("offline"))
                .filter(k -> !k.startsWith("ai.djl.pytorch.num_"))
                .forEach(k -> task.addProperty(k, System.getProperty(k)));
        String glibc = System.getenv("GLIBC_TUNABLES");
        if (glibc != null) {
            task.addEnvironment("GLIBC_TUNABLES", glibc);
        }
        return task.build();
    }

    private SparkConf conf(SweepPlan plan, Path root) {
        SparkSettings.Builder conf = SparkSettings.builder()
                .optAppName("ltq sweep " + root.getFileName())
                .setThreads(plan.threads())
                .setMaxFailures(plan.maxFailures())
                .optUi(b.ui)
                .optLogLevel(b.sparkLogLevel)
                .optGpusPerRun(b.gpusPerRun)
                .optConf(b.conf);
        if (!plan.submitted()) {
            conf.setMaster(plan.master());
        }
        SparkConf built = conf.build();
        // Jars the user ships with --conf spark.jars replace the cluster jar.
        if (!plan.submitted() && !plan.master().isLocal() && !built.contains("spark.jars")) {
            built.set("spark.jars", clusterJar(plan.master()));
        }
        return built;
    }

    /** The shaded jar executors load when this JVM talks to a cluster itself. */
    private static String clusterJar(SparkMaster master) {
        try {
            Path here = Path.of(Sweep.class.getProtectionDomain().getCodeSource().getLocation()
                    .toURI());
            Path target = Files.isDirectory(here) ? here.getParent() : here.getParent();
            try (Stream<Path> files = Files.list(target)) {
                return files.filter(p -> p.getFileName().toString().matches(
                                "ltq-spark-.*-cluster\\.jar"))
                        .findFirst().map(Path::toString)
                        .orElseThrow(() -> noClusterJar(master));
            }
        } catch (URISyntaxException | IOException | RuntimeException e) {
            if (e instanceof UserMistakeException mistake) {
                throw mistake;
            }
            throw noClusterJar(master);
        }
    }

    private static UserMistakeException noClusterJar(SparkMaster master) {
        return new UserMistakeException("--master " + master + " runs the runs on executors,"
                + " which load LTQ from the cluster jar, and it is not built: build it with mvn -B"
                + " -Pcluster -DskipTests package and rerun, or submit that jar with spark-submit"
                + " (README: Sweeps).");
    }

    private String startLine(SweepPlan plan, int total, int todo, Path root) {
        String where = plan.master().isLocal()
                ? String.format(Locale.ROOT, "%s: %d at once, %d engine thread(s) each, each"
                        + " tried %s", plan.master(), plan.runsAtOnce(), plan.threads(),
                        plan.maxFailures() > 1 ? "up to " + plan.maxFailures() + " times"
                                : "once (local[N] never retries: give local[N,F])")
                : String.format(Locale.ROOT, "%s: %d engine thread(s) and task core(s) per run,"
                        + " each tried up to %d times", plan.master(), plan.threads(),
                        plan.maxFailures());
        return String.format(Locale.ROOT, "ltq sweep: %d runs of ltq %s (%d finished before, %d"
                + " to run) on %s; out %s", total, plan.grid().command(), total - todo, todo,
                where, root);
    }

    private void printDryRun(SweepPlan plan, List<SweepRun> todo) {
        PrintWriter out = b.out();
        out.printf(Locale.ROOT, "ltq sweep --dry-run: %d runs of ltq %s, %d to run, on %s"
                        + " (%d engine thread(s) each); nothing started.%n", plan.runs().size(),
                plan.grid().command(), todo.size(), plan.master(), plan.threads());
        for (int i = 0; i < plan.runs().size(); i++) {
            SweepRun r = plan.runs().get(i);
            out.printf(Locale.ROOT, "  %-9s %s%n    ltq %s%n",
                    plan.checked().get(i).finished() ? "finished" : "to run", r.name(),
                    String.join(" ", r.commandLine()));
        }
        out.flush();
    }

    private int summary(SweepIndex index, List<RunOutcome> outcomes, long sparkMillis,
            long wallMillis, Path root) {
        PrintWriter out = b.out();
        List<RunEntry> runs = index.runs();
        List<String> unfinished = new ArrayList<>();
        for (RunEntry r : runs) {
            if (!r.status().equals(RunEntry.FINISHED)) {
                unfinished.add(r.name() + " (" + r.status() + ")");
            }
        }
        long childWall = 0;
        long training = 0;
        int ran = 0;
        for (RunOutcome o : outcomes) {
            if (o.finished()) {
                childWall += o.wallMillis();
                training += o.attemptTrainingMillis();
                ran++;
            }
        }
        out.printf(Locale.ROOT, "ltq sweep: %d of %d runs finished in %s; Spark start-up %.1f s",
                runs.size() - unfinished.size(), runs.size(), Durations.format(wallMillis / 1e3),
                sparkMillis / 1000.0);
        if (ran > 0) {
            out.printf(Locale.ROOT, "; the %d runs' JVMs took %s, %s of it training (%.1f s per"
                    + " run outside training: JVM, engine and data start-up)", ran,
                    Durations.format(childWall / 1e3), Durations.format(training / 1e3),
                    (childWall - training) / 1000.0 / ran);
        }
        out.printf(Locale.ROOT, ".%nltq sweep: index %s; charts: ltq report %s%n",
                root.resolve(SweepIndex.FILE), b.out);
        out.flush();
        if (unfinished.isEmpty()) {
            return 0;
        }
        b.err.printf(Locale.ROOT, "ltq: %d of %d runs did not finish: %s; their logs are"
                + " sweep.log in their folders, and rerunning the same command resumes them.%n",
                unfinished.size(), runs.size(), String.join(", ", unfinished));
        b.err.flush();
        return 1;
    }

    private static long millisSince(long nanos) {
        return (System.nanoTime() - nanos) / 1_000_000;
    }

    /** Configures a {@link Sweep}. Not thread-safe. */
    public static final class Builder {

        private Path out;
        private Path gridFile;
        private String command;
        private List<String> gridArguments = List.of();
        private String master;
        private Integer parallel;
        private Integer threads;
        private int retries = 3;
        private int limit = 100;
        private boolean yes;
        private boolean dryRun;
        private boolean ui;
        private String sparkLogLevel = "warn";
        private Double gpusPerRun;
        private List<String> conf = List.of();
        private List<String> javaOptions = List.of();
        private PrintWriter stdout = new PrintWriter(System.out, true);
        private PrintWriter err = new PrintWriter(System.err, true);

        Builder() {}

        /**
         * Sets the sweep's folder.
         *
         * @param out the folder
         * @return this builder
         */
        public Builder setOut(Path out) {
            this.out = out;
            return this;
        }

        /**
         * Sets a JSON grid file.
         *
         * @param file the file, or {@code null} for none
         * @return this builder
         */
        public Builder optGridFile(Path file) {
            this.gridFile = file;
            return this;
        }

        /**
         * Sets the command of the runs, replacing the grid file's.
         *
         * @param command {@code lottery} or {@code oneshot}, or {@code null} to keep the file's
         *     (else {@code lottery})
         * @return this builder
         */
        public Builder optCommand(String command) {
            this.command = command;
            return this;
        }

        /**
         * Sets the run options of the command line, lists allowed.
         *
         * @param args e.g. {@code --seed 1,2,3 --engine PyTorch,MXNet}
         * @return this builder
         */
        public Builder setGridArguments(List<String> args) {
            this.gridArguments = List.copyOf(args);
            return this;
        }

        /**
         * Sets the Spark master.
         *
         * @param master the URL, or {@code null} for this machine's cores
         * @return this builder
         */
        public Builder optMaster(String master) {
            this.master = master;
            return this;
        }

        /**
         * Sets how many runs run at once in local mode.
         *
         * @param parallel the runs, or {@code null} for the default
         * @return this builder
         */
        public Builder optParallel(Integer parallel) {
            this.parallel = parallel;
            return this;
        }

        /**
         * Sets the engine threads of each run.
         *
         * @param threads the threads, or {@code null} for the default
         * @return this builder
         */
        public Builder optThreads(Integer threads) {
            this.threads = threads;
            return this;
        }

        /**
         * Sets how many times a run whose JVM died is tried again.
         *
         * @param retries 0 or more
         * @return this builder
         */
        public Builder setRetries(int retries) {
            this.retries = retries;
            return this;
        }

        /**
         * Sets the most runs a grid may expand to without being confirmed.
         *
         * @param limit the limit
         * @param yes whether a larger grid is confirmed
         * @return this builder
         */
        public Builder setLimit(int limit, boolean yes) {
            this.limit = limit;
            this.yes = yes;
            return this;
        }

        /**
         * Only checks and lists the runs.
         *
         * @param dryRun whether to start nothing
         * @return this builder
         */
        public Builder optDryRun(boolean dryRun) {
            this.dryRun = dryRun;
            return this;
        }

        /**
         * Keeps Spark's web UI on in local mode.
         *
         * @param ui whether to serve it
         * @return this builder
         */
        public Builder optUi(boolean ui) {
            this.ui = ui;
            return this;
        }

        /**
         * Sets what Spark logs in the driver.
         *
         * @param level a Log4j level name; {@code warn} by default
         * @return this builder
         */
        public Builder optSparkLogLevel(String level) {
            this.sparkLogLevel = level;
            return this;
        }

        /**
         * Sets the GPUs each run's task takes from a cluster's executors.
         *
         * @param gpus the amount, or {@code null} for none
         * @return this builder
         */
        public Builder optGpusPerRun(Double gpus) {
            this.gpusPerRun = gpus;
            return this;
        }

        /**
         * Sets extra Spark settings.
         *
         * @param conf {@code key=value} pairs
         * @return this builder
         */
        public Builder optConf(List<String> conf) {
            this.conf = List.copyOf(conf);
            return this;
        }

        /**
         * Sets JVM options of each run's JVM.
         *
         * @param options e.g. {@code -Xmx4g}
         * @return this builder
         */
        public Builder optJavaOptions(List<String> options) {
            this.javaOptions = List.copyOf(options);
            return this;
        }

        /**
         * Sets where the sweep writes: results on {@code out}, progress on {@code err}.
         *
         * @param out standard output
         * @param err standard error
         * @return this builder
         */
        public Builder setOutput(PrintWriter out, PrintWriter err) {
            this.stdout = out;
            this.err = err;
            return this;
        }

        PrintWriter out() {
            return stdout;
        }

        /**
         * Builds the sweep.
         *
         * @return the sweep
         * @throws UserMistakeException when no folder was given
         */
        public Sweep build() {
            if (out == null) {
                throw new UserMistakeException("Give the sweep a folder: --out runs/NAME.");
            }
            return new Sweep(this);
        }
    }
}

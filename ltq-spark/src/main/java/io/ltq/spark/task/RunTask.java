package io.ltq.spark.task;

import io.ltq.experiments.UserMistakeException;
import io.ltq.experiments.lottery.LevelSummary;
import io.ltq.experiments.lottery.LotteryConfig;
import io.ltq.experiments.lottery.Variant;
import io.ltq.experiments.lottery.RunDirectory;
import io.ltq.spark.grid.SweepRun;
import java.io.IOException;
import java.lang.ProcessBuilder.Redirect;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.Function;
import org.apache.spark.util.TaskCompletionListener;

/**
 * The Spark task of one run: starts {@code ltq lottery} (or {@code oneshot}) with the run's
 * options in a JVM of its own ({@link ChildJvm}), its output appended to {@code sweep.log} in the
 * run folder, waits for it and reports back ({@link RunOutcome}).
 *
 * <p>Each run gets its own JVM because DJL's PyTorch engine trains one network per JVM at a time
 * (a second concurrent training fails with "A PtGradientCollector is already collecting"), and
 * so that a crashed run cannot take the executor down. A run that dies (exit code other than 0
 * or 2: killed, crashed, or 1, LTQ's own failure, which {@code ltq} ends with a stack trace)
 * fails the task, and Spark's retry resumes the run from its folder; a run that refuses its
 * settings or files (exit code 2, a user's mistake in one sentence) would refuse them again, so
 * it is reported, not retried. When the task ends early (killed by Spark, its JVM gone) the
 * run's JVM is killed with it. GPUs that Spark assigned to the task ({@code
 * spark.task.resource.gpu.amount}) are the only ones the run's JVM sees ({@code
 * CUDA_VISIBLE_DEVICES}).
 *
 * <pre>
 * RunTask task = RunTask.builder().optThreads(2).optJavaOptions(List.of("-Xmx4g")).build();
 * javaSparkContext.parallelize(List.of(run), 1).map(task).collect();
 * </pre>
 */
public final class RunTask implements Function<SweepRun, RunOutcome> {

    /** The log of the run's JVM, in its run folder; every attempt appends to it. */
    public static final String LOG = "sweep.log";

    private static final long serialVersionUID = 1L;

    private final int threads;
    private final ArrayList<String> javaOptions;
    private final HashMap<String, String> properties;
    private final HashMap<String, String> environment;

    private RunTask(Builder b) {
        this.threads = b.threads;
        this.javaOptions = new ArrayList<>(b.javaOptions);
        this.properties = new HashMap<>(b.properties);
        this.environment = new HashMap<>(b.environment);
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
     * Runs one run in its own JVM and waits for it.
     *
     * @param run the run
     * @return how it ended, when it finished or refused its settings
     * @throws RunDiedException when its JVM ended otherwise, so that Spark retries the task
     * @throws IOException when the run folder or its log cannot be written
     */
    @Override
    public RunOutcome call(SweepRun run) throws IOException {
        TaskContext context = TaskContext.get();
        int attempt = context == null ? 1 : context.attemptNumber() + 1;
        Path folder = run.folder();
        Files.createDirectories(folder);
        Path log = folder.resolve(LOG);
        String host = hostName();
        List<String> cmd = ChildJvm.command(
                ChildJvm.classPath(Thread.currentThread().getContextClassLoader()), threads,
                javaOptions, properties, run.commandLine());
        append(log, String.format(Locale.ROOT, "== ltq sweep: %s, attempt %d on %s, %d engine"
                + " thread(s), %s%n== ltq %s%n", run.name(), attempt, host, threads,
                Instant.now(), String.join(" ", run.commandLine())));
        ProcessBuilder builder = new ProcessBuilder(cmd)
                .redirectErrorStream(true)
                .redirectOutput(Redirect.appendTo(log.toFile()));
        ChildJvm.environment(builder.environment(), threads);
        builder.environment().putAll(environment);
        if (context != null && context.resourcesJMap().containsKey("gpu")) {
            // The GPUs Spark gave this task (spark.task.resource.gpu.amount): --device gpu
            // trains on the first of them.
            builder.environment().put("CUDA_VISIBLE_DEVICES",
                    String.join(",", context.resourcesJMap().get("gpu").addresses()));
        }
        // Networks a resumed run reads back are not this JVM's training time.
        long trainedBefore;
        try {
            trainedBefore = trainedMillis(new RunDirectory(folder)).training();
        } catch (IOException | UserMistakeException damaged) {
            trainedBefore = 0; // the run's JVM refuses the damaged file in its own words
        }
        long start = System.nanoTime();
        Process process = builder.start();
        if (context != null) {
            // Killed or failed task: its run goes too (after a normal end there is nothing left).
            context.addTaskCompletionListener(new TaskCompletionListener() {
                @Override
                public void onTaskCompletion(TaskContext c) {
                    process.destroyForcibly();
                }
            });
        }
        int code;
        try {
            code = process.waitFor();
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new RunDiedException(run.name() + " was stopped with its task (see " + log
                    + ").");
        }
        long wall = (System.nanoTime() - start) / 1_000_000;
        append(log, String.format(Locale.ROOT, "== exit code %d after %.1f s%n", code,
                wall / 1000.0));
        if (code == 0) {
            return finished(run, attempt, host, wall, trainedBefore);
        }
        // 2: the run refused a mistake of the user's, and would again. Anything else (1: LTQ's
        // own failure, with its stack trace in the log) is retried, and the retry resumes.
        if (code == 2) {
            return new RunOutcome(run.name(), code, attempt, host, wall, 0, 0, 0, Double.NaN,
                    Double.NaN, Double.NaN, lastSentence(log));
        }
        throw new RunDiedException(run.name() + ": ltq " + run.command() + " " + exit(code)
                + " (attempt " + attempt + " on " + host + "; its output is in " + log + ").");
    }

    private static RunOutcome finished(SweepRun run, int attempt, String host, long wall,
            long trainedBefore) throws IOException {
        Trained t = trainedMillis(new RunDirectory(run.folder()));
        LevelSummary last = t.lastTicket();
        return new RunOutcome(run.name(), 0, attempt, host, wall, t.training(),
                t.training() - trainedBefore,
                last == null ? -1 : last.level(),
                last == null ? Double.NaN : last.weightsRemaining(),
                last == null ? Double.NaN : last.earlyStopTestAccuracy(),
                last == null ? Double.NaN : last.finalTestAccuracy(), "");
    }

    /** What a run folder's finished networks took to train, and its last finished ticket. */
    private record Trained(long training, LevelSummary lastTicket) {}

    private static Trained trainedMillis(RunDirectory dir) throws IOException {
        LotteryConfig config = dir.readConfig();
        if (config == null) {
            return new Trained(0, null);
        }
        long training = 0;
        LevelSummary last = null;
        for (int level = 0; level <= config.pruning().levels(); level++) {
            for (Variant variant : config.pruning().variants()) {
                LevelSummary s = dir.readSummary(level, variant);
                if (s == null) {
                    continue;
                }
                training += s.levelMillis() > 0 ? s.levelMillis() : s.totalMillis();
                if (variant.isTicket()) {
                    last = s;
                }
            }
        }
        return new Trained(training, last);
    }

    private static String exit(int code) {
        if (code > 128) {
            int signal = code - 128;
            String name = switch (signal) {
                case 9 -> " (SIGKILL: killed, or out of memory)";
                case 15 -> " (SIGTERM)";
                case 6 -> " (SIGABRT: a native crash)";
                case 11 -> " (SIGSEGV: a native crash)";
                default -> "";
            };
            return "was killed by signal " + signal + name;
        }
        return "exited with code " + code;
    }

    /** The last sentence ltq printed, "ltq: ...", for a run that refused its settings. */
    private static String lastSentence(Path log) throws IOException {
        List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
        for (int i = lines.size() - 1; i >= 0; i--) {
            if (lines.get(i).startsWith("ltq: ")) {
                return lines.get(i).substring(5);
            }
        }
        return "see " + log;
    }

    private static void append(Path log, String text) throws IOException {
        Files.writeString(log, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                StandardOpenOption.APPEND);
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "localhost";
        }
    }

    /** Configures a {@link RunTask}. Not thread-safe. */
    public static final class Builder {

        private int threads = 1;
        private List<String> javaOptions = List.of();
        private final Map<String, String> properties = new HashMap<>();
        private final Map<String, String> environment = new HashMap<>();

        Builder() {}

        /**
         * Sets the engine threads of each run.
         *
         * @param threads at least 1 (the default)
         * @return this builder
         */
        public Builder optThreads(int threads) {
            if (threads < 1) {
                throw new IllegalArgumentException("--threads must be 1 or more, got " + threads
                        + ".");
            }
            this.threads = threads;
            return this;
        }

        /**
         * Sets options for each run's JVM.
         *
         * @param javaOptions e.g. {@code -Xmx4g}
         * @return this builder
         */
        public Builder optJavaOptions(List<String> javaOptions) {
            this.javaOptions = List.copyOf(javaOptions);
            return this;
        }

        /**
         * Passes a system property on to each run's JVM.
         *
         * @param key the property
         * @param value its value
         * @return this builder
         */
        public Builder addProperty(String key, String value) {
            properties.put(key, value);
            return this;
        }

        /**
         * Sets an environment variable in each run's JVM.
         *
         * @param name the variable
         * @param value its value
         * @return this builder
         */
        public Builder addEnvironment(String name, String value) {
            environment.put(name, value);
            return this;
        }

        /**
         * Builds the task.
         *
         * @return the task, serializable
         */
        public RunTask build() {
            return new RunTask(this);
        }
    }
}

package io.ltq.spark.index;

import com.google.gson.Gson;
import com.google.gson.JsonParseException;
import io.ltq.experiments.UserMistakeException;
import io.ltq.experiments.lottery.LotteryConfig;
import io.ltq.experiments.lottery.LtqJson;
import io.ltq.experiments.lottery.RunDirectory;
import io.ltq.files.AtomicFiles;
import io.ltq.spark.grid.Grid;
import io.ltq.spark.grid.SweepRun;
import io.ltq.spark.task.RunOutcome;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The sweep's index, {@code sweep.json} in the sweep's folder: the grid, and per run its folder,
 * the values that set it apart, the {@code ltq} command line that runs it alone, its settings,
 * and how it went (status, attempts, exit code, times, last level's accuracy). The driver
 * rewrites it, atomically, as runs start and finish; the runs' own state is in their folders,
 * so a lost or deleted index is rebuilt by rerunning the sweep.
 *
 * <p>Not thread-safe: the driver's main thread owns it.
 */
public final class SweepIndex {

    /**
     * Where the runs' command lines run from, as the index says: their {@code --out} is
     * relative to the sweep's folder (format 2; format 1 held absolute paths).
     */
    static final String RUN_FROM = "the folder of this sweep.json";

    /** The index's file name in the sweep's folder. */
    public static final String FILE = "sweep.json";

    private static final Gson GSON = LtqJson.PRETTY;

    private final Path file;
    private final Contents contents;

    private SweepIndex(Path file, Contents contents) {
        this.file = file;
        this.contents = contents;
    }

    /**
     * Starts the index of a sweep, keeping what an earlier index says about runs finished
     * before.
     *
     * @param folder the sweep's folder
     * @param grid the grid
     * @param master where the runs go, e.g. {@code local[2,4]}
     * @param threadsPerRun engine threads of each run
     * @return the index, not yet written
     * @throws IOException when an earlier index exists but is damaged
     */
    public static SweepIndex start(Path folder, Grid grid, String master, int threadsPerRun)
            throws IOException {
        Path file = folder.resolve(FILE);
        Map<String, RunEntry> before = new LinkedHashMap<>();
        Contents earlier = read(file);
        if (earlier != null && earlier.runs != null) {
            earlier.runs.forEach(r -> before.put(r.name, r));
        }
        Contents c = new Contents();
        c.command = grid.command();
        c.axes = grid.axes();
        c.options = grid.options();
        c.master = master;
        c.threadsPerRun = threadsPerRun;
        c.started = Instant.now().toString();
        c.earlier = before;
        return new SweepIndex(file, c);
    }

    /**
     * Reads an index.
     *
     * @param file the {@code sweep.json}
     * @return its contents, or {@code null} when there is none
     * @throws IOException when it exists but cannot be read
     * @throws UserMistakeException when it exists but is damaged
     */
    static Contents read(Path file) throws IOException {
        try {
            Contents c = GSON.fromJson(Files.readString(file), Contents.class);
            if (c == null) {
                throw new JsonParseException("empty file");
            }
            return c;
        } catch (NoSuchFileException e) {
            return null;
        } catch (JsonParseException e) {
            throw new UserMistakeException(file + " is damaged (" + RunDirectory.jsonProblem(e)
                    + "): delete it and rerun the same ltq sweep command, which rebuilds it from"
                    + " the run folders.", e);
        }
    }

    /**
     * Adds a run of the grid.
     *
     * @param run the run
     * @param config its settings
     * @param finished whether its folder already holds the finished run
     */
    public void add(SweepRun run, LotteryConfig config, boolean finished) {
        RunEntry e = new RunEntry();
        e.name = run.name();
        e.folder = run.name();
        e.values = run.values();
        e.command = new ArrayList<>(List.of("ltq"));
        e.command.addAll(run.commandLine());
        // --out (last) relative to this file's folder, so a sweep folder that is moved or
        // committed still names its runs truly: the commands run from the sweep's folder.
        Path sweep = file.toAbsolutePath().getParent();
        e.command.set(e.command.size() - 1,
                sweep.relativize(run.folder().toAbsolutePath()).toString());
        // Engines round parallel reductions by their thread count: alone, the same threads.
        e.alone = "OMP_NUM_THREADS=" + contents.threadsPerRun + " MKL_NUM_THREADS="
                + contents.threadsPerRun + " " + String.join(" ", e.command);
        e.config = config;
        RunEntry old = contents.earlier.get(run.name());
        if (finished && old != null && RunEntry.FINISHED.equals(old.status)) {
            e.copyOutcome(old);
        }
        e.status = finished ? RunEntry.FINISHED : RunEntry.PENDING;
        e.finishedBefore = finished;
        contents.runs.add(e);
    }

    /**
     * Records that a run's task started (again).
     *
     * @param name the run
     */
    public void started(String name) {
        RunEntry e = entry(name);
        e.status = RunEntry.RUNNING;
        e.attempts++;
    }

    /**
     * Records how a run ended.
     *
     * @param outcome what its task reported
     */
    public void ended(RunOutcome outcome) {
        RunEntry e = entry(outcome.name());
        e.status = outcome.finished() ? RunEntry.FINISHED : RunEntry.REFUSED;
        e.attempts = Math.max(e.attempts, outcome.attempt());
        e.exitCode = outcome.exitCode();
        e.host = outcome.host();
        e.wallSeconds = outcome.wallMillis() / 1000.0;
        e.trainingSeconds = outcome.trainingMillis() / 1000.0;
        e.attemptTrainingSeconds = outcome.attemptTrainingMillis() / 1000.0;
        e.levels = outcome.levels();
        e.weightsRemaining = outcome.weightsRemaining();
        e.earlyStopTestAccuracy = outcome.earlyStopTestAccuracy();
        e.finalTestAccuracy = outcome.finalTestAccuracy();
        e.error = outcome.message().isEmpty() ? null : outcome.message();
    }

    /**
     * Records that a run failed on every attempt Spark made.
     *
     * @param name the run
     * @param error why the last attempt failed
     */
    public void failed(String name, String error) {
        RunEntry e = entry(name);
        e.status = RunEntry.FAILED;
        e.error = error;
    }

    /**
     * Records the sweep's own times.
     *
     * @param sparkStartMillis how long Spark took to start
     * @param wallMillis the sweep's wall time so far
     */
    public void times(long sparkStartMillis, long wallMillis) {
        contents.sparkStartSeconds = sparkStartMillis / 1000.0;
        contents.wallSeconds = wallMillis / 1000.0;
    }

    /**
     * Returns the entries, in the grid's order.
     *
     * @return the runs
     */
    public List<RunEntry> runs() {
        return List.copyOf(contents.runs);
    }

    /**
     * Writes {@code sweep.json} atomically.
     *
     * @throws IOException when writing fails
     */
    public void write() throws IOException {
        AtomicFiles.writeString(file, GSON.toJson(contents));
    }

    private RunEntry entry(String name) {
        for (RunEntry e : contents.runs) {
            if (e.name.equals(name)) {
                return e;
            }
        }
        throw new IllegalArgumentException("No run " + name + " in the sweep.");
    }

    /** What {@code sweep.json} holds, as Gson writes it. */
    static final class Contents {
        int format = 2;
        String commandsRunFrom = RUN_FROM;
        String command;
        Map<String, List<String>> axes;
        Map<String, List<String>> options;
        String master;
        int threadsPerRun;
        String started;
        Double sparkStartSeconds;
        Double wallSeconds;
        List<RunEntry> runs = new ArrayList<>();
        transient Map<String, RunEntry> earlier = new LinkedHashMap<>();
    }
}

package io.ltq.bench.quick;

import ai.djl.Model;
import ai.djl.ndarray.types.Shape;
import io.ltq.experiments.UserMistakeException;
import io.ltq.experiments.catalog.Catalog;
import io.ltq.experiments.inference.InferenceMeasurement;
import io.ltq.experiments.inference.InferenceTime;
import io.ltq.experiments.lottery.LevelSummary;
import io.ltq.experiments.lottery.LotteryConfig;
import io.ltq.experiments.lottery.RunDirectory;
import io.ltq.experiments.lottery.RunFiles;
import io.ltq.experiments.lottery.RunSession;
import io.ltq.experiments.lottery.Variant;
import io.ltq.experiments.provenance.Provenance;
import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The inference time of every finished ticket level of recorded runs ({@code ltq bench --only
 * tickets --runs RUN,...}): each level as the network it runs as, a forward pass of {@value
 * CompactInferenceBench#THROUGHPUT_BATCH} examples in inference mode on the run's engine at one
 * engine thread, written to {@code RUN/inference/inference.csv} with {@code inference.json}
 * beside it ({@link InferenceMeasurement}), which {@code ltq report} draws against test accuracy.
 *
 * <p>A structured ticket runs as its compact network ({@link RunSession#compactModel} of the
 * level's masks, after its trained weights are loaded), smaller at every level. An unstructured
 * ticket runs in DJL as the masked dense network, whose speed masks do not change: the dense
 * network is timed once, and that time stands for every level. Every level of every run given
 * is timed in one round-robin ({@link PairedTimer#measureRoundRobin}), so that drift in the
 * machine's speed spreads over all of them evenly: on a busy machine, runs timed one after the
 * other differ by more than their networks do. Each level's time is its median over rounds. The
 * batch holds random values of the run's example shape: what the values are does not change the
 * time.
 *
 * <pre>{@code
 * List<TicketInferenceBench.Result> written = TicketInferenceBench.run(
 *         TicketInferenceBench.check(List.of(neurons, weights)), timer, false, progress);
 * }</pre>
 */
public final class TicketInferenceBench {

    /** The examples of one timed forward pass. */
    public static final int BATCH = CompactInferenceBench.THROUGHPUT_BATCH;

    private static final String STATISTIC = "the median over rounds of the wall time per forward"
            + " pass, each round timing a block of passes of every level of every run measured"
            + " together, in turn, each round starting one network later";

    private TicketInferenceBench() {}

    /**
     * A run to measure.
     *
     * @param dir the run folder
     * @param config its settings
     * @param levels its finished ticket levels: a {@code summary.json} and {@code
     *     trained.params}, in increasing order
     */
    public record Plan(RunDirectory dir, LotteryConfig config, List<Integer> levels) {

        /** Copies the levels. */
        public Plan {
            levels = List.copyOf(levels);
        }
    }

    /**
     * What one run's measurement wrote.
     *
     * @param run the run folder
     * @param engine the engine
     * @param structure the run's {@code --structure}
     * @param file the CSV written
     * @param levels its rows, one per finished level
     */
    public record Result(String run, String engine, String structure, String file,
            List<InferenceTime> levels) {

        /** Copies the rows. */
        public Result {
            levels = List.copyOf(levels);
        }
    }

    /**
     * Checks run folders before anything is measured or written.
     *
     * @param runs the run folders
     * @return one plan per run, in the order given
     * @throws IOException when a run's files cannot be read
     * @throws UserMistakeException when a folder is not a run, a run has no finished ticket level,
     *     or an MXNet run would be timed at more than one engine thread
     */
    public static List<Plan> check(List<Path> runs) throws IOException {
        List<Plan> out = new ArrayList<>();
        for (Path run : runs) {
            RunDirectory dir = new RunDirectory(run);
            LotteryConfig config = RunSession.requireRun(dir);
            List<Integer> levels = new ArrayList<>();
            for (int level = 0; level <= config.pruning().levels(); level++) {
                if (dir.readSummary(level, Variant.TICKET) != null
                        && dir.hasParameters(RunFiles.trained(level))) {
                    levels.add(level);
                }
            }
            if (levels.isEmpty()) {
                throw new UserMistakeException(run + " has no finished ticket level (a level_NN"
                        + " folder with summary.json and trained.params): let ltq lottery finish"
                        + " level 0 first, then run ltq bench --only tickets again.");
            }
            String threads = System.getenv("OMP_NUM_THREADS");
            // PyTorch's threads are set here (engineThreads); MXNet reads them once, at start.
            if (config.network().engine().equals("MXNet")
                    && (threads == null || !threads.strip().equals("1"))) {
                throw new UserMistakeException(run + " runs on MXNet, which takes its threads"
                        + " from OMP_NUM_THREADS as it starts, and tickets are timed at one"
                        + " engine thread: run OMP_NUM_THREADS=1 ltq bench --only tickets.");
            }
            out.add(new Plan(dir, config, levels));
        }
        return out;
    }

    /**
     * Times the finished levels of runs and writes each run's {@code inference/inference.csv}
     * and {@code inference.json}, replacing those of an earlier measurement. Every level of
     * every run is timed in one round-robin, so that the runs' times compare as well as one run's
     * levels do; nothing is written until all are timed.
     *
     * @param plans the runs, as {@link #check} found them
     * @param timer the warm-up, rounds and calls per round
     * @param quick whether this is {@code ltq bench --quick}, recorded in {@code inference.json}
     * @param progress receives a line per run before the timing
     * @return the rows written, per run in the order given
     * @throws IOException when the runs' files cannot be read or writing fails
     */
    public static List<Result> run(List<Plan> plans, PairedTimer timer, boolean quick,
            Consumer<String> progress) throws IOException {
        String date = Instant.now().toString();
        List<RunSession> sessions = new ArrayList<>();
        List<Model> compacts = new ArrayList<>();
        List<InferenceFixture> fixtures = new ArrayList<>();
        // Per run, the fixture of each level, as an index into fixtures.
        List<int[]> timedAs = new ArrayList<>();
        try {
            for (Plan plan : plans) {
                RunDirectory dir = plan.dir();
                LotteryConfig config = plan.config();
                RunSession session = RunSession.open(dir, Catalog.discover().network(dir,
                        config));
                sessions.add(session);
                Shape example = session.architecture().shape();
                int[] indices = new int[plan.levels().size()];
                for (int i = 0; i < indices.length; i++) {
                    if (config.structure().isStructured()) {
                        session.loadTrained(plan.levels().get(i));
                        Model compact = session.compactModel(dir.loadMasks(plan.levels().get(i),
                                Variant.TICKET));
                        compacts.add(compact);
                        fixtures.add(fixture(compact, example));
                    } else if (i == 0) {
                        session.loadTrained(plan.levels().get(0));
                        fixtures.add(fixture(session.model(), example));
                    }
                    indices[i] = fixtures.size() - 1;
                }
                timedAs.add(indices);
                progress.accept("tickets, " + dir.root() + ": " + indices.length
                        + (indices.length == 1 ? " level" : " levels") + " as "
                        + (config.structure().isStructured() ? "compact networks"
                                : "the dense network") + " on " + config.network().engine());
            }
            Set<String> engines = new LinkedHashSet<>();
            plans.forEach(p -> engines.add(p.config().network().engine()));
            Map<String, Integer> before = new LinkedHashMap<>();
            Map<String, Provenance> machines = new LinkedHashMap<>();
            List<PairedTimer.Times> times;
            try {
                for (String engine : engines) {
                    before.put(engine, engineThreads(engine, 1));
                }
                times = timer.measureRoundRobin(fixtures.stream()
                        .map(f -> (Runnable) () -> f.forward(BATCH)).toList());
                for (String engine : engines) {
                    machines.put(engine, Provenance.ofThisMachine(engine));
                }
            } finally {
                before.forEach(TicketInferenceBench::engineThreads);
            }
            List<String> together = plans.stream().map(p -> p.dir().root().toString()).toList();
            List<Result> out = new ArrayList<>();
            for (int r = 0; r < plans.size(); r++) {
                out.add(write(plans.get(r), timedAs.get(r), times, fixtures, date, together,
                        timer, quick, machines));
            }
            return out;
        } finally {
            fixtures.forEach(InferenceFixture::close);
            compacts.forEach(Model::close);
            sessions.forEach(RunSession::close);
        }
    }

    /** Writes one run's files from the times of the fixtures its levels ran as. */
    private static Result write(Plan plan, int[] timedAs, List<PairedTimer.Times> times,
            List<InferenceFixture> fixtures, String date, List<String> together,
            PairedTimer timer, boolean quick, Map<String, Provenance> machines)
            throws IOException {
        RunDirectory dir = plan.dir();
        LotteryConfig config = plan.config();
        String engine = config.network().engine();
        boolean structured = config.structure().isStructured();
        List<InferenceTime> rows = new ArrayList<>();
        for (int i = 0; i < timedAs.length; i++) {
            int level = plan.levels().get(i);
            double ms = times.get(timedAs[i]).wallNanos() / 1e6;
            LevelSummary summary = dir.readSummary(level, Variant.TICKET);
            rows.add(new InferenceTime(level, summary.weightsRemaining(),
                    fixtures.get(timedAs[i]).macs(), BATCH, ms, BATCH * 1000 / ms, engine));
        }
        InferenceMeasurement measurement = new InferenceMeasurement(
                InferenceMeasurement.FORMAT, date, config.network().model(),
                config.structure().structure(),
                structured ? "each level's compact network: the kept units' trained weights in a"
                                + " network of the kept widths"
                        : "the dense network, timed once for every level: an unstructured ticket"
                                + " runs as the masked dense network, whose speed its mask does"
                                + " not change",
                together, BATCH, 1, timer.warmupCalls(), timer.rounds(), timer.callsPerRound(),
                STATISTIC, quick, machines.get(engine));
        measurement.write(dir.root(), rows);
        return new Result(dir.root().toString(), engine, config.structure().structure(),
                InferenceMeasurement.csv(dir.root()).toString(), rows);
    }

    private static InferenceFixture fixture(Model model, Shape example) {
        return InferenceFixture.builder().optModel(model).optExampleShape(example)
                .optBatchSizes(BATCH).build();
    }

    /**
     * Sets PyTorch's intra-op threads, which it lets change at any time (MXNet's are checked by
     * {@link #check}: they are fixed when it starts). PyTorch is a runtime dependency, so it is
     * reached by name, as {@code EngineBuild} does.
     *
     * @param engine the engine
     * @param threads the threads to use, at least 1
     * @return the threads before, or {@code threads} for an engine whose threads are not set here
     */
    private static int engineThreads(String engine, int threads) {
        if (!engine.equals("PyTorch")) {
            return threads;
        }
        try {
            Class<?> jni = Class.forName("ai.djl.pytorch.jni.JniUtils");
            Method get = jni.getMethod("getNumThreads");
            Method set = jni.getMethod("setNumThreads", int.class);
            int before = (Integer) get.invoke(null);
            if (before != threads) {
                set.invoke(null, threads);
            }
            return before;
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("PyTorch's JniUtils has no thread setting: a DJL"
                    + " version LTQ was not built with is on the class path.", e);
        }
    }
}

package io.ltq.experiments.lottery;

import io.ltq.djl.LotteryTicket;
import io.ltq.djl.structure.ConvolutionCheck;
import io.ltq.experiments.UserMistakeException;
import io.ltq.experiments.models.FlopCounter;
import io.ltq.experiments.models.LayerCost;
import io.ltq.experiments.provenance.Provenance;
import io.ltq.experiments.training.TrainingResult;
import io.ltq.mask.MaskSet;
import io.ltq.prune.LayerKind;
import io.ltq.prune.Pruner;
import io.ltq.prune.PruningScope;
import io.ltq.prune.WeightTensor;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Iterative magnitude pruning with rewinding, the experiment of Frankle &amp; Carbin (2019):
 * train the dense network, then for each level prune a fraction of the surviving weights, reset
 * the survivors to θk and train again; optionally the two controls on every level's mask. Under
 * the {@linkplain PruningSchedule#ONE_SHOT one-shot} schedule every level's mask is pruned from
 * the dense network's trained weights instead, with the same per-layer counts.
 *
 * <p>Finished levels are read back from the run folder rather than redone, so running the same
 * command again resumes a killed run; settings that differ from the recorded ones are refused.
 */
public final class LotteryExperiment {

    private final LotteryConfig config;
    private final RunComponents components;
    private final ExperimentData data;
    private final RunDirectory dir;
    private final RunListener listener;
    /** Level 0's trained weights, which every one-shot mask is pruned from; read once. */
    private List<WeightTensor> denseTrained;
    /** The machine this process trains on; read once the engine is loaded. */
    private Provenance machine;

    /**
     * Creates the experiment.
     *
     * @param config the settings
     * @param components the network, pruning strategy and controls the settings name
     * @param data the dataset splits
     * @param dir the run folder
     * @param listener hears progress; {@link RunListener#NONE} for none
     */
    public LotteryExperiment(LotteryConfig config, RunComponents components, ExperimentData data,
            RunDirectory dir, RunListener listener) {
        this.config = config;
        this.components = components;
        this.data = data;
        this.dir = dir;
        this.listener = listener;
        if (components.controls().size() != config.pruning().controls().size()) {
            throw new IllegalArgumentException("The settings name " + config.pruning().controls()
                    + " but " + components.controls().size() + " controls were given.");
        }
    }

    /**
     * Runs (or resumes) every level and returns the summaries of all trained networks.
     *
     * @return the summaries, level by level, the ticket first and then its controls
     * @throws IOException when the run folder cannot be read or written, or data fails
     */
    public List<LevelSummary> run() throws IOException {
        List<LevelSummary> out = new ArrayList<>();
        try (RunSession session = RunSession.forNewTraining(dir, config, components.network(),
                data)) {
            // The engine is loaded now, so it can tell its threads and build.
            machine = Provenance.ofThisMachine(config.network().engine());
            // Everything that can be refused is refused before the run folder is touched.
            checkGlobalRates(session.ticket());
            checkConvolutions();
            checkOrRecordSettings(session.architecture());
            if (dir.hasParameters(RunDirectory.INIT)) {
                session.load(RunDirectory.INIT);
            } else {
                session.save(RunDirectory.INIT);
            }
            establishRewindPoint(session);
            Pruner pruner = components.pruner().newPruner(config.pruning(), config.structure(),
                    session.unitLayers());
            for (int level = 0; level <= config.pruning().levels(); level++) {
                runLevel(level, session, pruner, out);
            }
        }
        return out;
    }

    /**
     * Puts θk in the ticket before anything trains, so that no training of this process decides
     * it: θ0 is the network as initialized or loaded; θk of a finished level 0 is read back from
     * its file; only a level 0 that still has to train captures θk itself, at step k.
     */
    private void establishRewindPoint(RunSession session) throws IOException {
        long k = config.pruning().rewindStep();
        if (k == 0) {
            session.ticket().captureRewindPoint(0);
        } else if (finishedSummary(0) != null) {
            session.load(RunDirectory.REWIND);
            session.ticket().captureRewindPoint(k);
        }
    }

    /**
     * Returns a ticket level's summary when the level is finished: its summary and everything
     * later levels and the analyses start from are there. A missing output retrains the level,
     * which gives the same files.
     */
    private LevelSummary finishedSummary(int level) throws IOException {
        return finishedSummary(config, dir, level);
    }

    private static LevelSummary finishedSummary(LotteryConfig config, RunDirectory dir,
            int level) throws IOException {
        boolean outputs = dir.hasParameters(RunFiles.trained(level))
                && (level > 0 || config.pruning().rewindStep() == 0
                        || dir.hasParameters(RunDirectory.REWIND));
        return outputs ? dir.readSummary(level, Variant.TICKET) : null;
    }

    /**
     * Returns whether a run folder holds everything a run of these settings writes, so that
     * running it again would train nothing and write nothing: θ0, every level's ticket with the
     * files later levels start from and the next level's mask, and every control asked for.
     *
     * @param config the settings
     * @param dir the run folder, whose recorded settings are those (see {@link #checkSettings})
     * @return {@code true} when the run is finished
     * @throws IOException when a summary exists but cannot be read
     * @throws UserMistakeException when a summary exists but is damaged
     */
    public static boolean isFinished(LotteryConfig config, RunDirectory dir) throws IOException {
        if (!dir.hasParameters(RunDirectory.INIT)) {
            return false;
        }
        PruningSettings pruning = config.pruning();
        for (int level = 0; level <= pruning.levels(); level++) {
            if (finishedSummary(config, dir, level) == null || !dir.hasMasks(level + 1)) {
                return false;
            }
            for (String control : pruning.controls()) {
                if (level > 0 && dir.readSummary(level, Variant.ofControl(control)) == null) {
                    return false;
                }
            }
        }
        return true;
    }

    private void runLevel(int level, RunSession session, Pruner pruner, List<LevelSummary> out)
            throws IOException {
        LotteryTicket ticket = session.ticket();
        // Earlier levels left this level's mask; at level 0 the network is dense.
        MaskSet masks = level == 0 ? ticket.getParameters().denseMasks()
                : dir.loadMasks(level, Variant.TICKET);
        LevelSummary done = finishedSummary(level);
        if (done != null) {
            if (!dir.hasMasks(level + 1)) {
                // Deleted (or never written before a kill): it is a function of the trained
                // weights and this level's mask, both kept.
                dir.saveMasks(level + 1, Variant.TICKET,
                        pruner.prune(weightsToPrune(level, session, false), masks));
            }
            listener.onSkipped(done);
            out.add(done);
        } else {
            long levelStart = System.nanoTime();
            if (level > 0 && config.pruning().schedule() == PruningSchedule.ONE_SHOT) {
                // Read before rewinding, while loading level 0's weights costs nothing.
                weightsToPrune(level, session, false);
            }
            ticket.setMasks(masks);
            long start;
            if (level == 0) {
                dir.saveMasks(0, Variant.TICKET, masks);
                start = 0;
                // θ0 is in the network (loaded or initialized); the optimizer starts fresh.
                ticket.resetOptimizer(0);
            } else {
                ticket.rewind();
                start = config.pruning().rewindStep();
            }
            TrainingResult result = train(session, level, Variant.TICKET, masks, start);
            // The next level's mask is made even after the last level, so that a finished run
            // can be extended; the trained weights are kept for the analyses that start from
            // them (fine-tuning, learning-rate rewinding, distances between tickets).
            MaskSet next = pruner.prune(weightsToPrune(level, session, true), masks);
            dir.saveMasks(level + 1, Variant.TICKET, next);
            session.save(RunFiles.trained(level));
            if (level == 0 && config.pruning().rewindStep() > 0) {
                // θk was captured in memory during this level; keep it for resumed runs.
                ticket.rewind();
                session.save(RunDirectory.REWIND);
            }
            dir.writeMetrics(level, Variant.TICKET, result.rows());
            done = LevelSummary.of(level, Variant.TICKET, session.weightMasks(masks), start,
                    result, millisSince(levelStart), machine);
            dir.writeSummary(done);
            listener.onTrainingEnd(done);
            out.add(done);
        }
        if (level == 0) {
            return;
        }
        List<String> keys = config.pruning().controls();
        for (int c = 0; c < keys.size(); c++) {
            out.add(runControl(level, Variant.ofControl(keys.get(c)),
                    components.controls().get(c), masks, session));
        }
    }

    /**
     * Returns the weights the mask after {@code level} is pruned from: that level's trained
     * weights, or under the one-shot schedule level 0's, read once and kept. Either is loaded
     * from its file unless the network holds it; loading replaces the network's weights, so a
     * level that trains asks before it rewinds.
     *
     * @param trainedInNetwork whether the network holds this level's trained weights
     */
    private List<WeightTensor> weightsToPrune(int level, RunSession session,
            boolean trainedInNetwork) throws IOException {
        if (config.pruning().schedule() == PruningSchedule.ITERATIVE) {
            if (!trainedInNetwork) {
                session.load(RunFiles.trained(level));
            }
            return session.ticket().getParameters().readWeights();
        }
        if (denseTrained == null) {
            if (level > 0 || !trainedInNetwork) {
                session.load(RunFiles.trained(0));
            }
            denseTrained = session.ticket().getParameters().readWeights();
        }
        return denseTrained;
    }

    private LevelSummary runControl(int level, Variant variant, Control control,
            MaskSet ticketMasks, RunSession session) throws IOException {
        LevelSummary done = dir.readSummary(level, variant);
        if (done != null) {
            listener.onSkipped(done);
            return done;
        }
        long levelStart = System.nanoTime();
        Control.Start start = control.prepare(new Control.Context(level, ticketMasks,
                session.ticket(), config, session.unitLayers(), flopsRatio(session, ticketMasks)));
        if (start.masks() != ticketMasks) {
            dir.saveMasks(level, variant, start.masks());
        }
        if (start.scratchSeed().isPresent()) {
            session.loadScratch(start.masks(), start.scratchSeed().getAsLong());
        }
        long end = start.iterations() > 0 ? start.iterations() : config.training().iterations();
        TrainingResult result = train(session, level, variant, start.masks(), start.step(), end);
        dir.writeMetrics(level, variant, result.rows());
        done = LevelSummary.of(level, variant, session.weightMasks(start.masks()), start.step(),
                result, millisSince(levelStart), machine);
        dir.writeSummary(done);
        listener.onTrainingEnd(done);
        return done;
    }

    private TrainingResult train(
            RunSession session, int level, Variant variant, MaskSet masks, long start)
            throws IOException {
        return train(session, level, variant, masks, start, config.training().iterations());
    }

    /**
     * Trains what the network holds from {@code start} to {@code end}: a structured level's
     * compact network when the settings say so, else the masked network.
     */
    private TrainingResult train(RunSession session, int level, Variant variant, MaskSet masks,
            long start, long end) throws IOException {
        TrainingSettings t = config.training();
        double remaining = 100.0 * session.weightMasks(masks).density();
        if (level > 0 && config.structure().isStructured()
                && config.structure().compactTraining()) {
            return session.trainCompact(data, masks, start, end, listener, level,
                    variant.name(), remaining);
        }
        return session.train(data, start, end, t.evalEvery(), t.testEvery(), listener,
                level, variant.name(), remaining);
    }

    /** FLOPs of the dense network over those of the masked one, from the recorded layers. */
    private static double flopsRatio(RunSession session, MaskSet masks) {
        List<LayerCost> layers = session.architecture().layers();
        double kept = FlopCounter.masked(layers, masks);
        return kept > 0 ? FlopCounter.total(layers) / kept : 1;
    }

    // Refused before any training, not after the first level when the pruner would object.
    private void checkGlobalRates(LotteryTicket ticket) {
        if (config.pruning().scope() != PruningScope.GLOBAL) {
            return;
        }
        Map<LayerKind, Double> rates = new java.util.EnumMap<>(LayerKind.class);
        for (var p : ticket.getParameters().list()) {
            double rate = config.pruning().rate(p.kind());
            if (rate > 0) {
                rates.put(p.kind(), rate);
            }
        }
        if (rates.values().stream().distinct().count() > 1) {
            throw new InvalidSettingException(
                    "{scope} global prunes with one threshold, so the pruned layers need one"
                            + " rate, but " + config.network().model() + " would prune " + rates
                            + ": give {pruneDense}, {pruneConv} and {pruneOutput} the same"
                            + " rate, or use {scope} layerwise.");
        }
    }

    // A compact channel ticket's convolutions have widths such as 51: where the engine computes
    // those wrong, the run would train something other than its masked network, silently.
    private void checkConvolutions() {
        StructureSettings s = config.structure();
        String engine = config.network().engine();
        if (!s.isStructured() || s.unitKind() != io.ltq.djl.structure.UnitKind.CHANNELS
                || !s.compactTraining() || s.widthMultiple() % 16 == 0
                || !config.network().device().startsWith("cpu")) {
            return;
        }
        ConvolutionCheck.Result check = ConvolutionCheck.of(engine);
        if (!check.correct()) {
            throw new InvalidSettingException(String.format(java.util.Locale.ROOT,
                    "%s's convolution computes wrong results on this machine at input channel"
                            + " counts that are not a multiple of 16 (off by up to %.2f at %d"
                            + " channels in LTQ's check), which a compact channel ticket has:"
                            + " use {engine} %s, or {compactTraining} masked to train the masked"
                            + " network.", engine,
                    check.maxDifference(), ConvolutionCheck.CHANNELS,
                    engine.equals("MXNet") ? "PyTorch" : "MXNet"));
        }
    }

    private static long millisSince(long startNanos) {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }

    private void checkOrRecordSettings(Architecture architecture) throws IOException {
        LotteryConfig recorded = checkSettings(config, dir);
        Architecture was = dir.readArchitecture();
        if (was != null) {
            List<String> diff = architecture.differencesFrom(was);
            if (!diff.isEmpty()) {
                throw new UserMistakeException("Run folder " + dir.root() + " was made with"
                        + " another " + was.network() + " (" + String.join("; ", diff) + "):"
                        + " resume it with the network it was made with, or choose a new --out"
                        + " folder.");
            }
        }
        Provenance started = dir.readProvenance();
        if (started != null && !started.equals(machine) && !isFinished(config, dir)) {
            // Not refused: the settings are the run's, only the rounding of what trains here
            // differs, and each summary says which machine trained it.
            listener.onOtherMachine(started, machine);
        }
        if (recorded != null && was != null
                && recorded.pruning().levels() >= config.pruning().levels()) {
            return;
        }
        // A new run, one extended by levels, or one from before architectures were recorded;
        // the machine a run was started on stays the one recorded (none for older runs).
        dir.writeConfig(recorded != null && recorded.pruning().levels() > config.pruning()
                .levels() ? recorded : config, architecture, versions(),
                recorded == null ? machine : started);
    }

    /**
     * Refuses to resume a run folder made with other settings; only the number of levels may
     * grow. Nothing is written.
     *
     * @param config the settings of the command
     * @param dir the run folder
     * @return the recorded settings, or {@code null} for a new run
     * @throws UserMistakeException naming the settings that differ, or when {@code run.json}
     *     exists but is damaged
     * @throws IOException when {@code run.json} exists but cannot be read
     */
    public static LotteryConfig checkSettings(LotteryConfig config, RunDirectory dir)
            throws IOException {
        LotteryConfig recorded = dir.readConfig();
        if (recorded != null) {
            List<String> diff = config.differencesFrom(recorded);
            if (!diff.isEmpty()) {
                throw new UserMistakeException(
                        "Run folder " + dir.root() + " was made with other settings ("
                                + String.join("; ", diff) + "): rerun with the recorded"
                                + " settings to resume, or choose a new --out folder.");
            }
        }
        return recorded;
    }

    /** The {@code versions} block of {@code run.json}, from what the machine's record read. */
    private Map<String, String> versions() {
        Map<String, String> v = new LinkedHashMap<>();
        v.put("engine", machine.engine());
        v.put("engine_version", machine.engineVersion());
        v.put("djl", machine.djlVersion());
        v.put("java", System.getProperty("java.version"));
        v.put("os", machine.os());
        return v;
    }
}

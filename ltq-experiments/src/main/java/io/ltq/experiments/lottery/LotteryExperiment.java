package io.ltq.experiments.lottery;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import io.ltq.djl.LotteryTicket;
import io.ltq.experiments.training.IterationTrainer;
import io.ltq.experiments.training.TrainingResult;
import io.ltq.mask.MaskSet;
import io.ltq.prune.LayerKind;
import io.ltq.prune.MagnitudePruner;
import io.ltq.prune.Pruner;
import io.ltq.prune.PruningScope;
import io.ltq.prune.RandomPruner;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Iterative magnitude pruning with rewinding, the experiment of Frankle &amp; Carbin (2019):
 * train the dense network, then for each level prune a fraction of the surviving weights, reset
 * the survivors to θk and train again; optionally the two controls on every level's mask.
 *
 * <p>Finished levels are read back from the run folder rather than redone, so running the same
 * command again resumes a killed run; settings that differ from the recorded ones are refused.
 */
public final class LotteryExperiment {

    /** The variant name of the winning-ticket lineage. */
    public static final String TICKET = "ticket";
    /** The variant name of the random-reinitialization control. */
    public static final String REINIT = "reinit";
    /** The variant name of the random-pruning control. */
    public static final String RANDOM_PRUNE = "random_prune";

    private static final String INIT = "init.params";
    private static final String REWIND = "rewind.params";

    /**
     * Returns the run-relative file holding a level's trained ticket weights.
     *
     * @param level the level
     * @return e.g. {@code level_03/trained.params}
     */
    public static String trainedFile(int level) {
        return String.format(java.util.Locale.ROOT, "level_%02d/trained.params", level);
    }

    private final LotteryConfig config;
    private final ExperimentData data;
    private final RunDirectory dir;
    private final RunListener listener;
    private long optimizerStartStep;

    /**
     * Creates the experiment.
     *
     * @param config the settings
     * @param data the dataset splits
     * @param dir the run folder
     * @param listener hears progress; {@link RunListener#NONE} for none
     */
    public LotteryExperiment(
            LotteryConfig config, ExperimentData data, RunDirectory dir, RunListener listener) {
        this.config = config;
        this.data = data;
        this.dir = dir;
        this.listener = listener;
    }

    /**
     * Returns the pruner a run's settings describe.
     *
     * @param config the settings
     * @return a magnitude pruner with the per-kind rates
     */
    public static Pruner pruner(LotteryConfig config) {
        return MagnitudePruner.builder()
                .optFraction(config.pruneDense())
                .optFraction(LayerKind.DENSE, config.pruneDense())
                .optFraction(LayerKind.CONV, config.pruneConv())
                .optFraction(LayerKind.OUTPUT, config.pruneOutput())
                .optScope(config.globalPruning() ? PruningScope.GLOBAL : PruningScope.LAYERWISE)
                .build();
    }

    /**
     * Runs (or resumes) every level and returns the summaries of all trained networks.
     *
     * @return the summaries, level by level, the ticket first and then its controls
     * @throws IOException when the run folder cannot be read or written, or data fails
     */
    public List<LevelSummary> run() throws IOException {
        Device device = RunModels.device(config);
        List<LevelSummary> out = new ArrayList<>();
        try (Model model = RunModels.create(config, data.exampleShape())) {
            Block block = model.getBlock();
            try (LotteryTicket ticket =
                    LotteryTicket.builder()
                            .setModel(model)
                            .setOptimizer(() -> Optimizers.create(config, optimizerStartStep))
                            .optRewindStep(config.rewindStep())
                            .build()) {
                // Everything that can be refused is refused before the run folder is touched.
                checkGlobalRates(ticket);
                checkOrRecordSettings();
                if (dir.hasParameters(INIT)) {
                    dir.loadParameters(INIT, block, model.getNDManager());
                } else {
                    dir.saveParameters(INIT, block);
                }
                establishRewindPoint(model, ticket);
                DefaultTrainingConfig training =
                        ticket.attach(
                                new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss())
                                        .optDevices(new Device[] {device}));
                Pruner pruner = pruner(config);
                for (int level = 0; level <= config.levels(); level++) {
                    runLevel(level, model, ticket, training, pruner, out);
                }
            }
        }
        return out;
    }

    /**
     * Puts θk in the ticket before anything trains, so that no training of this process decides
     * it: θ0 is the network as initialized or loaded; θk of a finished level 0 is read back from
     * its file; only a level 0 that still has to train captures θk itself, at step k.
     */
    private void establishRewindPoint(Model model, LotteryTicket ticket) throws IOException {
        long k = config.rewindStep();
        if (k == 0) {
            ticket.captureRewindPoint(0);
        } else if (finishedSummary(0) != null) {
            dir.loadParameters(REWIND, model.getBlock(), model.getNDManager());
            ticket.captureRewindPoint(k);
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
        boolean outputs = dir.hasParameters(trainedFile(level))
                && (level > 0 || config.rewindStep() == 0 || dir.hasParameters(REWIND));
        return outputs ? dir.readSummary(level, TICKET) : null;
    }

    /**
     * Returns whether a run folder holds everything a run of these settings writes, so that
     * running it again would train nothing and write nothing: θ0, every level's ticket with the
     * files later levels start from and the next level's mask, and every control asked for.
     *
     * @param config the settings
     * @param dir the run folder, whose recorded settings are those (see {@link #checkSettings})
     * @return {@code true} when the run is finished
     * @throws IOException when a summary exists but is damaged
     */
    public static boolean isFinished(LotteryConfig config, RunDirectory dir) throws IOException {
        if (!dir.hasParameters(INIT)) {
            return false;
        }
        for (int level = 0; level <= config.levels(); level++) {
            if (finishedSummary(config, dir, level) == null || !dir.hasMasks(level + 1)) {
                return false;
            }
            if (level > 0 && (config.reinitControl() && dir.readSummary(level, REINIT) == null
                    || config.randomPruneControl()
                            && dir.readSummary(level, RANDOM_PRUNE) == null)) {
                return false;
            }
        }
        return true;
    }

    private void runLevel(
            int level,
            Model model,
            LotteryTicket ticket,
            DefaultTrainingConfig training,
            Pruner pruner,
            List<LevelSummary> out)
            throws IOException {
        // Earlier levels left this level's mask; at level 0 the network is dense.
        MaskSet masks = level == 0 ? ticket.getParameters().denseMasks()
                : dir.loadMasks(level, TICKET);
        LevelSummary done = finishedSummary(level);
        if (done != null) {
            if (!dir.hasMasks(level + 1)) {
                // Deleted (or never written before a kill): it is a function of the trained
                // weights and this level's mask, both kept.
                dir.loadParameters(trainedFile(level), model.getBlock(), model.getNDManager());
                dir.saveMasks(level + 1, TICKET,
                        pruner.prune(ticket.getParameters().readWeights(), masks));
            }
            listener.onSkipped(done);
            out.add(done);
        } else {
            long levelStart = System.nanoTime();
            ticket.setMasks(masks);
            long start;
            if (level == 0) {
                dir.saveMasks(0, TICKET, masks);
                start = 0;
                optimizerStartStep = 0;
                // θ0 is in the network (loaded or initialized); the optimizer starts fresh.
                ticket.getOptimizer().resetState();
            } else {
                optimizerStartStep = config.rewindStep();
                ticket.rewind();
                start = config.rewindStep();
            }
            TrainingResult result = train(model, training, level, TICKET, masks, start);
            // The next level's mask is made even after the last level, so that a finished run
            // can be extended; the trained weights are kept for the analyses that start from
            // them (fine-tuning, learning-rate rewinding, distances between tickets).
            MaskSet next = pruner.prune(ticket.getParameters().readWeights(), masks);
            dir.saveMasks(level + 1, TICKET, next);
            dir.saveParameters(trainedFile(level), model.getBlock());
            if (level == 0 && config.rewindStep() > 0) {
                // θk was captured in memory during this level; keep it for resumed runs.
                ticket.rewind();
                dir.saveParameters(REWIND, model.getBlock());
            }
            dir.writeMetrics(level, TICKET, result.rows());
            done = LevelSummary.of(level, TICKET, masks, start, result, millisSince(levelStart));
            dir.writeSummary(done);
            listener.onTrainingEnd(done);
            out.add(done);
        }
        if (level == 0) {
            return;
        }
        if (config.reinitControl()) {
            out.add(runControl(level, REINIT, masks, model, ticket, training));
        }
        if (config.randomPruneControl()) {
            out.add(runControl(level, RANDOM_PRUNE, masks, model, ticket, training));
        }
    }

    private LevelSummary runControl(
            int level,
            String variant,
            MaskSet ticketMasks,
            Model model,
            LotteryTicket ticket,
            DefaultTrainingConfig training)
            throws IOException {
        LevelSummary done = dir.readSummary(level, variant);
        if (done != null) {
            listener.onSkipped(done);
            return done;
        }
        long levelStart = System.nanoTime();
        long start;
        MaskSet masks;
        if (variant.equals(REINIT)) {
            masks = ticketMasks;
            ticket.setMasks(masks);
            optimizerStartStep = 0;
            ticket.reinitialize(config.initSeed() + 7919L * level);
            start = 0;
        } else {
            masks = RandomPruner.sameCounts(ticketMasks, config.initSeed() + 104729L * level);
            dir.saveMasks(level, variant, masks);
            ticket.setMasks(masks);
            optimizerStartStep = config.rewindStep();
            ticket.rewind();
            start = config.rewindStep();
        }
        TrainingResult result = train(model, training, level, variant, masks, start);
        dir.writeMetrics(level, variant, result.rows());
        done = LevelSummary.of(level, variant, masks, start, result, millisSince(levelStart));
        dir.writeSummary(done);
        listener.onTrainingEnd(done);
        return done;
    }

    private TrainingResult train(
            Model model,
            DefaultTrainingConfig training,
            int level,
            String variant,
            MaskSet masks,
            long start)
            throws IOException {
        listener.onTrainingStart(level, variant, 100.0 * masks.density(), start,
                config.iterations());
        IterationTrainer loop =
                IterationTrainer.builder()
                        .setIterations(config.iterations())
                        .optEvalEvery(config.evalEvery())
                        .optProgress(listener::onStep)
                        .build();
        try (Trainer trainer = model.newTrainer(training)) {
            trainer.initialize(batchShape());
            return loop.train(trainer, data.train(), data.validation(),
                    data.test(), start);
        }
    }

    // Refused before any training, not after the first level when the pruner would object.
    private void checkGlobalRates(LotteryTicket ticket) {
        if (!config.globalPruning()) {
            return;
        }
        Map<LayerKind, Double> rates = new java.util.EnumMap<>(LayerKind.class);
        for (var p : ticket.getParameters().list()) {
            double rate = switch (p.kind()) {
                case DENSE -> config.pruneDense();
                case CONV -> config.pruneConv();
                case OUTPUT -> config.pruneOutput();
                case OTHER -> 0;
            };
            if (rate > 0) {
                rates.put(p.kind(), rate);
            }
        }
        if (rates.values().stream().distinct().count() > 1) {
            throw new IllegalArgumentException(
                    "--scope global prunes with one threshold, so the pruned layers need one"
                            + " rate, but " + config.model() + " would prune " + rates
                            + ": give --prune-dense, --prune-conv and --prune-output the same"
                            + " rate, or use --scope layerwise.");
        }
    }

    private static long millisSince(long startNanos) {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }

    private Shape batchShape() {
        return RunModels.batchShape(config, data.exampleShape());
    }

    private void checkOrRecordSettings() throws IOException {
        LotteryConfig recorded = checkSettings(config, dir);
        if (recorded != null && recorded.levels() >= config.levels()) {
            return;
        }
        dir.writeConfig(config, versions());
    }

    /**
     * Refuses to resume a run folder made with other settings; only the number of levels may
     * grow. Nothing is written.
     *
     * @param config the settings of the command
     * @param dir the run folder
     * @return the recorded settings, or {@code null} for a new run
     * @throws IllegalArgumentException naming the settings that differ
     * @throws IOException when {@code run.json} exists but is damaged
     */
    public static LotteryConfig checkSettings(LotteryConfig config, RunDirectory dir)
            throws IOException {
        LotteryConfig recorded = dir.readConfig();
        if (recorded != null) {
            List<String> diff = config.differencesFrom(recorded);
            if (!diff.isEmpty()) {
                throw new IllegalArgumentException(
                        "Run folder " + dir.root() + " was made with other settings ("
                                + String.join("; ", diff) + "): rerun with the recorded"
                                + " settings to resume, or choose a new --out folder.");
            }
        }
        return recorded;
    }

    private Map<String, String> versions() {
        Map<String, String> v = new LinkedHashMap<>();
        Engine engine = Engine.getEngine(config.engine());
        v.put("engine", engine.getEngineName());
        v.put("engine_version", engine.getVersion());
        v.put("djl", Engine.getDjlVersion());
        v.put("java", System.getProperty("java.version"));
        v.put("os", System.getProperty("os.name") + " " + System.getProperty("os.arch"));
        return v;
    }
}

package io.ltq.experiments.lottery;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Block;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import io.ltq.djl.LotteryTicket;
import io.ltq.djl.init.PortableInitializer;
import io.ltq.djl.params.PrunableParameter;
import io.ltq.djl.params.PrunableParameters;
import io.ltq.djl.structure.UnitKind;
import io.ltq.djl.structure.UnitStructure;
import io.ltq.experiments.UserMistakeException;
import io.ltq.experiments.datasets.Datasets;
import io.ltq.experiments.training.IterationTrainer;
import io.ltq.experiments.training.TrainingResult;
import io.ltq.mask.Mask;
import io.ltq.mask.MaskSet;
import io.ltq.prune.structured.UnitLayer;
import io.ltq.prune.structured.UnitSelection;
import java.io.IOException;
import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A run's network with its ticket: the one place where a run's network is built, masked and
 * trained. {@link LotteryExperiment} trains its levels with it, and the analyses that start from
 * a recorded run's weights ({@code ltq stability}, {@code ltq retrain}, {@code ltq distances})
 * open it again with {@link #open}.
 *
 * <p>It puts a known state in the network — the dense network at step k, a level's trained
 * weights — masks it, and trains it between two steps with the run's optimizer, whose
 * learning-rate schedule the ticket continues from the step training starts at.
 *
 * <pre>{@code
 * try (RunSession session = RunSession.open(dir, network, data)) {
 *     session.loadDenseStep(500, data, RunListener.NONE); // θ500 of the dense run
 *     session.start(masks, 500);                          // θ := m ⊙ θ500, schedule from 500
 *     TrainingResult r = session.train(data, 500, 1000, 100, 0, RunListener.NONE, 1, "ticket",
 *             100 * masks.density());
 * }
 * }</pre>
 */
public final class RunSession implements AutoCloseable {


    private final RunDirectory dir;
    private final LotteryConfig config;
    private final Model model;
    private final LotteryTicket ticket;
    private final DefaultTrainingConfig training;
    private final ai.djl.ndarray.types.Shape exampleShape;
    private final Architecture architecture;
    /** The units a structured run prunes, with their coupling; {@code null} when unstructured. */
    private final UnitStructure units;

    private RunSession(RunDirectory dir, LotteryConfig config, Network network,
            ai.djl.ndarray.types.Shape shape, int numClasses, boolean captureRewindPoint) {
        this.dir = dir;
        this.config = config;
        this.exampleShape = shape;
        this.model = RunModels.create(config, network, shape, numClasses);
        try {
            this.architecture = Architecture.of(network, model.getBlock(), shape, numClasses);
        } catch (RuntimeException e) {
            model.close();
            throw e;
        }
        try {
            this.units = unitsOf(config, model.getBlock(), shape);
            LotteryTicket.Builder builder = LotteryTicket.builder()
                    .setModel(model)
                    .setOptimizer(step -> Optimizers.create(config, step))
                    .optParameters(selection(config));
            if (captureRewindPoint) {
                builder.optRewindStep(config.pruning().rewindStep());
            }
            this.ticket = builder.build();
        } catch (RuntimeException e) {
            model.close();
            throw e;
        }
        this.training = ticket.attach(trainingConfig(model));
    }

    /**
     * The tensors a run's masks cover: the weights, and in a structured run also the biases and
     * BatchNorm's γ and β, which a pruned unit loses with its weights.
     */
    private static PrunableParameters.Builder selection(LotteryConfig config) {
        boolean structured = config.structure().isStructured();
        return PrunableParameters.builder().optIncludeBiases(structured)
                .optIncludeNormalization(structured);
    }

    private UnitStructure unitsOf(LotteryConfig config, Block block,
            ai.djl.ndarray.types.Shape example) {
        StructureSettings s = config.structure();
        if (!s.isStructured()) {
            return null;
        }
        ai.djl.ndarray.types.Shape batch = RunModels.batchShape(config, example);
        try {
            return UnitStructure.of(block, batch, s.unitKind(), s.residual());
        } catch (IllegalArgumentException e) {
            // Advice that works: the other kind of unit where the network has it, else weights.
            UnitKind other = s.unitKind() == UnitKind.NEURONS ? UnitKind.CHANNELS
                    : UnitKind.NEURONS;
            String advice = "weights";
            try {
                UnitStructure.of(block, batch, other, s.residual());
                advice = other.label() + " or weights";
            } catch (IllegalArgumentException none) {
                // only unstructured pruning fits this network
            }
            String why = e.getMessage();
            throw new UserMistakeException("--structure " + s.structure() + " on "
                    + config.network().model() + ": " + Character.toLowerCase(why.charAt(0))
                    + why.substring(1, why.length() - 1) + "; use --structure " + advice
                    + ".");
        }
    }

    /**
     * Opens a run folder's network, with the weights of {@code init.params}.
     *
     * @param dir the run folder
     * @param network the run's network
     * @param data the run's data, which gives the example shape and the classes
     * @return the session
     * @throws IOException when the folder is not a run or its files cannot be read
     */
    public static RunSession open(RunDirectory dir, Network network, ExperimentData data)
            throws IOException {
        return open(dir, requireRun(dir), network, data.exampleShape(), data.numClasses());
    }

    /**
     * Opens a run folder's network, with the weights of {@code init.params}, without reading the
     * run's data: for work that needs no examples, such as timing inference. The example shape
     * and the classes come from {@code run.json}'s architecture or, for a run from before it was
     * recorded, from the bundled dataset the run names (10 classes, as every bundled one has).
     *
     * @param dir the run folder
     * @param network the run's network
     * @return the session
     * @throws IOException when the folder is not a run or its files cannot be read
     * @throws UserMistakeException when the folder is not a run, or an old run's dataset is not
     *     bundled, so that its example shape is unknown
     */
    public static RunSession open(RunDirectory dir, Network network) throws IOException {
        LotteryConfig config = requireRun(dir);
        Architecture recorded = dir.readArchitecture();
        if (recorded != null) {
            return open(dir, config, network, recorded.shape(), recorded.numClasses());
        }
        String dataset = config.data().dataset();
        boolean bundled = Datasets.names().contains(dataset.strip().toLowerCase(Locale.ROOT));
        if (!bundled) {
            throw new UserMistakeException(dir.root() + "/run.json records no architecture (a"
                    + " run from before LTQ recorded it) and its dataset " + dataset + " is not"
                    + " bundled, so the shape of its examples is unknown: rerun the run's ltq"
                    + " lottery command once, which records it and retrains nothing finished.");
        }
        return open(dir, config, network, Datasets.fromName(dataset).exampleShape(), 10);
    }

    private static RunSession open(RunDirectory dir, LotteryConfig config, Network network,
            ai.djl.ndarray.types.Shape exampleShape, int numClasses) throws IOException {
        RunSession session = new RunSession(dir, config, network, exampleShape, numClasses,
                false);
        try {
            session.load(RunDirectory.INIT);
            return session;
        } catch (IOException | RuntimeException e) {
            session.close();
            throw e;
        }
    }

    /**
     * Builds the network of a run that is about to train, initialized as its settings say; its
     * ticket captures θk automatically at step k of the first training.
     *
     * @param dir the run folder
     * @param config the settings
     * @param network the run's network
     * @param data the run's data, which gives the example shape and the classes
     * @return the session
     */
    static RunSession forNewTraining(RunDirectory dir, LotteryConfig config, Network network,
            ExperimentData data) {
        return new RunSession(dir, config, network, data.exampleShape(), data.numClasses(),
                true);
    }

    /**
     * Returns what the network is, as {@code run.json} records it.
     *
     * @return the architecture
     */
    public Architecture architecture() {
        return architecture;
    }

    /**
     * Reads a run's settings, refusing a folder that is not a run.
     *
     * @param dir the folder
     * @return the settings
     * @throws IOException when {@code run.json} cannot be read
     * @throws UserMistakeException when the folder is not a run, or {@code run.json} is damaged
     */
    public static LotteryConfig requireRun(RunDirectory dir) throws IOException {
        if (!Files.isDirectory(dir.root())) {
            throw new UserMistakeException(
                    dir.root() + " is not a folder: give the --out folder of an ltq lottery run.");
        }
        LotteryConfig config = dir.readConfig();
        if (config == null) {
            throw new UserMistakeException(
                    dir.root() + " is not a run folder (no run.json): give the --out folder of an"
                            + " ltq lottery run.");
        }
        return config;
    }

    /**
     * Returns the run's settings.
     *
     * @return the settings
     */
    public LotteryConfig config() {
        return config;
    }

    /**
     * Returns the network.
     *
     * @return the model
     */
    public Model model() {
        return model;
    }

    /**
     * Returns the ticket that masks the network.
     *
     * @return the ticket
     */
    public LotteryTicket ticket() {
        return ticket;
    }

    /**
     * Returns the layers whose units a structured run prunes, with their coupling.
     *
     * @return the layers; empty for an unstructured run
     */
    public List<UnitLayer> unitLayers() {
        return units == null ? List.of() : units.layers();
    }

    /**
     * Returns the masks of the weights alone (Linear and convolution weights): what "weights
     * remaining" counts, the same in structured runs (whose masks also cover biases and
     * BatchNorm) as in unstructured ones.
     *
     * @param masks masks over the run's tensors
     * @return the masks of the weights
     */
    public MaskSet weightMasks(MaskSet masks) {
        Map<String, Mask> out = new LinkedHashMap<>();
        for (PrunableParameter p : PrunableParameters.of(model.getBlock()).list()) {
            if (masks.contains(p.path())) {
                out.put(p.path(), masks.get(p.path()));
            }
        }
        return MaskSet.of(out);
    }

    /**
     * Puts into the network, masked, a fresh initialization of the compact network of the masks'
     * widths, drawn at the compact network's own fan-in (Liu et al.'s training from scratch), and
     * gives the optimizer fresh state at step 0.
     *
     * @param masks structured masks
     * @param seed the seed of the initialization
     */
    public void loadScratch(MaskSet masks, long seed) {
        UnitSelection kept = selectionOf(masks);
        try (Model compact = newCompactModel(kept)) {
            PortableInitializer.draw(compact.getBlock(), seed);
            units.copyToDense(compact.getBlock(), model.getBlock(), kept);
        }
        ticket.setMasks(masks);
        ticket.resetOptimizer(0);
    }

    /**
     * Trains the compact network of the masks' widths in place of the masked one: the kept
     * units' weights now in the network are copied into it, it trains from step {@code from} to
     * {@code to} with the run's optimizer and data order, and its weights are copied back (a
     * dropped unit's as 0.0). Masks within kept units still apply.
     *
     * @param data the splits, with the data order to train on
     * @param masks the masks the network has now
     * @param from the first step
     * @param to the step to stop at
     * @param listener receives progress
     * @param level the level, for the listener
     * @param variant what is trained, for the listener
     * @param remaining percent of weights remaining, for the listener
     * @return the metrics of the compact network
     * @throws IOException when the data cannot be read
     */
    public TrainingResult trainCompact(ExperimentData data, MaskSet masks, long from, long to,
            RunListener listener, int level, String variant, double remaining)
            throws IOException {
        UnitSelection kept = selectionOf(masks);
        TrainingResult result;
        try (Model compact = newCompactModel(kept)) {
            Block small = compact.getBlock();
            units.copyToCompact(model.getBlock(), small, kept);
            Map<String, Mask> inner = new LinkedHashMap<>();
            for (Map.Entry<String, Mask> e : masks.asMap().entrySet()) {
                long[] shape = e.getValue().getShape();
                float[] m = kept.gather(e.getKey(), shape, e.getValue().toFloatArray());
                boolean[] k = new boolean[m.length];
                for (int i = 0; i < m.length; i++) {
                    k[i] = m[i] != 0;
                }
                inner.put(e.getKey(), Mask.of(kept.compactShape(e.getKey(), shape), k));
            }
            try (LotteryTicket inside = LotteryTicket.builder().setModel(compact)
                    .setOptimizer(step -> Optimizers.create(config, step))
                    .optParameters(selection(config))
                    .optMasks(MaskSet.of(inner))
                    .build()) {
                inside.resetOptimizer(from);
                DefaultTrainingConfig tc = inside.attach(trainingConfig(compact));
                result = train(compact, tc, data, from, to, config.training().evalEvery(),
                        config.training().testEvery(), listener, level, variant, remaining);
            }
            units.copyToDense(small, model.getBlock(), kept);
        }
        ticket.setMasks(masks);
        return result;
    }

    /**
     * Returns the compact network of the masks' widths holding the kept units' values now in the
     * network: what {@code ltq export} saves.
     *
     * @param masks structured masks
     * @return a new model on the run's engine and device; the caller closes it
     */
    public Model compactModel(MaskSet masks) {
        UnitSelection kept = selectionOf(masks);
        Model compact = newCompactModel(kept);
        units.copyToCompact(model.getBlock(), compact.getBlock(), kept);
        return compact;
    }

    /**
     * Returns the kept units of structured masks.
     *
     * @param masks structured masks over the run's tensors
     * @return the kept units of each unit layer
     */
    public UnitSelection selectionOf(MaskSet masks) {
        if (units == null) {
            throw new IllegalStateException("An unstructured run has no compact network.");
        }
        return UnitSelection.ofMasks(units.layers(), ticket.getParameters().shapes(), masks);
    }

    /** A new model of the kept widths on the run's engine and device, initialized. */
    private Model newCompactModel(UnitSelection kept) {
        Model compact = Model.newInstance("ltq-compact", model.getNDManager().getDevice(),
                config.network().engine());
        try {
            Block small = units.narrow(kept);
            compact.setBlock(small);
            small.initialize(compact.getNDManager(), DataType.FLOAT32,
                    RunModels.batchShape(config, exampleShape));
            return compact;
        } catch (RuntimeException e) {
            compact.close();
            throw e;
        }
    }

    private static DefaultTrainingConfig trainingConfig(Model m) {
        return new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss())
                .optDevices(new Device[] {m.getNDManager().getDevice()});
    }

    /**
     * Opens a trainer for the network, initialized for the run's batch shape; for evaluation.
     *
     * @return a new trainer, to close
     */
    public Trainer newTrainer() {
        Trainer trainer = model.newTrainer(training);
        trainer.initialize(RunModels.batchShape(config, exampleShape));
        return trainer;
    }

    /**
     * Loads the dense network at step k: θ0 from {@code init.params}, θk of a late-rewinding run
     * from {@code rewind.params}, any other step by replaying the dense level-0 training from θ0
     * with the run's data order, which is deterministic.
     *
     * @param k the step
     * @param runData the run's splits, with its own data order
     * @param listener receives the replay's progress
     * @throws IOException when the run's files cannot be read
     */
    public void loadDenseStep(long k, ExperimentData runData, RunListener listener)
            throws IOException {
        if (k < 0 || k > config.training().iterations()) {
            throw new UserMistakeException(
                    "Step " + k + " is outside the run's training (0 to "
                            + config.training().iterations()
                            + "): choose a step within it.");
        }
        long rewind = config.pruning().rewindStep();
        if (k == rewind && k > 0 && dir.hasParameters(RunDirectory.REWIND)) {
            load(RunDirectory.REWIND);
            return;
        }
        load(RunDirectory.INIT);
        if (k == 0) {
            return;
        }
        ticket.setMasks(ticket.getParameters().denseMasks());
        ticket.resetOptimizer(0);
        train(runData, 0, k, k, 0, listener, 0, "replay", 100);
    }

    /**
     * Loads a level's trained weights, {@code level_NN/trained.params}.
     *
     * @param level the level
     * @throws IOException when the file cannot be read
     * @throws UserMistakeException when the file is missing or does not fit
     */
    public void loadTrained(int level) throws IOException {
        String file = RunFiles.trained(level);
        if (!dir.hasParameters(file)) {
            throw new UserMistakeException(
                    dir.root().resolve(file) + " is missing: level " + level + " of this run is"
                            + " not finished, or the run was made before LTQ kept trained"
                            + " weights; finish it with ltq lottery, or use a newer run.");
        }
        load(file);
    }

    /**
     * Starts training from the weights now in the network: masks them (θ := m ⊙ θ), remembers
     * them as the rewind point, and gives the optimizer fresh state with the learning-rate schedule
     * as it is at {@code scheduleStep}.
     *
     * @param masks the masks to train with
     * @param scheduleStep the step of the learning-rate schedule to start from, usually the step
     *     the weights belong to; the run's number of iterations means its final rate
     */
    public void start(MaskSet masks, long scheduleStep) {
        ticket.setMasks(masks);
        ticket.captureRewindPoint(scheduleStep);
        ticket.rewind();
    }

    /**
     * Rewinds to the weights of the last {@link #start}, masked, with fresh optimizer state and
     * the schedule from the same step.
     */
    public void restart() {
        ticket.rewind();
    }

    /**
     * Trains from step {@code from} to step {@code to}, evaluating every {@code evalEvery} steps
     * and at the end.
     *
     * @param data the splits, with the data order to train on
     * @param from the first step
     * @param to the step to stop at
     * @param evalEvery evaluation interval
     * @param testEvery test-set interval, a multiple of {@code evalEvery}; 0 for every evaluation
     *     (see {@link IterationTrainer.Builder#optTestEvery})
     * @param listener receives progress
     * @param level the level, for the listener
     * @param variant what is trained, for the listener
     * @param remaining percent of weights remaining, for the listener
     * @return the metrics
     * @throws IOException when the data cannot be read
     */
    public TrainingResult train(
            ExperimentData data,
            long from,
            long to,
            long evalEvery,
            long testEvery,
            RunListener listener,
            int level,
            String variant,
            double remaining)
            throws IOException {
        return train(model, training, data, from, to, evalEvery, testEvery, listener, level,
                variant, remaining);
    }

    private TrainingResult train(Model m, DefaultTrainingConfig tc, ExperimentData data,
            long from, long to, long evalEvery, long testEvery, RunListener listener, int level,
            String variant, double remaining) throws IOException {
        listener.onTrainingStart(level, variant, remaining, from, to);
        IterationTrainer loop =
                IterationTrainer.builder()
                        .setIterations(to)
                        .optEvalEvery(Math.max(1, evalEvery))
                        .optTestEvery(testEvery)
                        .optProgress(listener::onStep)
                        .build();
        try (Trainer trainer = m.newTrainer(tc)) {
            trainer.initialize(RunModels.batchShape(config, exampleShape));
            return loop.train(trainer, data.train(), data.validation(), data.test(), from);
        }
    }

    /**
     * Loads one of the run's parameter files into the network.
     *
     * @param file the run-relative file, e.g. {@link RunDirectory#INIT}
     * @throws IOException when it cannot be read or does not fit the network
     */
    public void load(String file) throws IOException {
        dir.loadParameters(file, model.getBlock(), model.getNDManager());
    }

    /**
     * Saves the network's parameters to one of the run's files (and its NumPy twin).
     *
     * @param file the run-relative file, e.g. {@link RunFiles#trained}
     * @throws IOException when writing fails
     */
    public void save(String file) throws IOException {
        dir.saveParameters(file, model.getBlock());
    }

    @Override
    public void close() {
        try {
            ticket.close();
        } finally {
            model.close();
        }
    }
}

package io.ltq.experiments.cli;

import io.ltq.experiments.UserMistakeException;
import io.ltq.experiments.lottery.DataSettings;
import io.ltq.experiments.lottery.InvalidSettingException;
import io.ltq.experiments.lottery.LotteryConfig;
import io.ltq.experiments.lottery.NetworkSettings;
import io.ltq.experiments.lottery.OptimizerKind;
import io.ltq.experiments.UserMistakeException;
import io.ltq.experiments.catalog.Catalog;
import io.ltq.experiments.lottery.Preset;
import io.ltq.experiments.lottery.PruningSchedule;
import io.ltq.experiments.lottery.PruningSettings;
import io.ltq.experiments.lottery.RunModels;
import io.ltq.experiments.lottery.SeedSettings;
import io.ltq.experiments.lottery.StructureSettings;
import io.ltq.experiments.lottery.TrainingSettings;
import io.ltq.mask.MaskFormat;
import io.ltq.prune.PruningScope;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * The options every training command shares. Unset options take the network's {@link Preset},
 * the paper's setup.
 */
final class RunOptions {

    @Option(names = "--model", required = true, description = "Network: ${COMPLETION-CANDIDATES},"
            + " or the class name of your own (a Network, or a DJL Block with a public"
            + " constructor taking nothing or the number of classes) on LTQ_CLASSPATH.",
            completionCandidates = ModelNames.class)
    String model;

    @Option(names = "--dataset", description = "mnist, fashion-mnist, cifar10, synthetic,"
            + " image-folder (--data FOLDER with train/ and test/ class subfolders),"
            + " image-folder-gray, or a DataSource class name (default: the paper's for the"
            + " network; see ltq list).")
    String dataset;

    @Option(names = "--pruner", defaultValue = "magnitude", description = "Pruning strategy: a"
            + " name from ltq list, or the class name of a PruningStrategy or Pruner"
            + " (default: ${DEFAULT-VALUE}).")
    String pruner;

    @Option(names = "--controls", split = ",", defaultValue = "reinit,random-prune",
            description = "Controls trained on every level's mask: reinit, random-prune, both"
                    + " (default), none, or a Control's name or class name.")
    List<String> controls;

    @Option(names = "--data", description = "Folder with the dataset files (default: a local copy"
            + " such as /usr/share/datasets/fashion-mnist, else DJL's download).")
    Path data;

    @Option(names = "--engine", defaultValue = "PyTorch", description = "PyTorch or MXNet"
            + " (default: ${DEFAULT-VALUE}).")
    String engine;

    @Option(names = "--device", defaultValue = "cpu", description = "cpu or gpu (default:"
            + " ${DEFAULT-VALUE}).")
    String device;

    @Option(names = "--out", required = true, description = "Run folder; rerunning the same"
            + " command resumes it.")
    Path out;

    @Option(names = "--mask-format", defaultValue = "bool", description = "How mask.npz stores"
            + " the masks: bool (numpy.load gives each mask as it is) or packed (numpy.packbits"
            + " bytes: a third to two thirds smaller and several times faster to save and load)."
            + " Reading detects either (default: bool).")
    MaskFormat maskFormat;

    @Option(names = "--iterations", description = "Optimizer steps per level (paper: preset).")
    Long iterations;

    @Option(names = "--eval-every", defaultValue = "1000", description = "Evaluate every N steps"
            + " (default: ${DEFAULT-VALUE}).")
    long evalEvery;

    @Option(names = "--test-every", description = "Evaluate the test set every N steps; it is"
            + " also evaluated at the end and wherever the validation loss reaches a new minimum,"
            + " so the early-stop accuracy is always measured. A multiple of --eval-every"
            + " (default: at every evaluation).")
    Long testEvery;

    @Option(names = "--warmup", description = "Steps of linear learning-rate warmup from 0 to"
            + " --lr, before any --lr-drops (default: the preset's, 10000 for vgg19, else 0).")
    Long warmupSteps;

    @Option(names = "--batch-size", description = "Examples per step (paper: preset).")
    Integer batchSize;

    @Option(names = "--optimizer", description = "adam, sgd, momentum or nesterov.")
    OptimizerKind optimizer;

    @Option(names = "--lr", description = "Learning rate.")
    Double learningRate;

    @Option(names = "--lr-drops", split = ",", description = "Steps where the rate drops 10x.")
    List<Long> lrDrops;

    @Option(names = "--momentum", description = "Momentum of momentum/nesterov.")
    Double momentum;

    @Option(names = "--weight-decay", defaultValue = "0", description = "L2 weight decay.")
    double weightDecay;

    @Option(names = "--scope", description = "layerwise (each layer its own rate) or global (one"
            + " threshold across layers; default: the preset's).")
    PruningScope scope;

    @Option(names = "--structure", defaultValue = "weights", description = "What a level"
            + " prunes: weights (unstructured), neurons (hidden Linear units) or channels"
            + " (convolution filters), each with its bias, BatchNorm entries and the next layer's"
            + " inputs (default: ${DEFAULT-VALUE}).")
    String structure;

    @Option(names = "--unit-norm", defaultValue = "l1", description = "How a neuron or channel"
            + " is scored: l1 (Li et al. 2017) or l2, the norm of its own weights (default:"
            + " ${DEFAULT-VALUE}).")
    String unitNorm;

    @Option(names = "--min-width", defaultValue = "1", description = "The fewest neurons or"
            + " channels a layer keeps (default: ${DEFAULT-VALUE}).")
    int minWidth;

    @Option(names = "--width-multiple", defaultValue = "1", description = "Round the widths"
            + " kept up to a multiple, as CPU kernels prefer (default: ${DEFAULT-VALUE}).")
    int widthMultiple;

    @Option(names = "--structured-training", defaultValue = "compact", description = "compact"
            + " (train the smaller network a structured level leaves) or masked (the masked"
            + " dense network; default: ${DEFAULT-VALUE}).")
    String compactTraining;

    @Option(names = "--scratch-cap", defaultValue = "5", description = "Scratch-B trains for"
            + " iterations × FLOPs(dense)/FLOPs(ticket), at most this many times the"
            + " iterations (default: ${DEFAULT-VALUE}).")
    double scratchBudgetCap;

    @Option(names = "--residual-channels", defaultValue = "inner", description = "In residual"
            + " networks (ResNet-20): inner prunes the channels inside each block (Li et al.);"
            + " shared also prunes each stage's channels the additions join (default:"
            + " ${DEFAULT-VALUE}).")
    String residualChannels;

    @Option(names = "--rewind", defaultValue = "0", description = "Rewind step k: a number of"
            + " iterations, or epochs with the suffix ep (e.g. 2ep). 0 is the original lottery"
            + " ticket (default: ${DEFAULT-VALUE}).")
    String rewindStep;

    @Option(names = "--seed", defaultValue = "0", description = "Seed of the initialization;"
            + " data order and split use --data-seed and --split-seed (default: ${DEFAULT-VALUE}).")
    long initSeed;

    @Option(names = "--data-seed", defaultValue = "0", description = "Seed of the training data"
            + " order.")
    long dataSeed;

    @Option(names = "--split-seed", defaultValue = "0", description = "Seed of the validation"
            + " split.")
    long splitSeed;

    @Option(names = "--validation", defaultValue = "5000", description = "Training examples held"
            + " out for early stopping (default: ${DEFAULT-VALUE}).")
    int validationSize;

    @Option(names = "--train-limit", defaultValue = "0", description = "Use at most N training"
            + " examples, 0 for all.")
    int trainLimit;

    @Option(names = "--augment", description = "Random flips and crops (CIFAR).")
    boolean augment;

    @Option(names = "--json", description = "Print one JSON object per event instead of a table.")
    boolean json;

    @Option(names = "--quiet", description = "No progress bar.")
    boolean quiet;

    /**
     * Makes sure the run folder can be used: an existing folder we can write, or one we can create.
     *
     * @return whether the folder was made here, so that a refusal can take it back
     */
    boolean checkOut() {
        refuseFileOut();
        boolean made = !Files.exists(out);
        try {
            Files.createDirectories(out);
        } catch (IOException e) {
            // The JDK names the first folder it failed to make; say which existing one refused.
            Path refusing = out.toAbsolutePath().getParent();
            while (refusing != null && !Files.exists(refusing)) {
                refusing = refusing.getParent();
            }
            throw new UserMistakeException(
                    "--out " + out + " cannot be created: " + refusing + " does not accept new"
                            + " folders (" + UserErrors.describe(e) + "); choose a folder you can"
                            + " write, e.g. runs/" + out.getFileName() + ".", e);
        }
        if (!Files.isWritable(out)) {
            throw new UserMistakeException(
                    "--out " + out + " is not writable: choose a folder you can write, e.g. runs/"
                            + out.getFileName() + ".");
        }
        return made;
    }

    /**
     * Removes the run folder this command made when it is still empty: a refusal after {@link
     * #checkOut} (a structure the network cannot have, rates a global scope cannot use) then
     * leaves nothing behind.
     */
    void removeOutIfUnused() {
        try (var entries = Files.list(out)) {
            if (entries.findAny().isEmpty()) {
                Files.delete(out);
            }
        } catch (IOException e) {
            // Left as it is: the refusal the user sees matters more than an empty folder.
        }
    }

    /** Refuses an {@code --out} that is a file; changes nothing. */
    void refuseFileOut() {
        if (Files.exists(out) && !Files.isDirectory(out)) {
            throw new UserMistakeException(
                    "--out " + out + " is a file, not a folder: give a new folder or the folder of"
                            + " an earlier run.");
        }
    }

    private Catalog catalog;

    /** The networks, datasets, pruners and controls on the class path. */
    Catalog catalog() {
        if (catalog == null) {
            catalog = Catalog.discover();
        }
        return catalog;
    }

    /** The network's preset, checked. */
    Preset preset() {
        return catalog().network(model).preset();
    }

    /** The mask format of --mask-format. */
    MaskFormat maskFormat() {
        return maskFormat;
    }

    /** The engine name as DJL spells it, checked against the engines on the classpath. */
    String engineName() {
        for (String name : RunModels.availableEngines()) {
            if (name.equalsIgnoreCase(engine)) {
                return name;
            }
        }
        throw new UserMistakeException(
                "Unknown engine " + engine + ": choose one of " + RunModels.availableEngines()
                        + " (the training engines on the classpath).");
    }

    /**
     * Parses the rewind step.
     *
     * @param stepsPerEpoch training steps in one epoch
     * @return the step k
     */
    long rewindStep(long stepsPerEpoch) {
        String r = rewindStep.trim().toLowerCase(Locale.ROOT);
        try {
            if (r.endsWith("ep")) {
                double epochs = Double.parseDouble(r.substring(0, r.length() - 2));
                if (epochs < 0) {
                    throw new NumberFormatException();
                }
                return Math.round(epochs * stepsPerEpoch);
            }
            long k = Long.parseLong(r);
            if (k < 0) {
                throw new NumberFormatException();
            }
            return k;
        } catch (NumberFormatException e) {
            throw new UserMistakeException(
                    "--rewind " + rewindStep + " is not a step: give iterations (500) or epochs"
                            + " with the suffix ep (2ep).");
        }
    }

    /**
     * Builds the settings from the options and the preset: the one place where flags become
     * settings.
     *
     * @param levels pruning levels
     * @param rates per-level pruning rates
     * @param schedule iterative or one-shot, as the command prunes
     * @param stepsPerEpoch training steps per epoch, to read --rewind in epochs
     * @return the checked settings
     * @throws InvalidSettingException naming the first setting out of range by its flag
     */
    LotteryConfig toConfig(int levels, LayerRates rates, PruningSchedule schedule,
            long stepsPerEpoch) {
        Preset p = preset();
        long iters = iterations != null ? iterations : p.iterations();
        return new LotteryConfig(
                new NetworkSettings(key(model, catalog().network(model).name()),
                        engineName(), device.toLowerCase(Locale.ROOT)),
                new DataSettings(datasetName(), batchSize(), validationSize, trainLimit, augment),
                new TrainingSettings(
                        optimizer != null ? optimizer : p.optimizer(),
                        learningRate != null ? learningRate : p.learningRate(),
                        lrDrops != null ? lrDrops : p.lrDrops(),
                        warmupSteps != null ? warmupSteps : p.warmupSteps(),
                        momentum != null ? momentum : p.momentum(),
                        weightDecay,
                        iters,
                        Math.min(evalEvery, iters),
                        testEvery(iters)),
                new PruningSettings(rates.dense(), rates.conv(), rates.output(),
                        scope != null ? scope : p.scope(), levels, rewindStep(stepsPerEpoch),
                        Controls.parse(controls, catalog()), prunerKey(), schedule),
                new SeedSettings(initSeed, dataSeed, splitSeed),
                new StructureSettings(structure, unitNorm, minWidth, widthMultiple,
                        compactTraining(), scratchBudgetCap, residualChannels));
    }

    private boolean compactTraining() {
        return switch (compactTraining.toLowerCase(Locale.ROOT)) {
            case "compact" -> true;
            case "masked" -> false;
            default -> throw new InvalidSettingException("{compactTraining} is compact or masked,"
                    + " not '" + compactTraining + "'.");
        };
    }

    /**
     * Returns the flag that sets a setting, for messages: {@code --lr} for {@code learningRate}.
     *
     * @param setting a field name of the settings records
     * @return the flag, or the field name for a setting without one
     */
    static String flag(String setting) {
        return FLAGS.getOrDefault(setting, setting);
    }

    /**
     * Setting → flag, for every setting a flag sets: an option field is named after the setting
     * it sets (see {@link #toConfig}), so each flag is declared once, in its {@code @Option}.
     */
    static final Map<String, String> FLAGS = flagsOf(RunOptions.class, LevelOptions.class);

    private static Map<String, String> flagsOf(Class<?>... types) {
        Map<String, String> out = new java.util.LinkedHashMap<>();
        for (Class<?> type : types) {
            for (java.lang.reflect.Field f : type.getDeclaredFields()) {
                Option o = f.getAnnotation(Option.class);
                if (o != null) {
                    out.put(f.getName(), o.names()[0]);
                }
            }
        }
        return Map.copyOf(out);
    }

    // A piece given by class name is recorded by it, so the run finds it again; a registered one
    // by its own spelling of its name.
    private static String key(String given, String registered) {
        return given.indexOf('.') > 0 ? given.trim() : registered;
    }

    private String prunerKey() {
        return key(pruner, catalog().pruner(pruner).name());
    }

    // Beyond training, --test-every only means "at the end": the first multiple of the
    // evaluation interval past it says so and stays valid.
    private long testEvery(long iters) {
        if (testEvery == null) {
            return 0;
        }
        long eval = Math.min(evalEvery, iters);
        return testEvery >= iters && eval > 0 ? (iters + eval - 1) / eval * eval : testEvery;
    }

    int batchSize() {
        return batchSize != null ? batchSize : preset().batchSize();
    }

    String datasetName() {
        if (dataset != null) {
            return dataset.indexOf('.') > 0 ? dataset.trim() : dataset.toLowerCase(Locale.ROOT);
        }
        if (preset().dataset() == null) {
            throw new UserMistakeException("--model " + model + " has no default dataset: give"
                    + " --dataset (see ltq list).");
        }
        return preset().dataset();
    }

    /** Completion candidates for --model: the registered networks. */
    static final class ModelNames extends java.util.ArrayList<String> {

        private static final long serialVersionUID = 1L;

        ModelNames() {
            super(Catalog.discover().listing().networks().stream()
                    .map(Catalog.Entry::name).toList());
        }
    }
}

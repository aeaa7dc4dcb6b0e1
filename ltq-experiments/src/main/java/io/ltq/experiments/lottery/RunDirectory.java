package io.ltq.experiments.lottery;

import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import com.google.gson.Gson;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import io.ltq.experiments.UserMistakeException;
import io.ltq.experiments.datasets.Datasets;
import io.ltq.experiments.provenance.Provenance;
import io.ltq.experiments.training.MetricsRow;
import io.ltq.files.AtomicFiles;
import io.ltq.files.Float32Npz;
import io.ltq.mask.CorruptMaskException;
import io.ltq.mask.DirectoryMaskStore;
import io.ltq.mask.MaskFormat;
import io.ltq.mask.MaskSet;
import io.ltq.mask.NpzMasks;
import io.ltq.prune.PruningScope;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.lang.reflect.RecordComponent;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The folder of one run, laid out as {@code docs/DESIGN.md} describes:
 *
 * <pre>
 * run.json              settings, engine, versions, seeds, the machine it was started on
 * init.params           θ0;  rewind.params: θk when k &gt; 0 (DJL's format)
 * init.npz, rewind.npz  the same tensors for NumPy: numpy.load(f)[path], named as in the masks
 * level_NN/mask.npz     the mask trained at level NN (NumPy-readable); the one after the last
 *                       level is made too, so that a finished run can be extended
 * level_NN/metrics.csv  step, train loss, validation loss/accuracy, test accuracy
 * level_NN/trained.params   the ticket's weights at the end of the level; trained.npz too
 * level_NN/summary.json weights remaining, early-stop step, accuracies, the machine that
 *                       trained it; written last
 * level_NN/reinit/, level_NN/random_prune/   the controls, same files
 * </pre>
 *
 * <p>Every file is written atomically, and a level counts as finished only once its {@code
 * summary.json} exists, so a killed run resumes at the first unfinished level.
 */
public final class RunDirectory {

    /** θ0, the weights a run starts from, in DJL's format; {@link #npzName} gives its twin. */
    public static final String INIT = "init.params";

    /** θk, the weights after k steps of level 0 that tickets rewind to when k &gt; 0. */
    public static final String REWIND = "rewind.params";

    static final Gson GSON = LtqJson.PRETTY;

    private final Path root;
    private final DirectoryMaskStore masks;
    // Tests stop a run after any file lands, the points at which a killed run can have died.
    private Consumer<Path> afterWrite = file -> {};

    /**
     * Opens (without creating) a run folder that writes masks as NumPy booleans.
     *
     * @param root the folder
     */
    public RunDirectory(Path root) {
        this(root, MaskFormat.BOOL);
    }

    /**
     * Opens (without creating) a run folder.
     *
     * @param root the folder
     * @param maskFormat how new masks are written; masks are read in whichever format they have
     */
    public RunDirectory(Path root, MaskFormat maskFormat) {
        this.root = root;
        this.masks = DirectoryMaskStore.builder(root).optFormat(maskFormat).build();
    }

    /**
     * Returns the folder.
     *
     * @return the root path
     */
    public Path root() {
        return root;
    }

    /**
     * Returns the folder of a level, or of one of its controls.
     *
     * @param level the level
     * @param variant the ticket, whose files are in the level's folder, or a control
     * @return the folder
     */
    public Path levelDir(int level, Variant variant) {
        Path dir = root.resolve(RunFiles.level(level));
        return variant.isTicket() ? dir : dir.resolve(variant.name());
    }

    /**
     * Reads the recorded settings, if any.
     *
     * @return the settings of {@code run.json}, or {@code null} for a new run
     * @throws IOException when the file exists but cannot be read
     * @throws UserMistakeException when the file is damaged, saying how to recover
     */
    public LotteryConfig readConfig() throws IOException {
        return readRunJson(json -> {
            JsonObject config = json.getAsJsonObject("config");
            return GSON.fromJson(isFlat(config) ? grouped(config) : config, LotteryConfig.class);
        });
    }

    /**
     * Reads one part of {@code run.json}; the one place that says the file is damaged.
     *
     * @param part reads the part from the file's object
     * @return the part, or {@code null} when there is no {@code run.json}
     */
    private <T> T readRunJson(java.util.function.Function<JsonObject, T> part)
            throws IOException {
        Path file = root.resolve("run.json");
        if (!Files.exists(file)) {
            return null;
        }
        try {
            return part.apply(GSON.fromJson(Files.readString(file), JsonObject.class));
        } catch (JsonParseException | IllegalArgumentException | InvalidSettingException
                | NullPointerException e) {
            throw new UserMistakeException(
                    file + " is damaged (" + jsonProblem(e) + "): restore it from a copy, or"
                            + " start the run again in a new --out folder.", e);
        }
    }

    // Runs before 2026-12-02 recorded their settings as one flat object.
    private static boolean isFlat(JsonObject config) {
        return config.has("model") && config.get("model").isJsonPrimitive();
    }

    /** The grouped form of a flat settings object: each field goes to the group that has it. */
    private static JsonObject grouped(JsonObject flat) {
        JsonObject out = new JsonObject();
        for (RecordComponent group : LotteryConfig.class.getRecordComponents()) {
            JsonObject settings = new JsonObject();
            for (RecordComponent c : group.getType().getRecordComponents()) {
                if (flat.has(c.getName())) {
                    settings.add(c.getName(), flat.get(c.getName()));
                }
            }
            if (settings.size() > 0) {
                // A group newer than flat files (structure) is left out: it reads as defaults.
                out.add(group.getName(), settings);
            }
        }
        for (String control : List.of("reinitControl", "randomPruneControl")) {
            if (flat.has(control)) {
                // LtqJson reads these booleans of earlier runs as the list of controls.
                out.getAsJsonObject("pruning").add(control, flat.get(control));
            }
        }
        boolean global = flat.has("globalPruning") && flat.get("globalPruning").getAsBoolean();
        out.getAsJsonObject("pruning").addProperty("scope",
                (global ? PruningScope.GLOBAL : PruningScope.LAYERWISE).name());
        return out;
    }

    /**
     * Reads what the run's network was.
     *
     * @return the architecture of {@code run.json}, or {@code null} for a new run or one made
     *     before architectures were recorded
     * @throws IOException when the file exists but cannot be read
     * @throws UserMistakeException when the file is damaged, saying how to recover
     */
    public Architecture readArchitecture() throws IOException {
        return readRunJson(json -> json.has("architecture")
                ? GSON.fromJson(json.get("architecture"), Architecture.class) : null);
    }

    /**
     * Reads the machine the run was started on.
     *
     * @return the provenance of {@code run.json}, or {@code null} for a new run or one made
     *     before provenance was recorded
     * @throws IOException when the file exists but cannot be read
     * @throws UserMistakeException when the file is damaged, saying how to recover
     */
    public Provenance readProvenance() throws IOException {
        return readRunJson(json -> json.has("provenance")
                ? GSON.fromJson(json.get("provenance"), Provenance.class) : null);
    }

    /**
     * Records the settings, the network's architecture, the software versions and the machine
     * the run was started on.
     *
     * @param config the settings
     * @param architecture what the network is
     * @param versions engine and library versions
     * @param provenance the machine the run was started on; {@code null} leaves it out (a run
     *     made before it was recorded, whose first machine nobody knows)
     * @throws IOException when writing fails
     */
    public void writeConfig(LotteryConfig config, Architecture architecture,
            Map<String, String> versions, Provenance provenance) throws IOException {
        JsonObject json = new JsonObject();
        json.add("config", GSON.toJsonTree(config));
        json.add("architecture", GSON.toJsonTree(architecture));
        json.add("versions", GSON.toJsonTree(versions));
        if (provenance != null) {
            json.add("provenance", GSON.toJsonTree(provenance));
        }
        Path file = root.resolve("run.json");
        AtomicFiles.writeString(file, GSON.toJson(json));
        written(file);
    }

    /**
     * Says in a few words what is wrong with a JSON file Gson could not read, without Gson's
     * troubleshooting link.
     *
     * @param e what Gson (or the reading of its result) threw
     * @return e.g. {@code End of input at line 5 column 2 path $.config}
     */
    public static String jsonProblem(RuntimeException e) {
        Throwable t = e.getCause() != null && e.getMessage() != null
                && e.getMessage().startsWith(e.getCause().getClass().getName()) ? e.getCause() : e;
        String m = t.getMessage();
        if (m == null || m.isBlank()) {
            return "not the JSON LTQ writes";
        }
        m = m.lines().findFirst().orElse(m).strip();
        return m.endsWith(".") ? m.substring(0, m.length() - 1) : m;
    }

    /** Sets what happens after each file is written; for tests that stop a run there. */
    void onWrite(Consumer<Path> hook) {
        afterWrite = hook;
    }

    private void written(Path file) {
        afterWrite.accept(file);
    }

    /**
     * Saves a network's parameters atomically, in DJL's format and as {@link #npzName its NumPy
     * twin}.
     *
     * @param name the file name, e.g. {@code init.params}
     * @param block the network
     * @throws IOException when writing fails
     */
    public void saveParameters(String name, Block block) throws IOException {
        // The NumPy twin first: a .params file (which resumes look for) implies its .npz.
        saveNumpyTwin(name, block);
        AtomicFiles.write(root.resolve(name), out -> {
            DataOutputStream dos = new DataOutputStream(out);
            block.saveParameters(dos);
            dos.flush();
        });
        written(root.resolve(name));
    }

    /**
     * Writes the NumPy twin of a parameter file, {@link #npzName}: the same tensors for everyone
     * outside DJL, {@code numpy.load(...)[path]} being the parameter.
     */
    private void saveNumpyTwin(String paramsName, Block block) throws IOException {
        Path npz = root.resolve(npzName(paramsName));
        Float32Npz.write(npz, tensors(block));
        written(npz);
    }

    /**
     * Reads the tensors of a parameter file: its {@link #npzName NumPy twin}, or, where the twin
     * is missing (git leaves them out of committed runs), the DJL file itself, loaded into the
     * run's network on the run's engine. Nothing is written.
     *
     * @param paramsName e.g. {@code level_03/trained.params}
     * @param config the run's settings, which say the engine
     * @param network gives the run's network, built to read the DJL file when the twin is
     *     missing
     * @return the tensors by parameter name, or {@code null} when neither file exists
     * @throws IOException when a file cannot be read
     * @throws UserMistakeException when a file is damaged or not this network's weights
     */
    public Map<String, Float32Npz.Tensor> readTensors(String paramsName, LotteryConfig config,
            java.util.function.Supplier<Network> network) throws IOException {
        Path npz = root.resolve(npzName(paramsName));
        if (Files.exists(npz)) {
            try {
                return Float32Npz.read(npz);
            } catch (NoSuchFileException e) {
                throw e;
            } catch (IOException e) {
                // Float32Npz says what is wrong with the file; without it the weights are read
                // from the DJL file it was written beside.
                String fix = hasParameters(paramsName)
                        ? "delete it, and ltq reads the same weights from "
                                + root.resolve(paramsName)
                        : "restore it from a copy of the run";
                throw new UserMistakeException(e.getMessage() + ": " + fix + ".", e);
            }
        }
        if (!hasParameters(paramsName)) {
            return null;
        }
        Architecture architecture = readArchitecture();
        // Runs from before architectures were recorded used a bundled dataset of 10 classes.
        Shape example = architecture != null ? architecture.shape()
                : Datasets.fromName(config.data().dataset()).exampleShape();
        int classes = architecture != null ? architecture.numClasses() : 10;
        try (Model model = RunModels.create(config, network.get(), example, classes)) {
            loadParameters(paramsName, model.getBlock(), model.getNDManager());
            return tensors(model.getBlock());
        }
    }

    /**
     * Returns a network's parameters as float32 tensors, by parameter name, in the block's order.
     *
     * @param block an initialized network
     * @return its tensors
     */
    public static Map<String, Float32Npz.Tensor> tensors(Block block) {
        Map<String, Float32Npz.Tensor> tensors = new LinkedHashMap<>();
        for (Pair<String, Parameter> p : block.getParameters()) {
            NDArray a = p.getValue().getArray();
            float[] values;
            if (a.getDataType() == DataType.FLOAT32) {
                values = a.toFloatArray();
            } else {
                try (NDArray f = a.toType(DataType.FLOAT32, true)) {
                    values = f.toFloatArray();
                }
            }
            tensors.put(p.getKey(), new Float32Npz.Tensor(a.getShape().getShape(), values));
        }
        return tensors;
    }

    /**
     * Returns the NumPy file written beside a parameter file.
     *
     * @param paramsName e.g. {@code level_03/trained.params}
     * @return e.g. {@code level_03/trained.npz}
     */
    public static String npzName(String paramsName) {
        return paramsName.replaceFirst("\\.params$", "") + ".npz";
    }

    /**
     * Returns whether a parameter file exists.
     *
     * @param name the file name
     * @return {@code true} when present
     */
    public boolean hasParameters(String name) {
        return Files.exists(root.resolve(name));
    }

    /**
     * Loads parameters saved by {@link #saveParameters} into an initialized network.
     *
     * @param name the file name
     * @param block the network, same architecture
     * @param manager the manager of the network's arrays
     * @throws IOException when the file is missing or cannot be read
     * @throws UserMistakeException when the file is damaged or does not fit the network
     */
    public void loadParameters(String name, Block block, NDManager manager) throws IOException {
        Path file = root.resolve(name);
        try (DataInputStream in =
                new DataInputStream(new BufferedInputStream(Files.newInputStream(file)))) {
            block.loadParameters(manager, in);
        } catch (MalformedModelException | IllegalArgumentException | IOException e) {
            if (e instanceof NoSuchFileException) {
                throw (NoSuchFileException) e;
            }
            // θ0 starts the run; every other weight file is retrained by the same command.
            String fix = name.equals("init.params")
                    ? "delete the run folder and rerun, or choose another --out"
                    : "delete it and rerun the same ltq lottery command to recompute it";
            String detail = e.getMessage() == null ? "the file ends early" : e.getMessage();
            throw new UserMistakeException(
                    file + " is damaged or not this network's weights (" + detail + "): " + fix
                            + ".", e);
        }
    }

    /**
     * Saves the mask a level trains with.
     *
     * @param level the level
     * @param variant the ticket or a control
     * @param maskSet the masks
     * @throws IOException when writing fails
     */
    public void saveMasks(int level, Variant variant, MaskSet maskSet) throws IOException {
        Path file = levelDir(level, variant).resolve("mask.npz");
        if (variant.isTicket()) {
            masks.save(level, maskSet);
        } else {
            NpzMasks.write(file, maskSet, masks.format());
        }
        written(file);
    }

    /**
     * Loads the mask a level trained with.
     *
     * @param level the level
     * @param variant the ticket or a control
     * @return the masks
     * @throws IOException when missing or unreadable
     * @throws UserMistakeException when damaged, with the message of the {@link
     *     CorruptMaskException}, which says how to recover
     */
    public MaskSet loadMasks(int level, Variant variant) throws IOException {
        try {
            if (variant.isTicket()) {
                return masks.load(level);
            }
            return NpzMasks.read(levelDir(level, variant).resolve("mask.npz"));
        } catch (CorruptMaskException e) {
            throw new UserMistakeException(e.getMessage(), e);
        }
    }

    /**
     * Returns whether the mask of a level exists.
     *
     * @param level the level
     * @return {@code true} when stored
     */
    public boolean hasMasks(int level) {
        return masks.contains(level);
    }

    /**
     * Writes the metrics of a trained network.
     *
     * @param level the level
     * @param variant the ticket or a control
     * @param rows the metrics rows
     * @throws IOException when writing fails
     */
    public void writeMetrics(int level, Variant variant, List<MetricsRow> rows)
            throws IOException {
        StringBuilder csv = new StringBuilder(MetricsRow.CSV_HEADER).append('\n');
        rows.forEach(r -> csv.append(r.toCsv()).append('\n'));
        Path file = levelDir(level, variant).resolve("metrics.csv");
        AtomicFiles.writeString(file, csv.toString());
        written(file);
    }

    /**
     * Writes the summary that marks a trained network as finished.
     *
     * @param summary the summary
     * @throws IOException when writing fails
     */
    public void writeSummary(LevelSummary summary) throws IOException {
        written(RunFiles.writeSummary(levelDir(summary.level(), summary.variant()), summary));
    }

    /**
     * Reads a finished network's summary.
     *
     * @param level the level
     * @param variant the ticket or a control
     * @return the summary, or {@code null} when that network is not finished
     * @throws IOException when the file exists but cannot be read
     * @throws UserMistakeException when the file is damaged, saying how to recover
     */
    public LevelSummary readSummary(int level, Variant variant) throws IOException {
        return RunFiles.readSummary(levelDir(level, variant), LevelSummary.class,
                s -> s.variant() != null, "delete it and rerun the same command to retrain that"
                        + " network");
    }
}

package io.ltq.experiments.export;

import ai.djl.Model;
import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.dataset.Batch;
import ai.djl.translate.TranslateException;
import ai.djl.util.Pair;
import io.ltq.djl.params.PrunableParameter;
import io.ltq.djl.params.PrunableParameters;
import io.ltq.experiments.UserMistakeException;
import io.ltq.experiments.catalog.Catalog;
import io.ltq.experiments.lottery.ExperimentData;
import io.ltq.experiments.lottery.LevelSummary;
import io.ltq.experiments.lottery.LotteryConfig;
import io.ltq.experiments.lottery.RunDirectory;
import io.ltq.experiments.lottery.RunFiles;
import io.ltq.experiments.lottery.RunSession;
import io.ltq.experiments.lottery.Variant;
import io.ltq.experiments.models.FlopCounter;
import io.ltq.files.Float32Npz;
import io.ltq.mask.MaskSet;
import io.ltq.prune.structured.UnitSelection;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * Exports one level's ticket of a run: a structured ticket as a compact DJL model folder, checked
 * against the masked network on the whole test set; an unstructured one as CSR tensors. Every
 * check that can refuse runs before the folder is made, and {@code ticket.json} is written last.
 *
 * <pre>{@code
 * ExportedTicket t = TicketExport.builder().setRun(dir).setLevel(5).setOut(out)
 *         .setData(data).build().run();
 * }</pre>
 */
public final class TicketExport {

    private final RunDirectory dir;
    private final int level;
    private final Path out;
    private final ExperimentData data;

    private TicketExport(Builder b) {
        this.dir = b.dir;
        this.level = b.level;
        this.out = b.out;
        this.data = b.data;
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
     * Checks that a level of a run can be exported to a folder, writing nothing.
     *
     * @param dir the run folder
     * @param level the level
     * @param out the folder to write
     * @return the run's settings
     * @throws IOException when the run cannot be read
     * @throws UserMistakeException naming what is wrong and what to do
     */
    public static LotteryConfig check(RunDirectory dir, int level, Path out) throws IOException {
        LotteryConfig config = RunSession.requireRun(dir);
        int levels = config.pruning().levels();
        if (level < 0 || level > levels) {
            throw new UserMistakeException("--level " + level + " is not a level of " + dir.root()
                    + ", which has levels 0 to " + levels + ": choose one of them.");
        }
        if (Files.exists(out) && (!Files.isDirectory(out) || !isEmpty(out))) {
            throw new UserMistakeException("--out " + out + " already exists and is not an"
                    + " empty folder: choose a new folder for the ticket.");
        }
        if (dir.readSummary(level, Variant.TICKET) == null
                || !dir.hasParameters(RunFiles.trained(level))) {
            throw new UserMistakeException("Level " + level + " of " + dir.root() + " is not"
                    + " finished: finish it with ltq lottery (rerun the run's command), or"
                    + " export a finished level.");
        }
        return config;
    }

    private static boolean isEmpty(Path folder) throws IOException {
        try (Stream<Path> entries = Files.list(folder)) {
            return entries.findAny().isEmpty();
        }
    }

    /**
     * Writes the ticket's folder.
     *
     * @return what {@code ticket.json} records
     * @throws IOException when reading the run or writing fails
     */
    public ExportedTicket run() throws IOException {
        LotteryConfig config = check(dir, level, out);
        LevelSummary summary = dir.readSummary(level, Variant.TICKET);
        long denseBytes = Files.size(dir.root().resolve(RunFiles.trained(level)));
        if (!config.structure().isStructured()) {
            return sparse(config, summary, denseBytes);
        }
        try (RunSession session = RunSession.open(dir, Catalog.discover().network(dir, config),
                data)) {
            session.loadTrained(level);
            MaskSet masks = dir.loadMasks(level, Variant.TICKET);
            session.ticket().setMasks(masks);
            UnitSelection kept = session.selectionOf(masks);
            Shape example = data.exampleShape();
            Block dense = session.model().getBlock();
            try (Model compact = session.compactModel(masks)) {
                Files.createDirectories(out);
                compact.save(out, ExportedTicket.MODEL_NAME);
                Float32Npz.write(out.resolve("ticket.npz"),
                        RunDirectory.tensors(compact.getBlock()));
                Map<String, int[]> units = new LinkedHashMap<>();
                kept.layers().forEach(l -> units.put(l.name(), kept.kept(l.name())));
                long ticketBytes = Files.size(out.resolve(ExportedTicket.MODEL_NAME
                        + "-0000.params"));
                ExportedTicket record = new ExportedTicket(1, "compact",
                        config.network().model(),
                        java.util.Arrays.stream(example.getShape()).boxed().toList(),
                        data.numClasses(), config.structure().structure(),
                        config.structure().residualChannels(), units,
                        dir.root().toAbsolutePath().toString(), level,
                        summary.weightsRemaining(), parameters(dense),
                        parameters(compact.getBlock()),
                        FlopCounter.total(FlopCounter.count(dense, example)),
                        FlopCounter.total(FlopCounter.count(compact.getBlock(), example)),
                        denseBytes, ticketBytes, null);
                ExportedTicket.Check check = compare(session, record, config);
                ExportedTicket done = withCheck(record, check);
                done.write(out);
                return done;
            }
        }
    }

    /**
     * Loads the folder through {@link ExportedTicket#newBlock} and DJL's {@code Model.load}, as a
     * user's program would, and runs it beside the masked network over the test set.
     */
    private ExportedTicket.Check compare(RunSession session, ExportedTicket record,
            LotteryConfig config) throws IOException {
        Block block = record.newBlock();
        String engine = config.network().engine();
        try (Model loaded = Model.newInstance("exported", session.model().getNDManager()
                .getDevice(), engine)) {
            loaded.setBlock(block);
            loaded.load(out, ExportedTicket.MODEL_NAME);
            Block dense = session.model().getBlock();
            double maxDiff = 0;
            long agree = 0;
            long examples = 0;
            NDManager manager = session.model().getNDManager();
            try (NDManager scope = manager.newSubManager()) {
                ParameterStore ps = new ParameterStore(scope, false);
                for (Batch batch : data.test().getData(scope)) {
                    try (batch; NDManager step = scope.newSubManager()) {
                        NDList x = batch.getData();
                        NDArray a = dense.forward(ps, x, false).head();
                        NDArray b = block.forward(ps, x, false).head();
                        a.attach(step);
                        b.attach(step);
                        maxDiff = Math.max(maxDiff, a.sub(b).abs().max().getFloat());
                        agree += a.argMax(1).eq(b.argMax(1)).countNonzero().getLong();
                        examples += a.getShape().get(0);
                    }
                }
            } catch (TranslateException e) {
                throw new IOException("Could not read a batch of the test set.", e);
            }
            return new ExportedTicket.Check(engine, examples, maxDiff,
                    (double) agree / examples);
        } catch (MalformedModelException e) {
            throw new IOException("The exported model in " + out + " does not load.", e);
        }
    }

    private static ExportedTicket withCheck(ExportedTicket r, ExportedTicket.Check check) {
        return new ExportedTicket(r.format(), r.kind(), r.network(), r.exampleShape(),
                r.numClasses(), r.structure(), r.residualChannels(), r.kept(), r.run(), r.level(),
                r.weightsRemaining(), r.denseParameters(), r.ticketParameters(), r.denseMacs(),
                r.ticketMacs(), r.denseBytes(), r.ticketBytes(), check);
    }

    /** An unstructured ticket: CSR tensors of its pruned weights, the rest as they are. */
    private ExportedTicket sparse(LotteryConfig config, LevelSummary summary, long denseBytes)
            throws IOException {
        Files.createDirectories(out);
        Map<String, Float32Npz.Tensor> trained = dir.readTensors(RunFiles.trained(level),
                config, () -> Catalog.discover().network(dir, config));
        MaskSet masks = dir.loadMasks(level, Variant.TICKET);
        Map<String, Float32Npz.Tensor> rest = new LinkedHashMap<>();
        long bytes = 0;
        long nonzero = 0;
        long total = 0;
        Files.createDirectories(out.resolve("sparse"));
        for (Map.Entry<String, Float32Npz.Tensor> e : trained.entrySet()) {
            Float32Npz.Tensor t = e.getValue();
            total += t.values().length;
            if (masks.contains(e.getKey())) {
                bytes += SparseNpz.write(out.resolve("sparse").resolve(e.getKey() + ".npz"),
                        t.shape(), t.values());
                for (float v : t.values()) {
                    nonzero += v != 0 ? 1 : 0;
                }
            } else {
                rest.put(e.getKey(), t);
                nonzero += t.values().length;
            }
        }
        Path denseNpz = out.resolve("dense.npz");
        Float32Npz.write(denseNpz, rest);
        bytes += Files.size(denseNpz);
        ExportedTicket done = new ExportedTicket(1, "sparse", config.network().model(),
                List.of(), 0, "weights", null, Map.of(), dir.root().toAbsolutePath().toString(),
                level, summary.weightsRemaining(), total, nonzero, 0, 0, denseBytes, bytes,
                null);
        done.write(out);
        return done;
    }

    private static long parameters(Block block) {
        long n = 0;
        for (Pair<String, Parameter> p : block.getParameters()) {
            n += p.getValue().getArray().size();
        }
        return n;
    }

    /** Configures a {@link TicketExport}. */
    public static final class Builder {

        private RunDirectory dir;
        private int level = -1;
        private Path out;
        private ExperimentData data;

        Builder() {}

        /**
         * Sets the run.
         *
         * @param dir the run folder
         * @return this builder
         */
        public Builder setRun(RunDirectory dir) {
            this.dir = Objects.requireNonNull(dir, "dir");
            return this;
        }

        /**
         * Sets the level whose ticket is exported.
         *
         * @param level a finished level
         * @return this builder
         */
        public Builder setLevel(int level) {
            this.level = level;
            return this;
        }

        /**
         * Sets the folder to write.
         *
         * @param out a new or empty folder
         * @return this builder
         */
        public Builder setOut(Path out) {
            this.out = Objects.requireNonNull(out, "out");
            return this;
        }

        /**
         * Sets the run's data, whose test set the compact network is checked on.
         *
         * @param data the run's splits
         * @return this builder
         */
        public Builder setData(ExperimentData data) {
            this.data = Objects.requireNonNull(data, "data");
            return this;
        }

        /**
         * Builds the export.
         *
         * @return the export
         */
        public TicketExport build() {
            if (dir == null || out == null || data == null) {
                throw new IllegalStateException("Set the run, the out folder and the data.");
            }
            return new TicketExport(this);
        }
    }
}

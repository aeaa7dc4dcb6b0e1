package io.ltq.experiments.run;

import io.ltq.experiments.catalog.Catalog;

import io.ltq.experiments.datasets.DataSource;
import io.ltq.experiments.datasets.TrainTestData;
import io.ltq.experiments.lottery.Control;
import io.ltq.experiments.lottery.ExperimentData;
import io.ltq.experiments.lottery.LevelSummary;
import io.ltq.experiments.lottery.LotteryConfig;
import io.ltq.experiments.lottery.LotteryExperiment;
import io.ltq.experiments.lottery.Network;
import io.ltq.experiments.lottery.PruningStrategy;
import io.ltq.experiments.lottery.RunComponents;
import io.ltq.experiments.lottery.RunDirectory;
import io.ltq.experiments.lottery.RunListener;
import io.ltq.experiments.lottery.SplitsData;
import io.ltq.experiments.retrain.RetrainingStudy;
import io.ltq.experiments.stability.InstabilityAnalysis;
import io.ltq.mask.MaskFormat;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.LongFunction;

/**
 * {@code ltq lottery} from Java, for a network and data of one's own: the same run folder,
 * controls, exact resume and files, and the analyses and report that start from them.
 *
 * <pre>{@code
 * LotteryRun run = LotteryRun.builder()
 *         .setNetwork(Network.of("acme-net", (shape, classes) -> new AcmeNet(classes)))
 *         .setData(DjlDatasets.of("acme-parts", trainSet, testSet, 12))
 *         .optConfig(LotteryConfig.DEFAULTS.withLevels(5))   // network and dataset names are set
 *         .setOut(Path.of("runs/acme"))
 *         .build();
 * run.run();                                                 // reruns resume
 * run.stability().optSteps(List.of(0L, 500L)).build().run();
 * Report.builder().addRun(run.folder().root()).build().write();
 * }</pre>
 */
public final class LotteryRun {

    private final LotteryConfig config;
    private final RunComponents components;
    private final DataSource dataset;
    private final Path dataFolder;
    private final RunDirectory dir;
    private final RunListener listener;
    private TrainTestData loaded;

    private LotteryRun(Builder b) {
        Catalog catalog = b.catalog != null ? b.catalog : Catalog.discover();
        Network network = Objects.requireNonNull(b.network, "setNetwork is required");
        this.dataset = Objects.requireNonNull(b.dataset, "setData is required");
        Path out = Objects.requireNonNull(b.out, "setOut is required");
        this.config = b.config
                .withNetwork(b.config.network().withModel(network.name()))
                .withData(b.config.data().withDataset(dataset.name()));
        List<Control> controls = new ArrayList<>();
        for (String c : config.pruning().controls()) {
            controls.add(b.controls.stream().filter(x -> x.name().equals(c)).findFirst()
                    .orElseGet(() -> catalog.control(c)));
        }
        PruningStrategy pruner = b.pruner != null && b.pruner.name().equals(
                config.pruning().pruner()) ? b.pruner : catalog.pruner(config.pruning().pruner());
        this.components = new RunComponents(network, pruner, controls);
        this.dataFolder = b.dataFolder;
        this.dir = new RunDirectory(out, b.maskFormat);
        this.listener = b.listener;
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
     * Returns the run's settings, as {@code run.json} records them.
     *
     * @return the settings
     */
    public LotteryConfig config() {
        return config;
    }

    /**
     * Returns the run folder.
     *
     * @return the folder
     */
    public RunDirectory folder() {
        return dir;
    }

    /**
     * Runs (or resumes) every level and its controls.
     *
     * @return the summaries of every trained network, level by level, the ticket first
     * @throws IOException when the run folder or the data cannot be read or written
     */
    public List<LevelSummary> run() throws IOException {
        ExperimentData data = data().apply(config.seeds().dataSeed());
        Files.createDirectories(dir.root());
        return new LotteryExperiment(config, components, data, dir, listener).run();
    }

    /**
     * Returns the instability analysis of this run, with its network and data set.
     *
     * @return a builder to add the steps k, the level and the rest to
     */
    public InstabilityAnalysis.Builder stability() {
        return InstabilityAnalysis.builder().setRun(dir).setData(data())
                .optNetwork(components.network()).optListener(listener);
    }

    /**
     * Returns the retraining study of this run, with its network and data set.
     *
     * @return a builder to add the levels, steps and methods to
     */
    public RetrainingStudy.Builder retraining() {
        return RetrainingStudy.builder().setRun(dir).setData(data())
                .optNetwork(components.network()).optListener(listener);
    }

    // The data is read once, then split for each data-order seed an analysis asks for.
    private LongFunction<ExperimentData> data() {
        if (loaded == null) {
            loaded = dataset.load(dataFolder);
        }
        TrainTestData raw = loaded;
        return seed -> SplitsData.forRun(raw, dataset, config, seed);
    }

    /** Configures a {@link LotteryRun}. */
    public static final class Builder {

        private Network network;
        private DataSource dataset;
        private Path dataFolder;
        private Path out;
        private LotteryConfig config = LotteryConfig.DEFAULTS;
        private Catalog catalog;
        private PruningStrategy pruner;
        private final List<Control> controls = new ArrayList<>();
        private MaskFormat maskFormat = MaskFormat.BOOL;
        private RunListener listener = RunListener.NONE;

        Builder() {}

        /**
         * Sets the network; {@code run.json} records its name.
         *
         * @param network the network
         * @return this builder
         */
        public Builder setNetwork(Network network) {
            this.network = Objects.requireNonNull(network, "network");
            return this;
        }

        /**
         * Sets the data, e.g. {@link io.ltq.experiments.datasets.DjlDatasets#of} over DJL
         * datasets; {@code run.json} records its name.
         *
         * @param dataset the data
         * @return this builder
         */
        public Builder setData(DataSource dataset) {
            this.dataset = Objects.requireNonNull(dataset, "dataset");
            return this;
        }

        /**
         * Sets the folder a dataset that reads files reads from ({@code --data}).
         *
         * @param folder the folder
         * @return this builder
         */
        public Builder optDataFolder(Path folder) {
            this.dataFolder = folder;
            return this;
        }

        /**
         * Sets the run folder; running again resumes it.
         *
         * @param out the folder
         * @return this builder
         */
        public Builder setOut(Path out) {
            this.out = Objects.requireNonNull(out, "out");
            return this;
        }

        /**
         * Sets the settings; the network's and dataset's names are taken from {@link
         * #setNetwork} and {@link #setData}. {@link LotteryConfig#DEFAULTS} by default.
         *
         * @param config the settings
         * @return this builder
         */
        public Builder optConfig(LotteryConfig config) {
            this.config = Objects.requireNonNull(config, "config");
            return this;
        }

        /**
         * Sets where controls and pruners named by the settings are looked up; the class path's
         * by default.
         *
         * @param catalog the catalog
         * @return this builder
         */
        public Builder optCatalog(Catalog catalog) {
            this.catalog = Objects.requireNonNull(catalog, "catalog");
            return this;
        }

        /**
         * Uses a pruning strategy that no extension registers; the settings' {@code pruner}
         * must name it.
         *
         * @param pruner the strategy
         * @return this builder
         */
        public Builder optPruner(PruningStrategy pruner) {
            this.pruner = Objects.requireNonNull(pruner, "pruner");
            return this;
        }

        /**
         * Adds a control that no extension registers; the settings' {@code controls} must name
         * it.
         *
         * @param control the control
         * @return this builder
         */
        public Builder addControl(Control control) {
            controls.add(Objects.requireNonNull(control, "control"));
            return this;
        }

        /**
         * Sets how new masks are written ({@code --mask-format}); NumPy booleans by default.
         *
         * @param format the format
         * @return this builder
         */
        public Builder optMaskFormat(MaskFormat format) {
            this.maskFormat = Objects.requireNonNull(format, "format");
            return this;
        }

        /**
         * Receives progress.
         *
         * @param listener the listener
         * @return this builder
         */
        public Builder optListener(RunListener listener) {
            this.listener = Objects.requireNonNull(listener, "listener");
            return this;
        }

        /**
         * Builds the run; nothing is read or written until {@link LotteryRun#run()}.
         *
         * @return the run
         * @throws io.ltq.experiments.UserMistakeException when a control or pruner the settings
         *     name is not found
         */
        public LotteryRun build() {
            return new LotteryRun(this);
        }
    }
}

package io.ltq.bench.quick;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import io.ltq.djl.init.PortableInitializer;
import io.ltq.djl.structure.ResidualChannels;
import io.ltq.djl.structure.UnitKind;
import io.ltq.djl.structure.UnitStructure;
import io.ltq.experiments.models.FlopCounter;
import io.ltq.experiments.models.Networks;
import io.ltq.prune.structured.UnitLayer;
import io.ltq.prune.structured.UnitSelection;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * One network ready to run inference: the dense network, or the compact network of a structured
 * ticket that keeps a fraction of the units of every unit layer, so that the two can be timed side
 * by side. The compact network is what {@link UnitStructure#narrow} builds, holding the kept
 * units' weights of the dense network ({@link UnitStructure#copyToCompact}); which units are kept
 * (the first ones) and the weights (drawn at random) do not change its speed. ResNet-20 keeps the
 * fraction of every channel, each stage's shared ones included ({@link ResidualChannels#SHARED}).
 * Or a model of the caller's ({@link Builder#optModel}): a run's ticket, timed with the weights
 * it holds.
 *
 * <p>A forward pass is {@code block.forward(parameterStore, input, false)} on a batch made
 * beforehand, its results freed after each pass, and ends when the output is written: {@link
 * EngineSync} waits for MXNet's queued work.
 *
 * <pre>{@code
 * try (InferenceFixture dense = InferenceFixture.builder().setEngine("PyTorch")
 *                 .optNetwork(Networks.CONV4).build();
 *         InferenceFixture compact = InferenceFixture.builder().setEngine("PyTorch")
 *                 .optNetwork(Networks.CONV4).optKept(0.25).build()) {
 *     double reduction = (double) dense.macs() / compact.macs();
 *     compact.forward(256);
 * }
 * }</pre>
 */
public final class InferenceFixture implements AutoCloseable {

    private final Model model;
    /** Whether {@link #close} closes the model: not a model of the caller's ({@code optModel}). */
    private final boolean ownsModel;
    private final Block block;
    private final ParameterStore parameters;
    /** The batches' manager, closed with the fixture. */
    private final NDManager batches;
    private final Map<Integer, NDArray> inputs = new LinkedHashMap<>();
    private final Map<String, Integer> widths;
    private final UnitKind units;
    private final long macs;

    private InferenceFixture(Builder b) {
        ownsModel = b.model == null;
        model = ownsModel ? Model.newInstance("ltq-bench-inference-" + b.network.cliName(),
                Device.cpu(), b.engine) : b.model;
        NDManager manager = model.getNDManager();
        batches = manager.newSubManager();
        try {
            Shape batchShape = new Shape(1).addAll(b.exampleShape);
            units = ownsModel ? unitsOf(b.network) : null;
            Block dense = ownsModel ? b.network.newBlock(b.exampleShape,
                    b.network.numClasses()) : null;
            if (!ownsModel) {
                block = model.getBlock();
                widths = Map.of();
            } else if (b.kept == 1) {
                dense.initialize(manager, DataType.FLOAT32, batchShape);
                PortableInitializer.draw(dense, b.seed);
                block = dense;
                widths = Map.of();
            } else {
                // The dense network only lends its weights: it lives until they are copied.
                try (NDManager lender = manager.newSubManager()) {
                    dense.initialize(lender, DataType.FLOAT32, batchShape);
                    PortableInitializer.draw(dense, b.seed);
                    UnitStructure structure = UnitStructure.of(dense, batchShape, units,
                            ResidualChannels.SHARED);
                    UnitSelection selection =
                            UnitSelection.of(structure.layers(), firstUnits(structure, b.kept));
                    block = structure.narrow(selection);
                    block.initialize(manager, DataType.FLOAT32, batchShape);
                    structure.copyToCompact(dense, block, selection);
                    widths = Collections.unmodifiableMap(selection.widths());
                }
            }
            if (ownsModel) {
                model.setBlock(block);
            }
            macs = FlopCounter.total(FlopCounter.count(block, b.exampleShape));
            parameters = new ParameterStore(manager, false);
            SplittableRandom random = new SplittableRandom(b.seed);
            for (int batchSize : b.batchSizes) {
                Shape shape = new Shape(batchSize).addAll(b.exampleShape);
                float[] pixels = new float[Math.toIntExact(shape.size())];
                for (int i = 0; i < pixels.length; i++) {
                    pixels[i] = (float) random.nextDouble(-1, 1);
                }
                inputs.put(batchSize, batches.create(pixels, shape));
            }
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    /** Neurons for LeNet, which is all Linear layers; channels for the Conv networks. */
    private static UnitKind unitsOf(Networks network) {
        return network == Networks.LENET300 ? UnitKind.NEURONS : UnitKind.CHANNELS;
    }

    /** The first {@code round(kept × units)} units of each layer, at least one. */
    private static Map<String, int[]> firstUnits(UnitStructure structure, double kept) {
        Map<String, int[]> out = new LinkedHashMap<>();
        for (UnitLayer layer : structure.layers()) {
            int width = (int) Math.max(1, Math.round(kept * layer.units()));
            int[] first = new int[width];
            Arrays.setAll(first, i -> i);
            out.put(layer.name(), first);
        }
        return out;
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
     * Runs one forward pass in inference mode and waits for its output.
     *
     * @param batchSize one of the batch sizes the fixture was built with
     * @return the first logit, so that nothing is optimized away
     */
    public float forward(int batchSize) {
        NDArray input = inputs.get(batchSize);
        if (input == null) {
            throw new IllegalArgumentException("This fixture has batches of " + inputs.keySet()
                    + " examples, not " + batchSize + ": set optBatchSizes.");
        }
        try (NDManager scope = model.getNDManager().newSubManager()) {
            NDList x = new NDList(input);
            // Results are made on the input's manager: this scope frees them.
            scope.tempAttachAll(x);
            return EngineSync.await(block.forward(parameters, x, false).singletonOrThrow());
        }
    }

    /**
     * Returns the multiply-accumulates of one example's forward pass ({@link FlopCounter}).
     *
     * @return the MACs per example
     */
    public long macs() {
        return macs;
    }

    /**
     * Returns the kept width of each unit layer of the compact network.
     *
     * @return widths by layer name, in network order; empty for the dense network and for a
     *     model of the caller's
     */
    public Map<String, Integer> widths() {
        return widths;
    }

    /**
     * Returns the units the compact network has fewer of.
     *
     * @return neurons for LeNet-300-100, channels for the Conv networks; {@code null} for a
     *     model of the caller's ({@link Builder#optModel})
     */
    public UnitKind units() {
        return units;
    }

    @Override
    public void close() {
        inputs.clear();
        batches.close();
        if (ownsModel) {
            model.close();
        }
    }

    /** Configures an {@link InferenceFixture}. */
    public static final class Builder {

        private String engine = "PyTorch";
        private Model model;
        private Networks network = Networks.LENET300;
        private Shape exampleShape = CompactInferenceBench.EXAMPLE_SHAPE;
        private double kept = 1;
        private int[] batchSizes = {CompactInferenceBench.THROUGHPUT_BATCH};
        private long seed;

        private Builder() {}

        /**
         * Sets the engine.
         *
         * @param engine {@code PyTorch} or {@code MXNet}
         * @return this builder
         */
        public Builder setEngine(String engine) {
            this.engine = Objects.requireNonNull(engine, "engine");
            return this;
        }

        /**
         * Times a model of the caller's instead of building one: its block, initialized, with
         * the weights it holds (a run's level, say). The engine, network, kept fraction and seed
         * of the weights are then not used; the example shape and batch sizes are. Closing the
         * fixture frees its batches and leaves the model open: its owner closes it.
         *
         * @param model an initialized model
         * @return this builder
         */
        public Builder optModel(Model model) {
            this.model = Objects.requireNonNull(model, "model");
            return this;
        }

        /**
         * Sets the network: LeNet-300-100 (its neurons are the units), a Conv network or
         * ResNet-20 (their channels).
         *
         * @param network the network; default LeNet-300-100
         * @return this builder
         */
        public Builder optNetwork(Networks network) {
            this.network = Objects.requireNonNull(network, "network");
            return this;
        }

        /**
         * Sets the shape of one example.
         *
         * @param exampleShape (channels, height, width); default 1x28x28, Fashion-MNIST's
         * @return this builder
         */
        public Builder optExampleShape(Shape exampleShape) {
            this.exampleShape = Objects.requireNonNull(exampleShape, "exampleShape");
            return this;
        }

        /**
         * Sets the fraction of the units of every unit layer the compact network keeps; 1 is the
         * dense network itself.
         *
         * @param kept a value in (0, 1]; default 1
         * @return this builder
         */
        public Builder optKept(double kept) {
            if (!(kept > 0 && kept <= 1)) {
                throw new IllegalArgumentException(
                        "The kept fraction must be in (0, 1], got " + kept + ".");
            }
            this.kept = kept;
            return this;
        }

        /**
         * Sets the batch sizes {@link #forward} takes; a batch of each is made beforehand.
         *
         * @param batchSizes positive sizes; default 256
         * @return this builder
         */
        public Builder optBatchSizes(int... batchSizes) {
            if (batchSizes.length == 0 || Arrays.stream(batchSizes).anyMatch(s -> s < 1)) {
                throw new IllegalArgumentException(
                        "Batch sizes must be positive, got " + Arrays.toString(batchSizes) + ".");
            }
            this.batchSizes = batchSizes.clone();
            return this;
        }

        /**
         * Sets the seed of the weights and the batches.
         *
         * @param seed the seed; default 0
         * @return this builder
         */
        public Builder optSeed(long seed) {
            this.seed = seed;
            return this;
        }

        /**
         * Builds the fixture: the network initialized (and narrowed), the batches made.
         *
         * @return the fixture; the caller closes it
         * @throws IllegalArgumentException when the network is no stack {@link UnitStructure}
         *     reads
         */
        public InferenceFixture build() {
            return new InferenceFixture(this);
        }
    }
}

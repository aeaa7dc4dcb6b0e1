package io.ltq.experiments.bench;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.dataset.Batch;
import ai.djl.training.listener.TrainingListener;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import ai.djl.translate.Batchifier;
import io.ltq.djl.LotteryTicket;
import io.ltq.experiments.models.Networks;
import io.ltq.prune.LayerKind;
import io.ltq.prune.MagnitudePruner;
import java.util.HashMap;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * One network ready to take training steps on a fixed batch, either as plain DJL dense training
 * or through a {@link LotteryTicket} with a sparse mask, so that the two can be timed side by side.
 *
 * <p>A step is exactly what {@code EasyTrain.trainBatch} and {@code trainer.step()} do: forward and
 * backward under a gradient collector, reading the loss, the listeners' {@code onTrainingBatch},
 * then the optimizer update. The plain variant has no listeners and DJL's own Adam; the ticket
 * variant has the ticket's listener and {@link io.ltq.djl.training.MaskedOptimizer} around the
 * same Adam. The batch is random and stays on the device, so data loading is not part of the
 * step. Reading the loss, as every training loop does, waits for the forward and backward pass on
 * engines that run asynchronously (MXNet); the update may still overlap the next step there.
 *
 * <pre>{@code
 * try (TrainingStepFixture dense = TrainingStepFixture.builder().setEngine("PyTorch").build();
 *         TrainingStepFixture ticket =
 *                 TrainingStepFixture.builder().setEngine("PyTorch").optSparsity(0.8).build()) {
 *     dense.step();
 *     ticket.step();
 * }
 * }</pre>
 */
public final class TrainingStepFixture implements AutoCloseable {

    private final Model model;
    private final Trainer trainer;
    private final LotteryTicket ticket;
    private final NDManager batchManager;
    private final NDArray data;
    private final NDArray labels;
    private final TrainingListener.BatchData batchData;
    private final double sparsity;

    private TrainingStepFixture(Builder b) {
        Device device = Device.cpu();
        model = Model.newInstance("ltq-bench-" + b.network.cliName(), device, b.engine);
        try {
            Shape example = b.network.inputShape();
            Shape batchShape = new Shape(b.batchSize).addAll(example);
            Block block = b.network.newBlock(example);
            model.setBlock(block);
            Engine.getEngine(b.engine).setRandomSeed((int) b.seed);
            block.initialize(model.getNDManager(), DataType.FLOAT32, batchShape);

            Supplier<Optimizer> adam =
                    () -> Optimizer.adam().optLearningRateTracker(Tracker.fixed(b.lr)).build();
            DefaultTrainingConfig config = new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss());
            if (b.sparsity > 0) {
                ticket = LotteryTicket.builder().setModel(model).setOptimizer(adam).build();
                ticket.attach(config);
                ticket.prune(
                        MagnitudePruner.builder()
                                .optFraction(b.sparsity)
                                .optFraction(LayerKind.OUTPUT, b.sparsity)
                                .build());
            } else {
                ticket = null;
                config.optOptimizer(adam.get());
            }
            sparsity = ticket == null ? 0 : 1 - ticket.getMasks().density();
            trainer = model.newTrainer(config);
            trainer.initialize(batchShape);

            batchManager = model.getNDManager().newSubManager();
            data = batchManager.randomNormal(batchShape);
            labels =
                    batchManager
                            .randomInteger(0, b.network.numClasses(), new Shape(b.batchSize),
                                    DataType.INT32)
                            .toType(DataType.FLOAT32, false);
            Batch batch =
                    new Batch(batchManager, new NDList(data), new NDList(labels), b.batchSize,
                            Batchifier.STACK, Batchifier.STACK, 0, 1);
            batchData = new TrainingListener.BatchData(batch, new HashMap<>(), new HashMap<>());
        } catch (RuntimeException e) {
            close();
            throw e;
        }
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
     * Takes one training step: forward, backward, the listeners, the optimizer update.
     *
     * @return the batch's loss before the update
     */
    public float step() {
        try (NDManager scope = batchManager.newSubManager()) {
            NDList x = new NDList(data);
            NDList y = new NDList(labels);
            // Results of the step are made on the inputs' manager: this scope frees them.
            scope.tempAttachAll(x, y);
            float value;
            try (GradientCollector collector = trainer.newGradientCollector()) {
                NDList predictions = trainer.forward(x, y);
                NDArray loss = trainer.getLoss().evaluate(y, predictions);
                collector.backward(loss);
                value = loss.getFloat();
            }
            trainer.notifyListeners(listener -> listener.onTrainingBatch(trainer, batchData));
            trainer.step();
            return value;
        }
    }

    /**
     * Returns the ticket of the sparse variant.
     *
     * @return the ticket, or {@code null} for plain dense training
     */
    public LotteryTicket ticket() {
        return ticket;
    }

    /**
     * Returns the fraction of prunable weights that are pruned.
     *
     * @return 0 for plain dense training
     */
    public double sparsity() {
        return sparsity;
    }

    /**
     * Returns the trainer.
     *
     * @return the trainer the steps use
     */
    public Trainer trainer() {
        return trainer;
    }

    @Override
    public void close() {
        if (trainer != null) {
            trainer.close();
        }
        if (ticket != null) {
            ticket.close();
        }
        model.close();
    }

    /** Configures a {@link TrainingStepFixture}. */
    public static final class Builder {

        private String engine = "PyTorch";
        private Networks network = Networks.LENET300;
        private int batchSize = 60;
        private float lr = 1.2e-3f;
        private double sparsity;
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
         * Sets the network, at its default input shape.
         *
         * @param network the network; default LeNet-300-100
         * @return this builder
         */
        public Builder optNetwork(Networks network) {
            this.network = Objects.requireNonNull(network, "network");
            return this;
        }

        /**
         * Sets the batch size.
         *
         * @param batchSize examples per step; default 60, the paper's
         * @return this builder
         */
        public Builder optBatchSize(int batchSize) {
            if (batchSize <= 0) {
                throw new IllegalArgumentException(
                        "The batch size must be positive, got " + batchSize + ".");
            }
            this.batchSize = batchSize;
            return this;
        }

        /**
         * Trains through a {@link LotteryTicket} whose every prunable tensor has this fraction of
         * its weights pruned (by magnitude); 0 means plain DJL dense training without LTQ.
         *
         * @param sparsity a value in [0, 1); default 0
         * @return this builder
         */
        public Builder optSparsity(double sparsity) {
            if (!(sparsity >= 0 && sparsity < 1)) {
                throw new IllegalArgumentException(
                        "The sparsity must be in [0, 1), got " + sparsity + ".");
            }
            this.sparsity = sparsity;
            return this;
        }

        /**
         * Sets the seed of the initialization and the batch.
         *
         * @param seed the seed; default 0
         * @return this builder
         */
        public Builder optSeed(long seed) {
            this.seed = seed;
            return this;
        }

        /**
         * Builds the fixture: the network initialized, the trainer open, the batch made.
         *
         * @return the fixture; the caller closes it
         */
        public TrainingStepFixture build() {
            return new TrainingStepFixture(this);
        }
    }
}

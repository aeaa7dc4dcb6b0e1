package io.ltq.bench.quick;

import ai.djl.Device;
import ai.djl.Model;
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
import io.ltq.djl.init.PortableInitializer;
import io.ltq.djl.internal.MaskedOptimizer;
import io.ltq.djl.params.PrunableParameter;
import io.ltq.experiments.datasets.LabeledImages;
import io.ltq.experiments.datasets.SyntheticData;
import io.ltq.experiments.models.Networks;
import io.ltq.prune.LayerKind;
import io.ltq.prune.MagnitudePruner;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * One network ready to take training steps, either as plain DJL dense training or through a
 * {@link LotteryTicket} with a sparse mask, so that the two can be timed side by side.
 *
 * <p>A step is exactly what {@code EasyTrain.trainBatch} and {@code trainer.step()} do: forward and
 * backward under a gradient collector, reading the loss, the listeners' {@code onTrainingBatch},
 * then the optimizer update. The plain variant has no listeners and DJL's own Adam; the ticket
 * variant has the ticket's listener and {@link io.ltq.djl.internal.MaskedOptimizer} around the
 * same Adam. A third variant, {@linkplain Builder#optHandMasked hand-masked}, is plain DJL with the
 * same masks multiplied into the weights after each step: the least any way of keeping pruned
 * weights at zero can cost, so that LTQ's own machinery can be told apart from the multiply.
 *
 * <p>Steps cycle through a pool of batches made on the device beforehand, so data loading is not
 * part of a step. The pool is a hard synthetic problem (faint class prototypes under noise, the
 * same for every variant with the same seed): training on one fixed batch would memorize it
 * within a hundred steps, and step times then drift with each network's numeric state (a loss of
 * 10^-6 and vanishing gradients) rather than with the work LTQ does. Reading the loss, as every
 * training loop does, waits for the forward and backward pass on engines that run asynchronously
 * (MXNet); the update may still overlap the next step there.
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

    // Prototype pixels this faint under unit noise keep the loss well above zero for thousands of
    // steps: a realistic training regime rather than a memorized batch.
    private static final float POOL_SIGNAL = 0.05f;

    private final Model model;
    private final Trainer trainer;
    private final LotteryTicket ticket;
    private final NDManager batchManager;
    private final NDArray[] data;
    private final NDArray[] labels;
    private final TrainingListener.BatchData[] batchData;
    private final List<NDArray[]> handMasks = new ArrayList<>();
    private final double sparsity;
    private int next;
    // PyTorch on a CPU runs each operator before the call returns; MXNet queues it.
    private final boolean asynchronous;

    private TrainingStepFixture(Builder b) {
        Device device = Device.cpu();
        asynchronous = !"PyTorch".equals(b.engine);
        model = Model.newInstance("ltq-bench-" + b.network.cliName(), device, b.engine);
        try {
            Shape example = b.network.inputShape();
            Shape batchShape = new Shape(b.batchSize).addAll(example);
            Block block = b.network.newBlock(example);
            model.setBlock(block);
            block.initialize(model.getNDManager(), DataType.FLOAT32, batchShape);
            PortableInitializer.draw(block, b.seed);

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
                if (b.handMasked) {
                    keepMasksByHand(config, adam.get());
                }
            } else {
                ticket = null;
                config.optOptimizer(adam.get());
            }
            sparsity = ticket == null ? 0 : 1 - ticket.getMasks().density();
            trainer = model.newTrainer(config);
            trainer.initialize(batchShape);

            batchManager = model.getNDManager().newSubManager();
            data = new NDArray[b.batches];
            labels = new NDArray[b.batches];
            batchData = new TrainingListener.BatchData[b.batches];
            LabeledImages pool = pool(b, example);
            int exampleSize = pool.exampleSize();
            for (int i = 0; i < b.batches; i++) {
                int first = i * b.batchSize;
                float[] y = new float[b.batchSize];
                for (int j = 0; j < b.batchSize; j++) {
                    y[j] = pool.label(first + j);
                }
                data[i] =
                        batchManager.create(
                                FloatBuffer.wrap(pool.pixels(), first * exampleSize,
                                        b.batchSize * exampleSize),
                                batchShape);
                labels[i] = batchManager.create(y);
                Batch batch =
                        new Batch(batchManager, new NDList(data[i]), new NDList(labels[i]),
                                b.batchSize, Batchifier.STACK, Batchifier.STACK, i, b.batches);
                batchData[i] =
                        new TrainingListener.BatchData(batch, new HashMap<>(), new HashMap<>());
            }
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    /** Drops the ticket from the training config and keeps its masks with a plain multiply. */
    private void keepMasksByHand(DefaultTrainingConfig config, Optimizer plain) {
        for (PrunableParameter p : ticket.getParameters().list()) {
            NDArray weight = p.parameter().getArray();
            NDArray mask = ((MaskedOptimizer) ticket.getOptimizer()).getMaskArrays()
                    .array(p.parameter().getId(), weight);
            if (mask != null) {
                NDArray own = mask.duplicate();
                own.detach();
                handMasks.add(new NDArray[] {weight, own});
            }
        }
        config.getTrainingListeners().remove(ticket.getListener());
        config.optOptimizer(plain);
    }

    private static LabeledImages pool(Builder b, Shape example) {
        Shape image = example.dimension() == 3 ? example : new Shape(1, example.size(), 1);
        return SyntheticData.builder()
                .optTrainSize(b.batches * b.batchSize)
                .optTestSize(1)
                .optExampleShape(image)
                .optNumClasses(b.network.numClasses())
                .optSignalAndNoise(POOL_SIGNAL, 1f)
                .optSeed(b.seed)
                .build()
                .train();
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
        return run(null);
    }

    /** The phases {@link #timedStep} times, in the order a step runs them. */
    public static final List<String> PHASES = List.of("batch", "collector", "forward", "loss",
            "backward", "loss read", "listeners", "optimizer");

    /**
     * Takes one training step as {@link #step()} does, timing each phase: making a batch from
     * heap arrays as a run's data loader does (made and freed; the step uses the pool's), opening
     * and closing the gradient collector (DJL's PyTorch engine zeroes the gradients as it opens),
     * the forward pass, the loss, the backward pass, reading the loss back to Java, the
     * listeners, and the optimizer update ({@code trainer.step()}, the mask multiply included).
     * On engines that run asynchronously (MXNet) each phase ends by reading one value of what it
     * wrote, so that its work is counted in it; those reads cost a few microseconds.
     *
     * @param nanos receives each phase's time, added, in the order of {@link #PHASES}
     */
    public void timedStep(long[] nanos) {
        run(nanos);
    }

    /** A step; timed phase by phase, with a batch made first, when {@code nanos} is given. */
    private float run(long[] nanos) {
        int i = next;
        next = (next + 1) % data.length;
        long t = System.nanoTime();
        if (nanos != null) {
            Shape shape = data[i].getShape();
            float[] pixels = new float[Math.toIntExact(shape.size())];
            float[] y = new float[Math.toIntExact(shape.get(0))];
            try (NDManager fresh = batchManager.newSubManager()) {
                sync(nanos, fresh.create(pixels, shape));
                sync(nanos, fresh.create(y));
            }
            t = lap(nanos, 0, t);
        }
        try (NDManager scope = batchManager.newSubManager()) {
            NDList x = new NDList(data[i]);
            NDList y = new NDList(labels[i]);
            // Results of the step are made on the inputs' manager: this scope frees them.
            scope.tempAttachAll(x, y);
            float value;
            long closing;
            try (GradientCollector collector = trainer.newGradientCollector()) {
                t = lap(nanos, 1, t);
                NDList predictions = trainer.forward(x, y);
                sync(nanos, predictions.head());
                t = lap(nanos, 2, t);
                NDArray loss = trainer.getLoss().evaluate(y, predictions);
                sync(nanos, loss);
                t = lap(nanos, 3, t);
                collector.backward(loss);
                if (nanos != null && asynchronous) {
                    for (ai.djl.util.Pair<String, ai.djl.nn.Parameter> p
                            : model.getBlock().getParameters()) {
                        sync(nanos, p.getValue().getArray().getGradient());
                    }
                }
                t = lap(nanos, 4, t);
                value = loss.getFloat();
                t = lap(nanos, 5, t);
                closing = t;
            }
            t = lap(nanos, 1, closing);
            TrainingListener.BatchData batch = batchData[i];
            trainer.notifyListeners(listener -> listener.onTrainingBatch(trainer, batch));
            t = lap(nanos, 6, t);
            trainer.step();
            for (NDArray[] weightAndMask : handMasks) {
                weightAndMask[0].muli(weightAndMask[1]);
            }
            if (nanos != null && asynchronous) {
                EngineSync.await(model.getBlock());
            }
            lap(nanos, 7, t);
            return value;
        }
    }

    /** Adds the time since {@code since} to a phase, when timing; returns now. */
    private static long lap(long[] nanos, int phase, long since) {
        long now = System.nanoTime();
        if (nanos != null) {
            nanos[phase] += now - since;
        }
        return now;
    }

    /** When timing an asynchronous engine, waits for an array's writes by reading a value. */
    private void sync(long[] nanos, NDArray array) {
        if (nanos != null && asynchronous) {
            EngineSync.await(array);
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
        handMasks.forEach(m -> m[1].close());
        handMasks.clear();
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
        private boolean handMasked;
        private int batches = 64;
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
         * Keeps the pruned weights at zero without LTQ: plain DJL training with the ticket's
         * masks multiplied into the weights after each step. Needs a sparsity above 0.
         *
         * @param handMasked {@code true} for the hand-masked variant; default {@code false}
         * @return this builder
         */
        public Builder optHandMasked(boolean handMasked) {
            this.handMasked = handMasked;
            return this;
        }

        /**
         * Sets how many different batches the steps cycle through.
         *
         * @param batches at least 1; default 64
         * @return this builder
         */
        public Builder optBatches(int batches) {
            if (batches < 1) {
                throw new IllegalArgumentException(
                        "At least one batch is needed, got " + batches + ".");
            }
            this.batches = batches;
            return this;
        }

        /**
         * Sets the seed of the initialization and the batches.
         *
         * @param seed the seed; default 0
         * @return this builder
         */
        public Builder optSeed(long seed) {
            this.seed = seed;
            return this;
        }

        /**
         * Builds the fixture: the network initialized, the trainer open, the batches made.
         *
         * @return the fixture; the caller closes it
         */
        public TrainingStepFixture build() {
            if (handMasked && sparsity == 0) {
                throw new IllegalStateException(
                        "The hand-masked variant needs masks: set optSparsity(0.8) as well.");
            }
            return new TrainingStepFixture(this);
        }
    }
}

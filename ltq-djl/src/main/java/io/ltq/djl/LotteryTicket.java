package io.ltq.djl;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.Trainer;
import ai.djl.training.listener.TrainingListener;
import ai.djl.training.optimizer.Optimizer;
import io.ltq.djl.params.PrunableParameter;
import io.ltq.djl.params.PrunableParameters;
import io.ltq.djl.rewind.NDArrayRewinder;
import io.ltq.djl.rewind.ParameterWriter;
import io.ltq.djl.internal.MaskArrayCache;
import io.ltq.djl.internal.MaskedOptimizer;
import io.ltq.mask.MaskSet;
import io.ltq.prune.Pruner;
import java.util.Objects;
import java.util.function.LongFunction;
import java.util.function.Supplier;

/**
 * The one-call entry to lottery tickets on DJL: keeps a network's pruned weights at exactly zero
 * while a DJL {@link Trainer} trains it, prunes it, and rewinds the survivors.
 *
 * <pre>{@code
 * LotteryTicket ticket = LotteryTicket.builder()
 *         .setBlock(model.getBlock())
 *         .setOptimizer(step -> Optimizer.adam().optLearningRateTracker(Tracker.fixed(1.2e-3f)).build())
 *         .optRewindStep(0)
 *         .build();
 * DefaultTrainingConfig config = ticket.attach(new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss()));
 * for (int level = 0; level <= levels; level++) {
 *     try (Trainer trainer = model.newTrainer(config)) {
 *         ticket.initialize(trainer, inputShape);   // the first time only; masks applied
 *         EasyTrain.fit(trainer, epochs, train, validation);
 *     }
 *     ticket.prune(MagnitudePruner.builder().optFraction(0.2).build());
 *     ticket.rewind();                              // θ := m ⊙ θk, fresh optimizer state
 * }
 * }</pre>
 *
 * <p>The guarantee that every pruned weight is exactly 0.0 after every optimizer step holds on
 * PyTorch and MXNet, with SGD, momentum, Nesterov, Adam and weight decay, on one device or
 * several, and when a trainer or the config's optimizer is reused across levels. It comes from
 * the {@link MaskedOptimizer} that {@link #attach} installs in the config.
 *
 * <p>Not thread-safe: use one ticket per training run.
 */
public final class LotteryTicket implements AutoCloseable {

    private final Block block;
    private final PrunableParameters.Builder selection;
    private final MaskedOptimizer optimizer;
    private final TicketListener listener;
    private final TicketWriter writer = new TicketWriter();
    private final NDArrayRewinder rewinder;
    private final long rewindStep;
    private PrunableParameters parameters;
    private MaskSet masks;
    private long step;
    // Automatic capture belongs to the training that starts from the block's own initialization.
    // Once the weights are rewound, reinitialized or captured by hand they are another lineage, and
    // capturing them would make the reinit control (or any later training) the rewind point.
    private boolean autoCapture;
    private Trainer openTrainer;
    private boolean masksApplied;
    private boolean masksValidated;

    private LotteryTicket(Builder b) {
        this.block = b.block;
        this.selection = b.selection;
        this.optimizer = MaskedOptimizer.wrap(b.optimizerFactory);
        this.listener = new TicketListener(this, optimizer);
        this.rewinder = new NDArrayRewinder(block, writer, optimizer.getMaskArrays());
        this.rewindStep = b.rewindStep;
        this.autoCapture = b.rewindStep >= 0;
        this.masks = b.masks;
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
     * Installs the masking optimizer and the listener in a training config.
     *
     * @param config the config the trainers will be created from; its optimizer is replaced
     * @return the same config, for chaining
     */
    public DefaultTrainingConfig attach(DefaultTrainingConfig config) {
        config.optOptimizer(optimizer);
        if (!config.getTrainingListeners().contains(listener)) {
            config.addTrainingListeners(listener);
        }
        return config;
    }

    /**
     * Initializes a new trainer's parameters and applies the masks before the first forward pass.
     *
     * @param trainer a trainer created from the attached config
     * @param inputShapes the input shapes, as for {@link Trainer#initialize(Shape...)}
     */
    public void initialize(Trainer trainer, Shape... inputShapes) {
        trainer.initialize(inputShapes);
        applyMasks();
    }

    /**
     * Returns the prunable parameters; the block must be initialized.
     *
     * @return the view of the block's prunable tensors
     */
    public PrunableParameters getParameters() {
        if (parameters == null) {
            parameters = selection.build(block);
        }
        return parameters;
    }

    /**
     * Returns the masks in force: dense until the first pruning unless set.
     *
     * @return the current masks
     */
    public MaskSet getMasks() {
        if (masks == null) {
            masks = getParameters().denseMasks();
        } else if (!masksValidated) {
            // Masks given to the builder are checked once the block has shapes.
            getParameters().validate(masks);
        }
        masksValidated = true;
        return masks;
    }

    /**
     * Replaces the masks and zeroes the newly pruned weights at once, in the parameters and in
     * the copies an open trainer keeps. Unlike {@link #prune}, this can revive weights: the new
     * masks are taken as they are.
     *
     * @param newMasks masks for (a subset of) the prunable parameters
     */
    public void setMasks(MaskSet newMasks) {
        getParameters().validate(newMasks);
        masks = newMasks;
        masksValidated = true;
        masksApplied = false;
        applyMasks();
    }

    /**
     * Prunes further: the pruner chooses from the current surviving weights, the new masks are
     * applied at once, and they are returned.
     *
     * @param pruner the strategy, e.g. {@code MagnitudePruner.builder().optFraction(0.2).build()}
     * @return the new masks, a subset of the previous ones
     */
    public MaskSet prune(Pruner pruner) {
        MaskSet current = getMasks();
        MaskSet next = pruner.prune(getParameters().readWeights(), current);
        if (current.names().equals(next.names()) && !next.isSubsetOf(current)) {
            throw new IllegalStateException(
                    "Pruner " + pruner + " revived pruned weights; a pruner must only remove.");
        }
        setMasks(next);
        return next;
    }

    /** Sets every pruned weight to 0 now. */
    public void applyMasks() {
        MaskSet current = getMasks();
        MaskArrayCache arrays = optimizer.getMaskArrays();
        for (PrunableParameter p : getParameters().list()) {
            String id = p.parameter().getId();
            optimizer.setMask(id, current.get(p.path()));
            NDArray array = p.parameter().getArray();
            // The optimizer's own mask array, made here once per mask and reused by every step.
            NDArray m = arrays.array(id, array);
            if (m != null) {
                writer.writeMasked(p.parameter(), array, m);
            }
        }
        masksApplied = true;
    }

    /**
     * Captures the current weights as the rewind point θk; the automatic capture of {@link
     * Builder#optRewindStep} is then off.
     *
     * @param atStep the training step they belong to
     */
    public void captureRewindPoint(long atStep) {
        rewinder.capture(atStep);
        autoCapture = false;
    }

    /**
     * Resets the surviving weights to the rewind point (θ := m ⊙ θk), every other parameter to
     * its value at step k, and starts the optimizer with fresh state at step k.
     */
    public void rewind() {
        requireSingleDeviceIfOpen("rewind");
        rewinder.rewind(getMasks());
        step = rewinder.capturedStep();
        optimizer.resetState(step);
        autoCapture = false;
    }

    /**
     * Starts the optimizer afresh (no momentum, moments or update counts) for training from the
     * weights now in the network, counted as step {@code atStep}: for weights loaded or set by
     * hand. {@link #rewind} and {@link #reinitialize} do this themselves.
     *
     * @param atStep the step the next optimizer update belongs to; the factory is told it
     */
    public void resetOptimizer(long atStep) {
        if (atStep < 0) {
            throw new IllegalArgumentException("A training step is 0 or more, got " + atStep + ".");
        }
        step = atStep;
        optimizer.resetState(atStep);
    }

    /**
     * Replaces every weight by a fresh random initialization, masked (θ := m ⊙ θ0'): the
     * random-reinitialization control. The optimizer starts with fresh state. Weights are drawn
     * from LTQ's streams, so every parameter needs a {@link
     * io.ltq.djl.init.PortableInitializer} or a constant initializer.
     *
     * @param seed the seed of the fresh initialization
     * @throws IllegalStateException when a parameter's initializer would draw from the engine
     */
    public void reinitialize(long seed) {
        requireSingleDeviceIfOpen("reinitialize");
        rewinder.reinitialize(getMasks(), seed);
        step = 0;
        optimizer.resetState(0);
        autoCapture = false;
    }

    /**
     * Returns the rewinder that holds θk.
     *
     * @return the rewinder
     */
    public NDArrayRewinder getRewinder() {
        return rewinder;
    }

    /**
     * Returns the masking optimizer that {@link #attach} installs: the factory's optimizer, with
     * every pruned weight zeroed inside each update.
     *
     * @return the optimizer
     */
    public Optimizer getOptimizer() {
        return optimizer;
    }

    /**
     * Returns the listener that {@link #attach} installs; it counts steps, captures θk and
     * applies masks when a trainer starts.
     *
     * @return the listener
     */
    public TrainingListener getListener() {
        return listener;
    }

    /**
     * Returns the number of optimizer steps taken at this level, counted from the rewind point
     * after a rewind.
     *
     * @return the step count
     */
    public long getStep() {
        return step;
    }

    /** Called by the listener when a trainer starts. */
    void trainerOpened(Trainer trainer) {
        openTrainer = trainer;
        // onTrainingBegin comes before trainer.initialize on a new model: masks then wait for
        // initialize(...) or the first batch.
        if (block.isInitialized()) {
            applyMasks();
        } else {
            masksApplied = false;
        }
    }

    /** Called by the listener before each optimizer step. */
    void beforeStep() {
        if (!masksApplied) {
            applyMasks();
        }
        if (autoCapture && step == rewindStep) {
            captureRewindPoint(step);
        }
    }

    /** Called by the listener after each optimizer step. */
    void stepCompleted() {
        step++;
    }

    /** Called by the listener when a trainer closes. */
    void trainerClosed(Trainer trainer) {
        if (autoCapture && step == rewindStep && block.isInitialized()) {
            captureRewindPoint(step);
        }
        if (openTrainer == trainer) {
            openTrainer = null;
            optimizer.discardPendingWrites();
        }
    }

    /** Writes to the parameter and, while a trainer is open, to the copy its optimizer updates. */
    private final class TicketWriter implements ParameterWriter {

        @Override
        public void write(Parameter parameter, NDArray values) {
            ParameterWriter.IN_PLACE.write(parameter, values);
            if (openTrainer != null) {
                optimizer.overwrite(parameter.getId(), values);
            }
        }

        @Override
        public void writeMasked(Parameter parameter, NDArray values, NDArray mask) {
            ParameterWriter.IN_PLACE.writeMasked(parameter, values, mask);
            if (openTrainer != null) {
                optimizer.overwrite(parameter.getId(), parameter.getArray());
            }
        }
    }

    // An open trainer on several devices keeps copies of each parameter that only its (private)
    // parameter store can reach; the next forward pass would use stale weights on all but one.
    private void requireSingleDeviceIfOpen(String what) {
        if (openTrainer != null && openTrainer.getDevices().length > 1) {
            throw new IllegalStateException(
                    "Cannot " + what + " while a trainer on " + openTrainer.getDevices().length
                            + " devices is open: close it and create a new trainer for the next"
                            + " level (model.newTrainer(config)).");
        }
    }

    /** Frees the rewind point and the optimizer's mask arrays. */
    @Override
    public void close() {
        rewinder.close();
        optimizer.close();
    }

    /** Configures a {@link LotteryTicket}. */
    public static final class Builder {

        private Block block;
        private LongFunction<Optimizer> optimizerFactory;
        private PrunableParameters.Builder selection = PrunableParameters.builder();
        private MaskSet masks;
        private long rewindStep = -1;

        Builder() {}

        /**
         * Sets the network.
         *
         * @param block the block to prune
         * @return this builder
         */
        public Builder setBlock(Block block) {
            this.block = Objects.requireNonNull(block, "block");
            return this;
        }

        /**
         * Sets the network of a model.
         *
         * @param model the model whose block is pruned
         * @return this builder
         */
        public Builder setModel(Model model) {
            return setBlock(model.getBlock());
        }

        /**
         * Sets how to make the optimizer; called again after every rewind for fresh state, with
         * the step training then starts from (k after a rewind to θk, 0 after a
         * reinitialization), so that a learning-rate schedule continues from there, e.g. {@code
         * step -> Optimizer.sgd().setLearningRateTracker(LearningRateSchedule.builder()
         * .setBaseRate(0.1f).optDrops(drops).optStartStep(step).build()).build()}.
         *
         * @param factory returns a new optimizer on each call
         * @return this builder
         */
        public Builder setOptimizer(LongFunction<Optimizer> factory) {
            this.optimizerFactory = Objects.requireNonNull(factory, "factory");
            return this;
        }

        /**
         * Sets how to make the optimizer, for a schedule that does not depend on the step; the
         * supplier is called again after every rewind for fresh state.
         *
         * @param factory returns a new optimizer on each call
         * @return this builder
         */
        public Builder setOptimizer(Supplier<Optimizer> factory) {
            Objects.requireNonNull(factory, "factory");
            return setOptimizer(step -> factory.get());
        }

        /**
         * Chooses which parameters are prunable.
         *
         * @param selection a configured {@link PrunableParameters#builder()}
         * @return this builder
         */
        public Builder optParameters(PrunableParameters.Builder selection) {
            this.selection = Objects.requireNonNull(selection, "selection");
            return this;
        }

        /**
         * Starts from given masks instead of a dense network (for example masks loaded from a
         * {@link io.ltq.mask.MaskStore}).
         *
         * @param masks the masks to apply
         * @return this builder
         */
        public Builder optMasks(MaskSet masks) {
            this.masks = Objects.requireNonNull(masks, "masks");
            return this;
        }

        /**
         * Captures the rewind point automatically after {@code step} optimizer steps of the first
         * training (0 = the initialization, for the original lottery ticket). Only weights that
         * descend from the block's initialization are captured: after {@link
         * LotteryTicket#rewind}, {@link LotteryTicket#reinitialize} or {@link
         * LotteryTicket#captureRewindPoint} nothing is captured automatically.
         *
         * @param step the rewind step k
         * @return this builder
         */
        public Builder optRewindStep(long step) {
            if (step < 0) {
                throw new IllegalArgumentException(
                        "The rewind step must be 0 or more, got " + step + ".");
            }
            this.rewindStep = step;
            return this;
        }

        /**
         * Builds the ticket.
         *
         * @return the ticket
         */
        public LotteryTicket build() {
            if (block == null) {
                throw new IllegalStateException(
                        "LotteryTicket needs a network: call setBlock(block) or setModel(model).");
            }
            if (optimizerFactory == null) {
                throw new IllegalStateException(
                        "LotteryTicket needs an optimizer factory, called again after each rewind"
                                + " for fresh state: call setOptimizer(step -> Optimizer.adam()"
                                + ".build()).");
            }
            return new LotteryTicket(this);
        }
    }
}

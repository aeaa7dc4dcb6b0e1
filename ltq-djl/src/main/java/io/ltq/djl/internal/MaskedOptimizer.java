package io.ltq.djl.internal;

import ai.djl.ndarray.NDArray;
import ai.djl.training.optimizer.Optimizer;
import io.ltq.mask.Mask;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongFunction;

/**
 * An {@link Optimizer} that runs another optimizer and then zeroes every pruned weight, so that
 * after every optimizer step a pruned weight is exactly 0.0.
 *
 * <p>Masking inside the optimizer, rather than in a listener, is what makes the guarantee hold on
 * every engine: DJL calls listeners before {@code trainer.step()} and never after it, momentum or
 * Adam state would move pruned weights during the step, and on MXNet the parameter server updates
 * its own copy of each weight (the one this optimizer is handed) and pulls it back over the
 * parameter arrays. With several devices the same holds for each device's copy.
 *
 * <p>For the same reason, writes to parameters made between steps (a rewind, new masks on a
 * trainer in use) are also handed to this optimizer with {@link #overwrite}, which applies them
 * to the copy it updates before the next step.
 *
 * <p>The wrapped optimizer comes from a factory so that {@link #resetState(long)} can start with
 * fresh momentum, Adam moments and update counts, as a rewound ticket needs: DJL optimizers offer
 * no other way to forget their state. The factory is told the training step the new optimizer
 * starts at, so a learning-rate schedule can continue from there.
 */
public final class MaskedOptimizer extends Optimizer {

    private final LongFunction<Optimizer> factory;
    private volatile Optimizer delegate;
    // Masks and their arrays are keyed by Parameter.getId(), the key DJL's parameter servers use.
    private final MaskArrayCache masks = new MaskArrayCache();
    private final Map<String, PendingWrite> pending = new ConcurrentHashMap<>();
    private final AtomicLong updates = new AtomicLong();

    private MaskedOptimizer(LongFunction<Optimizer> factory) {
        super(new Builder());
        this.factory = factory;
        this.delegate = newDelegate(0);
    }

    /**
     * Wraps the optimizers a factory makes.
     *
     * @param factory makes a new, stateless optimizer for training that starts at the given step,
     *     e.g. {@code step -> Optimizer.adam().optLearningRateTracker(Tracker.fixed(1.2e-3f))
     *     .build()}
     * @return the masking optimizer
     */
    public static MaskedOptimizer wrap(LongFunction<Optimizer> factory) {
        return new MaskedOptimizer(Objects.requireNonNull(factory, "factory"));
    }

    /**
     * Returns the optimizer that computes the updates now.
     *
     * @return the wrapped optimizer
     */
    public Optimizer getDelegate() {
        return delegate;
    }

    /**
     * Sets the mask of one parameter; {@code null} removes it. Setting the mask it already has
     * keeps its arrays on the engine.
     *
     * @param parameterId the {@link ai.djl.nn.Parameter#getId()} of the weight
     * @param mask the mask, or {@code null} for a dense weight
     */
    public void setMask(String parameterId, Mask mask) {
        masks.set(parameterId, mask);
    }

    /**
     * Returns the masks this optimizer applies and their arrays on the engine, which the ticket
     * reuses to mask parameters between steps.
     *
     * @return the cache, owned by this optimizer
     */
    public MaskArrayCache getMaskArrays() {
        return masks;
    }

    /**
     * Replaces the wrapped optimizer by a fresh one from the factory, forgetting momentum, moments
     * and update counts.
     *
     * @param startStep the training step the next update belongs to
     */
    public void resetState(long startStep) {
        delegate = newDelegate(startStep);
    }

    /**
     * Hands the optimizer new values of a parameter, written between steps, so that the copy it
     * updates (the parameter server's, on MXNet) is reset to them before the next update.
     *
     * @param parameterId the parameter id
     * @param values the new values; copied, the caller keeps ownership
     */
    public void overwrite(String parameterId, NDArray values) {
        NDArray copy = values.duplicate();
        copy.detach();
        PendingWrite old = pending.put(parameterId, new PendingWrite(copy));
        if (old != null) {
            old.values.close();
        }
    }

    /**
     * Drops the pending writes that a step has applied; called once per step before the next.
     */
    public void clearAppliedWrites() {
        pending.entrySet()
                .removeIf(
                        e -> {
                            if (e.getValue().applied) {
                                e.getValue().values.close();
                                return true;
                            }
                            return false;
                        });
    }

    /**
     * Drops every pending write, applied or not: they were meant for the copies of a trainer that
     * has closed, and the next trainer starts from the parameters themselves. Left in place, a
     * write queued by a trainer that never stepped (one that only evaluated) would reset a weight
     * at the first update of the next trainer.
     */
    public void discardPendingWrites() {
        pending.values().forEach(p -> p.values.close());
        pending.clear();
    }

    /**
     * Returns how many parameter updates this optimizer has made.
     *
     * @return the number of calls to {@link #update}
     */
    public long getUpdateCount() {
        return updates.get();
    }

    /** {@inheritDoc} */
    @Override
    public void update(String parameterId, NDArray weight, NDArray grad) {
        PendingWrite write = pending.get(parameterId);
        if (write != null) {
            write.applyTo(weight);
        }
        delegate.update(parameterId, weight, grad);
        // One in-place multiply per pruned tensor, with an array made once per mask and device;
        // tensors without pruned weights have no mask and cost nothing.
        NDArray mask = masks.array(parameterId, weight);
        if (mask != null) {
            weight.muli(mask);
        }
        updates.incrementAndGet();
    }

    private Optimizer newDelegate(long startStep) {
        Optimizer made = factory.apply(startStep);
        if (made == null || made instanceof MaskedOptimizer) {
            throw new IllegalArgumentException(
                    "The optimizer factory must return a new, plain optimizer (got " + made
                            + "): pass e.g. step -> Optimizer.adam().build().");
        }
        return made;
    }

    /** Frees the mask arrays and pending writes. */
    public void close() {
        masks.close();
        pending.values().forEach(p -> p.values.close());
        pending.clear();
    }

    private static final class PendingWrite {

        private final NDArray values;
        private volatile boolean applied;

        PendingWrite(NDArray values) {
            this.values = values;
        }

        void applyTo(NDArray weight) {
            if (values.getDevice().equals(weight.getDevice())) {
                ArrayCopy.copy(values, weight);
            } else {
                try (NDArray moved = values.toDevice(weight.getDevice(), true)) {
                    ArrayCopy.copy(moved, weight);
                }
            }
            applied = true;
        }
    }

    private static final class Builder extends OptimizerBuilder<Builder> {

        @Override
        protected Builder self() {
            return this;
        }
    }
}

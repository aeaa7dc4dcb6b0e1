package io.ltq.djl.rewind;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.initializer.ConstantInitializer;
import ai.djl.training.initializer.Initializer;
import ai.djl.util.Pair;
import io.ltq.djl.init.PortableInitializer;
import io.ltq.djl.internal.MaskArrayCache;
import io.ltq.djl.internal.MaskArrays;
import io.ltq.mask.Mask;
import io.ltq.mask.MaskSet;
import io.ltq.random.Seeds;
import io.ltq.rewind.Rewinder;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A {@link Rewinder} over a DJL block that keeps the rewind point θk as NDArrays on the
 * parameters' own devices.
 *
 * <p>Every parameter of the block is captured and reset, so biases and normalization statistics
 * return to step k as well; masks apply to the prunable tensors. Values are written through a
 * {@link ParameterWriter}, which lets a {@link io.ltq.djl.LotteryTicket} reach the copies a
 * trainer keeps (see {@link io.ltq.djl.internal.MaskedOptimizer}).
 *
 * <p>A rewind is one copy and one in-place multiply per pruned tensor, on the engine. Given a
 * {@link MaskArrayCache}, it reuses the mask arrays already on the device for the masks the cache
 * holds, so rewinding with the ticket's current masks uploads nothing.
 */
public final class NDArrayRewinder implements Rewinder, AutoCloseable {

    private final Block block;
    private final ParameterWriter writer;
    private final MaskArrayCache masks;
    private NDManager manager;
    private Map<String, NDArray> captured;
    private long capturedStep = -1;

    /**
     * Creates a rewinder.
     *
     * @param block the network whose parameters are captured and reset
     * @param writer how new values reach the parameters, {@link ParameterWriter#IN_PLACE} when no
     *     trainer is open
     */
    public NDArrayRewinder(Block block, ParameterWriter writer) {
        this(block, writer, null);
    }

    /**
     * Creates a rewinder that takes mask arrays from a cache where it holds the masks asked for.
     *
     * @param block the network whose parameters are captured and reset
     * @param writer how new values reach the parameters
     * @param masks mask arrays by parameter id, or {@code null} to make them at each rewind
     */
    public NDArrayRewinder(Block block, ParameterWriter writer, MaskArrayCache masks) {
        this.block = Objects.requireNonNull(block, "block");
        this.writer = Objects.requireNonNull(writer, "writer");
        this.masks = masks;
    }

    /** {@inheritDoc} */
    @Override
    public synchronized void capture(long step) {
        if (step < 0) {
            throw new IllegalArgumentException("A rewind step cannot be negative: " + step + ".");
        }
        freeCapture();
        Map<String, NDArray> copies = new LinkedHashMap<>();
        for (Pair<String, Parameter> pair : block.getParameters()) {
            Parameter p = pair.getValue();
            if (!p.isInitialized()) {
                throw new IllegalStateException(
                        "Cannot capture weights before parameter " + pair.getKey()
                                + " is initialized: call trainer.initialize(shape) first.");
            }
            NDArray array = p.getArray();
            if (manager == null) {
                manager = array.getManager().newSubManager();
                manager.setName("ltq-rewind-point");
            }
            NDArray copy = array.duplicate();
            copy.attach(manager);
            copies.put(pair.getKey(), copy);
        }
        captured = copies;
        capturedStep = step;
    }

    /** {@inheritDoc} */
    @Override
    public synchronized boolean hasCapture() {
        return captured != null;
    }

    /** {@inheritDoc} */
    @Override
    public synchronized long capturedStep() {
        requireCapture();
        return capturedStep;
    }

    /**
     * Returns the captured value of one parameter.
     *
     * @param path the parameter path
     * @return θk of that parameter, owned by this rewinder
     */
    public synchronized NDArray capturedValue(String path) {
        requireCapture();
        NDArray v = captured.get(path);
        if (v == null) {
            throw new IllegalArgumentException("No parameter " + path + " was captured.");
        }
        return v;
    }

    /** {@inheritDoc} */
    @Override
    public synchronized void rewind(MaskSet masks) {
        requireCapture();
        for (Pair<String, Parameter> pair : block.getParameters()) {
            NDArray value = captured.get(pair.getKey());
            if (value == null) {
                throw new IllegalStateException(
                        "Parameter " + pair.getKey() + " did not exist when the rewind point was"
                                + " captured: the block changed; capture again.");
            }
            writeMasked(pair.getValue(), value, masks.get(pair.getKey()));
        }
    }

    /** {@inheritDoc} */
    @Override
    public synchronized void reinitialize(MaskSet masks, long seed) {
        // Checked before anything is written, so a refused call leaves the weights as they were.
        for (Pair<String, Parameter> pair : block.getParameters()) {
            Initializer init = pair.getValue().getInitializer();
            if (!(init instanceof PortableInitializer || init == Initializer.ZEROS
                    || init == Initializer.ONES || init instanceof ConstantInitializer)) {
                throw new IllegalStateException(
                        "Parameter " + pair.getKey() + " is initialized by "
                                + (init == null ? "nothing" : init) + ", which LTQ cannot draw"
                                + " from its own streams: set"
                                + " PortableInitializer.glorotNormal() (or kaimingNormal()) on the"
                                + " block's weights to reinitialize the same way on every engine.");
            }
        }
        for (Pair<String, Parameter> pair : block.getParameters()) {
            Parameter p = pair.getValue();
            NDArray current = p.getArray();
            Initializer init = p.getInitializer();
            try (NDManager scratch = current.getManager().newSubManager()) {
                // The parameter's own stream of this seed, the same on every engine; constants
                // draw nothing.
                NDArray fresh = init instanceof PortableInitializer portable
                        ? scratch.create(portable.sample(current.getShape(),
                                Seeds.derive(seed, pair.getKey())), current.getShape())
                        : init.initialize(scratch, current.getShape(), current.getDataType());
                writeMasked(p, fresh, masks.get(pair.getKey()));
            }
        }
    }

    private void writeMasked(Parameter parameter, NDArray value, Mask mask) {
        if (mask == null || mask.countPruned() == 0) {
            writer.write(parameter, value);
            return;
        }
        NDArray cached = masks == null ? null : masks.arrayIfCurrent(parameter.getId(), mask, value);
        if (cached != null) {
            writer.writeMasked(parameter, value, cached);
            return;
        }
        try (NDManager scratch = value.getManager().newSubManager();
                NDArray m = MaskArrays.create(scratch, mask, value.getDataType())) {
            writer.writeMasked(parameter, value, m);
        }
    }

    private void requireCapture() {
        if (captured == null) {
            throw new IllegalStateException(
                    "No rewind point was captured: call capture(step) (or set optRewindStep on"
                            + " the LotteryTicket) before rewinding.");
        }
    }

    private void freeCapture() {
        if (captured != null) {
            captured.values().forEach(NDArray::close);
            captured = null;
            capturedStep = -1;
        }
    }

    /** Frees the captured weights. */
    @Override
    public synchronized void close() {
        freeCapture();
        if (manager != null) {
            manager.close();
            manager = null;
        }
    }
}

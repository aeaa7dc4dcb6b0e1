package io.ltq.djl.structure;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.convolutional.Convolution;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.util.Pair;
import io.ltq.djl.internal.ArrayCopy;
import io.ltq.prune.LayerKind;
import io.ltq.prune.structured.UnitLayer;
import io.ltq.prune.structured.UnitSelection;
import io.ltq.prune.structured.UnitSlice;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The units of a DJL network — the output neurons of its hidden {@code Linear} layers or the
 * filters of its convolutions — and what each unit owns in other tensors: its bias, its
 * BatchNorm entries, and the next layer's inputs (through a flatten, a block of H×W columns).
 * DJL has no graph to trace, so the coupling is read from a stack of blocks: a {@link
 * SequentialBlock} (nested ones included) of {@code Linear}, {@code Conv2d}, {@code BatchNorm},
 * and blocks without parameters that keep the channels (activations, pooling, dropout) or flatten
 * them. Anything else is refused with the name of the block.
 *
 * <p>It also makes the compact network: {@link #narrow} rebuilds the stack with the kept widths,
 * and {@link #copyToCompact} / {@link #copyToDense} move the kept units' values between the two,
 * so the compact network computes what the masked dense one computes.
 *
 * <pre>{@code
 * UnitStructure units = UnitStructure.of(block, new Shape(1, 1, 28, 28), UnitKind.NEURONS);
 * MaskSet masks = StructuredPruner.builder().setLayers(units.layers()).optFraction(0.2)
 *         .build().prune(weights, current);
 * }</pre>
 */
public final class UnitStructure {

    private final SequentialBlock root;
    private final UnitKind kind;
    private final List<UnitLayer> layers;
    /** The unit layer each Linear or Conv child produces, by parameter prefix. */
    private final Map<String, String> producers;

    private UnitStructure(SequentialBlock root, UnitKind kind, List<UnitLayer> layers,
            Map<String, String> producers) {
        this.root = root;
        this.kind = kind;
        this.layers = List.copyOf(layers);
        this.producers = producers;
    }

    /**
     * Reads the units of an initialized network.
     *
     * @param block the network, initialized
     * @param inputShape the shape of a batch it takes
     * @param kind neurons or channels
     * @return the structure
     * @throws IllegalArgumentException when the network is not a stack LTQ can read, or has no
     *     unit of that kind to prune; the message names the block and what to do
     */
    public static UnitStructure of(Block block, Shape inputShape, UnitKind kind) {
        if (!(block instanceof SequentialBlock seq)) {
            throw new IllegalArgumentException(block.getClass().getSimpleName() + " is not a"
                    + " SequentialBlock, so LTQ cannot tell how its units couple (structured"
                    + " pruning takes stacks of Linear, Conv2d, BatchNorm, activation, pooling"
                    + " and flatten blocks).");
        }
        Walk walk = new Walk(kind);
        walk.stack(seq, "", new Shape[] {inputShape});
        if (walk.layers.isEmpty()) {
            throw new IllegalArgumentException("The network has no " + kind.label()
                    + " to prune (" + kind.label() + " are the units of "
                    + (kind == UnitKind.NEURONS ? "hidden Linear layers" : "Conv2d layers")
                    + ").");
        }
        return new UnitStructure(seq, kind, walk.layers, walk.producers);
    }

    /**
     * Returns the layers whose units are pruned, with their coupling, in network order.
     *
     * @return the layers; the output layer, whose units are the classes, is not one
     */
    public List<UnitLayer> layers() {
        return layers;
    }

    /**
     * Returns what units this structure prunes.
     *
     * @return neurons or channels
     */
    public UnitKind kind() {
        return kind;
    }

    /**
     * Builds the compact network: the same stack with each unit layer cut to its kept width,
     * uninitialized, with the same child names (so its parameters have the dense network's
     * names). Blocks without parameters are shared with the dense network; they hold no state.
     *
     * @param kept the kept units
     * @return the compact block, to initialize with the same input shape
     */
    public Block narrow(UnitSelection kept) {
        return narrow(root, "", kept.widths());
    }

    private NamedSequentialBlock narrow(SequentialBlock seq, String prefix,
            Map<String, Integer> widths) {
        NamedSequentialBlock out = new NamedSequentialBlock();
        for (Pair<String, Block> child : seq.getChildren()) {
            String key = child.getKey();
            String name = key.substring(2); // DJL prefixes the position, "02fc1"
            Block b = child.getValue();
            String path = prefix + key + "_";
            String layer = producers.get(path);
            Integer width = layer == null ? null : widths.get(layer);
            if (b instanceof SequentialBlock inner) {
                out.add(name, narrow(inner, path, widths));
                continue;
            }
            Block nb;
            if (b instanceof Linear) {
                long units = b.getParameters().get("weight").getArray().getShape().get(0);
                nb = Linear.builder().setUnits(width == null ? units : width)
                        .optBias(b.getParameters().contains("bias")).build();
            } else if (b instanceof Conv2d conv) {
                nb = Conv2d.builder().setKernelShape(conv.getKernelShape())
                        .optStride(conv.getStride()).optPadding(conv.getPadding())
                        .optDilation(conv.getDilation()).optGroups(conv.getGroups())
                        .optBias(conv.isIncludeBias())
                        .setFilters(width == null ? conv.getFilters() : width).build();
            } else if (b instanceof BatchNorm bn) {
                nb = copyOf(bn);
            } else {
                out.add(name, b);
                continue;
            }
            // The same initializers, so that a compact network drawn fresh (Scratch) is drawn
            // as the network's own layers are.
            for (Pair<String, Parameter> p : b.getDirectParameters()) {
                if (p.getValue().getInitializer() != null) {
                    nb.getDirectParameters().get(p.getKey())
                            .setInitializer(p.getValue().getInitializer());
                }
            }
            out.add(name, nb);
        }
        return out;
    }

    /**
     * A new BatchNorm with another's settings (axis, epsilon, momentum, centre, scale). DJL 0.35's
     * BatchNorm has no getters for them and saves none of them with its parameters, so they are
     * read from its fields; a compact network with another epsilon would compute another function.
     */
    private static BatchNorm copyOf(BatchNorm bn) {
        try {
            return BatchNorm.builder()
                    .optAxis((Integer) field(bn, "axis"))
                    .optEpsilon((Float) field(bn, "epsilon"))
                    .optMomentum((Float) field(bn, "momentum"))
                    .optCenter((Boolean) field(bn, "center"))
                    .optScale((Boolean) field(bn, "scale"))
                    .build();
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new IllegalStateException("Cannot read the settings of DJL's BatchNorm (its"
                    + " fields axis, epsilon, momentum, center and scale), which a compact"
                    + " network copies; this DJL version lays the block out differently.", e);
        }
    }

    private static Object field(BatchNorm bn, String name) throws ReflectiveOperationException {
        java.lang.reflect.Field f = BatchNorm.class.getDeclaredField(name);
        f.setAccessible(true);
        return f.get(bn);
    }

    /**
     * Copies the kept units' values of an initialized dense network into its compact twin,
     * initialized from {@link #narrow} with the same input shape.
     *
     * @param dense the dense network
     * @param compact the compact network
     * @param kept the kept units
     */
    public void copyToCompact(Block dense, Block compact, UnitSelection kept) {
        Map<String, Parameter> small = byName(compact);
        for (Map.Entry<String, Parameter> e : byName(dense).entrySet()) {
            NDArray from = e.getValue().getArray();
            long[] shape = from.getShape().getShape();
            write(small.get(e.getKey()).getArray(),
                    kept.gather(e.getKey(), shape, from.toFloatArray()));
        }
    }

    /**
     * Copies a compact network's values back into the dense network, where its units sit; every
     * value of a dropped unit becomes 0.0.
     *
     * @param compact the compact network
     * @param dense the dense network
     * @param kept the kept units
     */
    public void copyToDense(Block compact, Block dense, UnitSelection kept) {
        Map<String, Parameter> small = byName(compact);
        for (Map.Entry<String, Parameter> e : byName(dense).entrySet()) {
            NDArray to = e.getValue().getArray();
            long[] shape = to.getShape().getShape();
            write(to, kept.scatter(e.getKey(), shape,
                    small.get(e.getKey()).getArray().toFloatArray()));
        }
    }

    /**
     * Overwrites an array in place. Not {@code NDArray.set(float[])}: MXNet refuses it on arrays
     * its MKL-DNN kernels have laid out (a convolution's weight after a forward pass).
     */
    private static void write(NDArray target, float[] values) {
        try (NDArray v = target.getManager().create(values, target.getShape())) {
            ArrayCopy.copy(v, target);
        }
    }

    private static Map<String, Parameter> byName(Block block) {
        Map<String, Parameter> out = new LinkedHashMap<>();
        for (Pair<String, Parameter> p : block.getParameters()) {
            out.put(p.getKey(), p.getValue());
        }
        return out;
    }

    /** Reads a stack child by child, following the shape each child passes on. */
    private static final class Walk {

        private final UnitKind kind;
        private final List<UnitLayer> layers = new ArrayList<>();
        private final Map<String, String> producers = new LinkedHashMap<>();
        /** The layer whose units flow through the stack now, and what it owns so far. */
        private String open;
        private LayerKind openKind;
        private int openUnits;
        private final List<UnitSlice> openSlices = new ArrayList<>();
        /** Consecutive indices per unit in what flows now: 1, or H×W after a flatten. */
        private long block = 1;

        Walk(UnitKind kind) {
            this.kind = kind;
        }

        Shape[] stack(SequentialBlock seq, String prefix, Shape[] in) {
            Shape[] shapes = in;
            for (Pair<String, Block> child : seq.getChildren()) {
                Block b = child.getValue();
                String path = prefix + child.getKey() + "_";
                if (b instanceof SequentialBlock inner) {
                    shapes = stack(inner, path, shapes);
                    continue;
                }
                Shape[] out = b.getOutputShapes(shapes);
                if (b instanceof Linear || b instanceof Conv2d) {
                    producer(b, path);
                } else if (b instanceof BatchNorm) {
                    requireOpen(b, path);
                    openSlices.add(UnitSlice.of(path + "gamma", 0));
                    openSlices.add(UnitSlice.of(path + "beta", 0));
                    openSlices.add(UnitSlice.statistic(path + "runningMean"));
                    openSlices.add(UnitSlice.statistic(path + "runningVar"));
                } else if (!b.getParameters().isEmpty()) {
                    throw unknown(b, path, "has parameters");
                } else {
                    passOrFlatten(b, path, shapes[0], out[0]);
                }
                shapes = out;
            }
            return shapes;
        }

        private void producer(Block b, String path) {
            long[] w = b.getParameters().get("weight").getArray().getShape().getShape();
            if (b instanceof Convolution conv && conv.getGroups() != 1) {
                throw unknown(b, path, "is a grouped convolution, whose channels couple"
                        + " by group");
            }
            if (open != null) {
                openSlices.add(new UnitSlice(path + "weight", 1, Math.toIntExact(block)));
                close();
            } else if (block != 1) {
                block = 1;
            }
            LayerKind layerKind = b instanceof Linear ? LayerKind.DENSE : LayerKind.CONV;
            open = path.substring(0, path.length() - 1);
            openKind = layerKind;
            openUnits = Math.toIntExact(w[0]);
            openSlices.clear();
            openSlices.add(UnitSlice.of(path + "weight", 0));
            if (b.getParameters().contains("bias")) {
                openSlices.add(UnitSlice.of(path + "bias", 0));
            }
            producers.put(path, open);
            block = 1;
        }

        /** Ends the open layer: it is a unit layer when its kind is the one pruned. */
        private void close() {
            boolean pruned = kind == UnitKind.NEURONS ? openKind == LayerKind.DENSE
                    : openKind == LayerKind.CONV;
            if (pruned) {
                layers.add(new UnitLayer(open, openKind, openUnits, openSlices));
            } else {
                producers.values().remove(open);
            }
        }

        private void requireOpen(Block b, String path) {
            if (open == null) {
                throw unknown(b, path, "comes before any Linear or Conv2d layer");
            }
        }

        /** A block without parameters keeps the channels, flattens them, or is refused. */
        private void passOrFlatten(Block b, String path, Shape in, Shape out) {
            if (open == null) {
                return; // before the first layer: nothing couples yet
            }
            if (in.equals(out) || (in.dimension() == out.dimension() && in.dimension() > 1
                    && in.get(1) == out.get(1))) {
                return; // activation, dropout, pooling
            }
            if (out.dimension() == 2 && in.dimension() > 2
                    && out.get(1) == in.size() / in.get(0)) {
                block *= in.size() / in.get(0) / in.get(1);
                return; // a flatten: each channel becomes H×W consecutive columns
            }
            throw unknown(b, path, "turns " + in + " into " + out);
        }

        private static IllegalArgumentException unknown(Block b, String path, String what) {
            return new IllegalArgumentException("Block " + path.substring(0, path.length() - 1)
                    + " (" + b.getClass().getSimpleName() + ") " + what + ", so LTQ cannot tell"
                    + " how the units around it couple (structured pruning takes stacks of"
                    + " Linear, Conv2d, BatchNorm, activation, pooling and flatten blocks).");
        }
    }
}

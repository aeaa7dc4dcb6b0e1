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
    /** The pruned layer each Linear or Conv2d layer produces units of, by parameter prefix. */
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
        return of(block, inputShape, kind, ResidualChannels.INNER);
    }

    /**
     * Reads the units of an initialized network whose residual blocks ({@link ResidualJoin})
     * tie channels.
     *
     * @param block the network, initialized
     * @param inputShape the shape of a batch it takes
     * @param kind neurons or channels
     * @param residual which channels of residual blocks are pruned
     * @return the structure
     * @throws IllegalArgumentException when the network is not a stack LTQ can read, or has no
     *     unit of that kind to prune; the message names the block
     */
    public static UnitStructure of(Block block, Shape inputShape, UnitKind kind,
            ResidualChannels residual) {
        if (!(block instanceof SequentialBlock seq)) {
            throw new IllegalArgumentException(block.getClass().getSimpleName() + " is not a"
                    + " SequentialBlock, so LTQ cannot tell how its units couple (structured"
                    + " pruning takes stacks of Linear, Conv2d, BatchNorm, activation, pooling"
                    + " and flatten blocks).");
        }
        Walk walk = new Walk(kind, residual);
        walk.stack(seq, "", new Shape[] {inputShape});
        List<UnitLayer> layers = walk.layers();
        if (layers.isEmpty()) {
            throw new IllegalArgumentException("The network has no " + kind.label()
                    + " to prune (" + kind.label() + " are the units of "
                    + (kind == UnitKind.NEURONS ? "hidden Linear layers" : "Conv2d layers")
                    + ").");
        }
        return new UnitStructure(seq, kind, layers, walk.producers());
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
            // DJL prefixes the position ("02fc1"); the same name gives the same parameter paths.
            out.add(key.substring(2), narrow(child.getValue(), prefix + key + "_", widths));
        }
        return out;
    }

    private Block narrow(Block b, String path, Map<String, Integer> widths) {
        String layer = producers.get(path);
        Integer width = layer == null ? null : widths.get(layer);
        Block nb;
        if (b instanceof SequentialBlock inner) {
            return narrow(inner, path, widths);
        } else if (b instanceof ResidualJoin join) {
            var branches = join.getChildren();
            return join.withBranches(
                    narrow(branches.get(0).getValue(), path + branches.get(0).getKey() + "_",
                            widths),
                    narrow(branches.get(1).getValue(), path + branches.get(1).getKey() + "_",
                            widths));
        } else if (b instanceof Linear) {
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
            return b; // no parameters, no state: shared with the dense network
        }
        // The same initializers, so that a compact network drawn fresh (Scratch) is drawn as
        // the network's own layers are.
        for (Pair<String, Parameter> p : b.getDirectParameters()) {
            if (p.getValue().getInitializer() != null) {
                nb.getDirectParameters().get(p.getKey())
                        .setInitializer(p.getValue().getInitializer());
            }
        }
        return nb;
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

    /**
     * The units some layers produce together: one layer's, or, where residual additions join
     * them, every layer's that writes into the same channels.
     */
    private static final class Group {
        final String name;
        final LayerKind kind;
        final int units;
        final List<UnitSlice> members = new ArrayList<>();
        boolean prunable = true;

        Group(String name, LayerKind kind, int units) {
            this.name = name;
            this.kind = kind;
            this.units = units;
        }
    }

    /** Reads a stack child by child, following the shape each child passes on. */
    private static final class Walk {

        private final UnitKind kind;
        private final ResidualChannels residual;
        /** Every group in the order its first layer comes. */
        private final List<Group> groups = new ArrayList<>();
        /** The group each Linear or Conv2d layer produces, by parameter prefix. */
        private final Map<String, Group> producers = new LinkedHashMap<>();
        /** The group whose units flow through the stack now. */
        private Group open;
        /** Consecutive indices per unit in what flows now: 1, or H×W after a flatten. */
        private long block = 1;

        Walk(UnitKind kind, ResidualChannels residual) {
            this.kind = kind;
            this.residual = residual;
        }

        /** The pruned groups: of the kind asked for, prunable, and not the output layer. */
        List<UnitLayer> layers() {
            LayerKind wanted = kind == UnitKind.NEURONS ? LayerKind.DENSE : LayerKind.CONV;
            List<UnitLayer> out = new ArrayList<>();
            for (Group g : groups) {
                if (g != open && g.prunable && g.kind == wanted) {
                    out.add(new UnitLayer(g.name, g.kind, g.units, g.members));
                }
            }
            return out;
        }

        /** The pruned group's name of each layer that produces one. */
        Map<String, String> producers() {
            List<String> pruned = layers().stream().map(UnitLayer::name).toList();
            Map<String, String> out = new LinkedHashMap<>();
            producers.forEach((path, g) -> {
                if (pruned.contains(g.name)) {
                    out.put(path, g.name);
                }
            });
            return out;
        }

        Shape[] stack(SequentialBlock seq, String prefix, Shape[] in) {
            Shape[] shapes = in;
            for (Pair<String, Block> child : seq.getChildren()) {
                shapes = child(child.getValue(), prefix + child.getKey() + "_", shapes);
            }
            return shapes;
        }

        private Shape[] child(Block b, String path, Shape[] shapes) {
            if (b instanceof SequentialBlock inner) {
                return stack(inner, path, shapes);
            }
            if (b instanceof ResidualJoin join) {
                return join(join, path, shapes);
            }
            Shape[] out = b.getOutputShapes(shapes);
            if (b instanceof Linear || b instanceof Conv2d) {
                producer(b, path);
            } else if (b instanceof BatchNorm) {
                requireOpen(b, path);
                open.members.add(UnitSlice.of(path + "gamma", 0));
                open.members.add(UnitSlice.of(path + "beta", 0));
                open.members.add(UnitSlice.statistic(path + "runningMean"));
                open.members.add(UnitSlice.statistic(path + "runningVar"));
            } else if (!b.getParameters().isEmpty()) {
                throw unknown(b, path, "has parameters");
            } else {
                passOrFlatten(b, path, shapes[0], out[0]);
            }
            return out;
        }

        /**
         * A residual block: both branches read the group flowing in, and the addition ties the
         * groups the branches end with into one.
         */
        private Shape[] join(ResidualJoin join, String path, Shape[] in) {
            var branches = join.getChildren();
            if (branches.size() != 2) {
                throw unknown(join, path, "joins " + branches.size() + " branches, not 2");
            }
            requireOpen(join, path);
            Group entering = open;
            long enteringBlock = block;
            Shape[] out = child(branches.get(0).getValue(),
                    path + branches.get(0).getKey() + "_", in);
            Group main = open;
            open = entering;
            block = enteringBlock;
            child(branches.get(1).getValue(), path + branches.get(1).getKey() + "_", in);
            Group shortcut = open;
            if (main.units != shortcut.units) {
                throw unknown(join, path, "adds " + main.units + " channels to "
                        + shortcut.units);
            }
            // The shortcut's group (the one flowing in, for an identity) takes the main's.
            if (main != shortcut) {
                shortcut.members.addAll(main.members);
                producers.replaceAll((p, g) -> g == main ? shortcut : g);
                groups.remove(main);
            }
            shortcut.prunable = residual == ResidualChannels.SHARED;
            open = shortcut;
            return out;
        }

        private void producer(Block b, String path) {
            long[] w = b.getParameters().get("weight").getArray().getShape().getShape();
            if (b instanceof Convolution conv && conv.getGroups() != 1) {
                throw unknown(b, path, "is a grouped convolution, whose channels couple"
                        + " by group");
            }
            if (open != null) {
                open.members.add(new UnitSlice(path + "weight", 1, Math.toIntExact(block)));
            }
            LayerKind layerKind = b instanceof Linear ? LayerKind.DENSE : LayerKind.CONV;
            open = new Group(path.substring(0, path.length() - 1), layerKind,
                    Math.toIntExact(w[0]));
            open.members.add(UnitSlice.of(path + "weight", 0));
            if (b.getParameters().contains("bias")) {
                open.members.add(UnitSlice.of(path + "bias", 0));
            }
            groups.add(open);
            producers.put(path, open);
            block = 1;
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
            if (in.equals(out) || (in.dimension() > 1 && out.dimension() > 1
                    && in.get(1) == out.get(1) && (in.dimension() == out.dimension()
                            || block == 1 && out.dimension() == 2))) {
                return; // activation, dropout, pooling, global pooling
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
                    + " Linear, Conv2d, BatchNorm, activation, pooling and flatten blocks, and"
                    + " residual blocks that implement ResidualJoin).");
        }
    }
}

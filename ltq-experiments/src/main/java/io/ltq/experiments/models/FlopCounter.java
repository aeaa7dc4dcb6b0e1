package io.ltq.experiments.models;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.ParallelBlock;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Convolution;
import ai.djl.nn.core.Linear;
import ai.djl.util.Pair;
import java.util.ArrayList;
import java.util.List;

/**
 * Counts the FLOPs of a network's weight layers, ShrinkBench's way: one FLOP per
 * multiply–accumulate of a weight, per example; biases, activations, pooling and normalization
 * are left out. A linear layer costs in × out, a convolution k × k × C_in/groups × C_out × H_out ×
 * W_out.
 *
 * <p>The sizes come from DJL, not from a table: the counter follows the data through sequential
 * and parallel blocks, asking each block for its output shape, so it works for any network built
 * from those (the paper's networks all are). Inside a block with wiring of its own (a forward
 * method of one's own), each weight layer is counted from the input shapes it was initialized
 * with.
 */
public final class FlopCounter {

    private FlopCounter() {}

    /**
     * Counts the weight layers of an initialized network.
     *
     * @param block the network, initialized (weights have shapes)
     * @param exampleShape the shape of one example, without the batch axis, e.g. (1, 28, 28)
     * @return one cost per linear or convolution layer, in parameter order; paths match the
     *     masks' names
     * @throws IllegalStateException when the network is not initialized
     */
    public static List<LayerCost> count(Block block, Shape exampleShape) {
        List<LayerCost> out = new ArrayList<>();
        walk(block, new Shape[] {new Shape(1).addAll(exampleShape)}, "", out);
        return out;
    }

    /**
     * Returns the total FLOPs of layer costs.
     *
     * @param layers the costs
     * @return the sum of their FLOPs
     */
    public static long total(List<LayerCost> layers) {
        return layers.stream().mapToLong(LayerCost::flops).sum();
    }

    /**
     * Returns the FLOPs left when masks prune the layers' weights: each layer's FLOPs times the
     * share of its weights kept (a structured ticket's compact network has exactly these).
     *
     * @param layers the costs
     * @param masks masks by weight path; a layer without one is dense, a mask of another tensor
     *     (a bias, BatchNorm) costs nothing
     * @return the nonzero FLOPs
     */
    public static double masked(List<LayerCost> layers, io.ltq.mask.MaskSet masks) {
        double flops = 0;
        for (LayerCost layer : layers) {
            flops += layer.flops() * (masks.contains(layer.path())
                    ? masks.get(layer.path()).density() : 1);
        }
        return flops;
    }

    // Same naming as AbstractBaseBlock.getParameters(): each child's parameters are prefixed
    // by "<childName>_", so paths match the masks'.
    private static Shape[] walk(Block block, Shape[] in, String prefix, List<LayerCost> out) {
        if (block instanceof Linear || block instanceof Convolution) {
            Shape[] shapes = block.getOutputShapes(in);
            Pair<String, Parameter> weight = weight(block);
            long weights = weight.getValue().getShape().size();
            Shape output = shapes[0];
            // Each weight is used once per output position: every leading position of a linear
            // layer's input, every pixel of a convolution's output map.
            long positions = block instanceof Linear
                    ? output.slice(1, output.dimension() - 1).size()
                    : output.slice(2).size();
            out.add(new LayerCost(prefix + weight.getKey(),
                    block instanceof Linear ? "linear" : "conv", weights, weights * positions));
            return shapes;
        }
        if (block instanceof SequentialBlock) {
            Shape[] shapes = in;
            for (Pair<String, Block> child : block.getChildren()) {
                shapes = walk(child.getValue(), shapes, prefix + child.getKey() + "_", out);
            }
            return shapes;
        }
        if (block instanceof ParallelBlock) {
            for (Pair<String, Block> child : block.getChildren()) {
                walk(child.getValue(), in, prefix + child.getKey() + "_", out);
            }
            return block.getOutputShapes(in);
        }
        if (!block.getChildren().isEmpty() && hasWeightLayer(block)) {
            // Wiring of its own (a residual add in its forward, say): each weight layer costs
            // what the input shapes it was initialized with say.
            for (Pair<String, Block> child : block.getChildren()) {
                walkInitialized(child.getValue(), prefix + child.getKey() + "_", out);
            }
        }
        return block.getOutputShapes(in);
    }

    private static void walkInitialized(Block block, String prefix, List<LayerCost> out) {
        if (block instanceof Linear || block instanceof Convolution) {
            Shape[] in = block.getInputShapes();
            if (in == null) {
                throw new IllegalStateException(block.getClass().getSimpleName() + " " + prefix
                        + " has no input shapes yet: initialize the network before counting"
                        + " its FLOPs.");
            }
            walk(block, in, prefix, out);
            return;
        }
        for (Pair<String, Block> child : block.getChildren()) {
            walkInitialized(child.getValue(), prefix + child.getKey() + "_", out);
        }
    }

    private static Pair<String, Parameter> weight(Block layer) {
        for (Pair<String, Parameter> p : layer.getDirectParameters()) {
            if (p.getValue().getType() == Parameter.Type.WEIGHT) {
                if (p.getValue().getShape() == null) {
                    throw new IllegalStateException(
                            "Weight " + p.getKey() + " has no shape yet: initialize the network"
                                    + " before counting its FLOPs.");
                }
                return p;
            }
        }
        throw new IllegalStateException(layer.getClass().getSimpleName() + " has no weight.");
    }

    private static boolean hasWeightLayer(Block block) {
        if (block instanceof Linear || block instanceof Convolution) {
            return true;
        }
        for (Pair<String, Block> child : block.getChildren()) {
            if (hasWeightLayer(child.getValue())) {
                return true;
            }
        }
        return false;
    }
}

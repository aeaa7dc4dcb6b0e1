package com.acme;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * The residual network the way DJL's own tutorials write a block with a skip connection: an
 * {@link AbstractBlock} whose forward method adds its input to a branch, {@code relu(h +
 * bn(conv(h)))} with {@code h = relu(bn(conv(x)))}, then the mean over the pixels and a linear
 * classifier.
 */
public class SkipNet extends AbstractBlock {

    private static final int CHANNELS = 4;

    private final Block conv1;
    private final Block norm1;
    private final Block conv2;
    private final Block norm2;
    private final Block output;

    /**
     * Builds the network.
     *
     * @param numClasses the width of the output layer
     */
    public SkipNet(int numClasses) {
        conv1 = addChildBlock("conv1", conv());
        norm1 = addChildBlock("norm1", BatchNorm.builder().build());
        conv2 = addChildBlock("conv2", conv());
        norm2 = addChildBlock("norm2", BatchNorm.builder().build());
        output = addChildBlock("output", Linear.builder().setUnits(numClasses).build());
    }

    private static Block conv() {
        return Conv2d.builder()
                .setKernelShape(new Shape(3, 3))
                .optPadding(new Shape(1, 1))
                .setFilters(CHANNELS)
                .optBias(false)
                .build();
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training,
            PairList<String, Object> params) {
        NDList h = Activation.relu(norm1.forward(store, conv1.forward(store, inputs, training),
                training));
        NDList f = norm2.forward(store, conv2.forward(store, h, training), training);
        NDArray sum = Activation.relu(h.singletonOrThrow().add(f.singletonOrThrow()));
        // The mean over height, then width: one axis at a time, as every engine takes it.
        NDArray pooled = sum.mean(new int[] {3}).mean(new int[] {2});
        return output.forward(store, new NDList(pooled), training);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputs) {
        return output.getOutputShapes(new Shape[] {new Shape(inputs[0].get(0), CHANNELS)});
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType,
            Shape... inputShapes) {
        conv1.initialize(manager, dataType, inputShapes);
        Shape[] maps = conv1.getOutputShapes(inputShapes);
        norm1.initialize(manager, dataType, maps);
        conv2.initialize(manager, dataType, maps);
        norm2.initialize(manager, dataType, maps);
        output.initialize(manager, dataType, new Shape(maps[0].get(0), CHANNELS));
    }
}

package com.acme;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.ParallelBlock;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.pooling.Pool;
import java.util.List;

/**
 * A user's own tiny residual network, written with plain DJL and nothing of LTQ's: a convolution
 * with batch norm and ReLU, one residual block {@code relu(x + bn(conv(relu(bn(conv(x))))))},
 * global average pooling and a linear classifier.
 */
public class ResidualNet extends SequentialBlock {

    /** The channels of every convolution; the test compiles a second jar where it differs. */
    public static final int CHANNELS = 4;

    /**
     * Builds the network.
     *
     * @param numClasses the width of the output layer
     */
    public ResidualNet(int numClasses) {
        add(conv());
        add(BatchNorm.builder().build());
        add(Activation.reluBlock());
        Block branch = new SequentialBlock()
                .add(conv())
                .add(BatchNorm.builder().build())
                .add(Activation.reluBlock())
                .add(conv())
                .add(BatchNorm.builder().build());
        add(new ParallelBlock(
                outs -> new NDList(outs.get(0).singletonOrThrow()
                        .add(outs.get(1).singletonOrThrow())),
                List.of(branch, Blocks.identityBlock())));
        add(Activation.reluBlock());
        add(Pool.globalAvgPool2dBlock());
        add(Blocks.batchFlattenBlock());
        add(Linear.builder().setUnits(numClasses).build());
    }

    private static Block conv() {
        return Conv2d.builder()
                .setKernelShape(new Shape(3, 3))
                .optPadding(new Shape(1, 1))
                .setFilters(CHANNELS)
                .optBias(false)
                .build();
    }
}

package io.ltq.experiments.models;

import io.ltq.djl.structure.NamedSequentialBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.core.Linear;
import ai.djl.nn.pooling.Pool;

/**
 * Builds the CIFAR ResNets of He et al. (2016), ResNet-20 by default: a 3x3 convolution with 16
 * filters, batch norm and ReLU; three stages of {@code (depth - 2) / 6} basic blocks with 16, 32
 * and 64 filters; global average pooling; and a fully connected output layer.
 *
 * <p>A basic block is conv-BN-ReLU-conv-BN plus a shortcut, then ReLU. The first block of stages
 * two and three halves the image with stride 2; its shortcut is a projection (1x1 convolution with
 * stride 2 and batch norm, He et al.'s option B, as in OpenLTH) rather than option A's zero-padded
 * identity, so every path is an ordinary DJL layer the pruning code can see. Convolutions have no
 * bias (batch norm follows each one). Weights are Kaiming normal.
 *
 * <p>ResNet-20 has 272,474 learned parameters (274,042 with batch-norm running statistics).
 *
 * <pre>
 * Block resnet20 = CifarResNet.builder().build();
 * </pre>
 */
public final class CifarResNet {

    private CifarResNet() {}

    /**
     * Returns a builder for ResNet-20 with 16 base filters and 10 classes.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /** Configures and builds the network. */
    public static final class Builder {

        private int depth = 20;
        private int width = 16;
        private int numClasses = 10;

        Builder() {}

        /**
         * Sets the depth, which must be {@code 6n + 2} (20, 32, 44, 56, 110...).
         *
         * @param depth the number of weighted layers
         * @return this builder
         */
        public Builder optDepth(int depth) {
            if (depth < 8 || (depth - 2) % 6 != 0) {
                throw new IllegalArgumentException(
                        "CIFAR ResNet depth must be 6n+2 with n >= 1 (20, 32, 44, 56, 110), got "
                                + depth);
            }
            this.depth = depth;
            return this;
        }

        /**
         * Sets the filters of the first stage (default 16); later stages double it.
         *
         * @param width the base number of filters
         * @return this builder
         */
        public Builder optWidth(int width) {
            if (width <= 0) {
                throw new IllegalArgumentException("Width must be positive, got " + width);
            }
            this.width = width;
            return this;
        }

        /**
         * Sets the number of output classes (default 10).
         *
         * @param numClasses the width of the output layer
         * @return this builder
         */
        public Builder optNumClasses(int numClasses) {
            this.numClasses = Layers.checkClasses(numClasses);
            return this;
        }

        /**
         * Builds the network.
         *
         * @return the uninitialized block
         */
        public Block build() {
            int blocksPerStage = (depth - 2) / 6;
            NamedSequentialBlock net = new NamedSequentialBlock();
            net.add("conv1", Layers.conv3x3(width, 1, false));
            net.add("bn1", Layers.batchNorm());
            net.add("relu1", Activation.reluBlock());
            int inFilters = width;
            for (int stage = 0; stage < 3; stage++) {
                int filters = width << stage;
                for (int b = 0; b < blocksPerStage; b++) {
                    int stride = (stage > 0 && b == 0) ? 2 : 1;
                    String name = "stage" + (stage + 1) + "block" + (b + 1);
                    net.add(name, basicBlock(inFilters, filters, stride));
                    net.add(name + "relu", Activation.reluBlock());
                    inFilters = filters;
                }
            }
            net.add("pool", Pool.globalAvgPool2dBlock());
            net.add("flatten", Blocks.batchFlattenBlock());
            net.add(Networks.OUTPUT_LAYER, Linear.builder().setUnits(numClasses).build());
            return Initializers.apply(net, Initializers.kaimingNormal());
        }

        private static Block basicBlock(int inFilters, int filters, int stride) {
            NamedSequentialBlock main =
                    new NamedSequentialBlock()
                            .add("conv1", Layers.conv3x3(filters, stride, false))
                            .add("bn1", Layers.batchNorm())
                            .add("relu1", Activation.reluBlock())
                            .add("conv2", Layers.conv3x3(filters, 1, false))
                            .add("bn2", Layers.batchNorm());
            Block shortcut;
            if (stride != 1 || inFilters != filters) {
                shortcut =
                        new NamedSequentialBlock()
                                .add("conv", Layers.conv1x1(filters, stride))
                                .add("bn", Layers.batchNorm());
            } else {
                shortcut = Blocks.identityBlock();
            }
            return new ResidualBlock(main, shortcut);
        }
    }
}

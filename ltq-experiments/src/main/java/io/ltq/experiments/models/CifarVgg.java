package io.ltq.experiments.models;

import io.ltq.djl.structure.NamedSequentialBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.core.Linear;
import ai.djl.nn.pooling.Pool;

/**
 * Builds the CIFAR variants of VGG used by the lottery-ticket papers (OpenLTH's {@code cifar_vgg}):
 * the standard VGG configurations of 3x3 convolutions (padding 1, with bias), each followed by
 * batch norm and ReLU, with 2x2 max pools between groups, and a single fully connected output layer
 * on the 512 pooled channels instead of VGG's three large FC layers.
 *
 * <p>On 32x32 input the last group sees 2x2 pixels; OpenLTH averages them with a 2x2 average pool,
 * which this block does with a global average pool (the same on 32x32, and it also accepts other
 * sizes). Weights are Kaiming normal. VGG-16 has 14,728,266 and VGG-19 20,040,522 learned
 * parameters.
 *
 * <pre>
 * Block vgg19 = CifarVgg.builder().setDepth(19).build();
 * </pre>
 */
public final class CifarVgg {

    /** Marks a max pool in a configuration. */
    private static final int POOL = 0;

    private static final int[] VGG11 = {
        64, POOL, 128, POOL, 256, 256, POOL, 512, 512, POOL, 512, 512
    };
    private static final int[] VGG13 = {
        64, 64, POOL, 128, 128, POOL, 256, 256, POOL, 512, 512, POOL, 512, 512
    };
    private static final int[] VGG16 = {
        64, 64, POOL, 128, 128, POOL, 256, 256, 256, POOL, 512, 512, 512, POOL, 512, 512, 512
    };
    private static final int[] VGG19 = {
        64, 64, POOL, 128, 128, POOL, 256, 256, 256, 256, POOL, 512, 512, 512, 512, POOL, 512, 512,
        512, 512
    };

    private CifarVgg() {}

    /**
     * Returns a builder; the depth must be set.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /** Configures and builds the network. */
    public static final class Builder {

        private int[] config;
        private int numClasses = 10;

        Builder() {}

        /**
         * Sets the depth: 11, 13, 16 or 19 weighted layers.
         *
         * @param depth the VGG configuration
         * @return this builder
         */
        public Builder setDepth(int depth) {
            switch (depth) {
                case 11:
                    config = VGG11;
                    break;
                case 13:
                    config = VGG13;
                    break;
                case 16:
                    config = VGG16;
                    break;
                case 19:
                    config = VGG19;
                    break;
                default:
                    throw new IllegalArgumentException(
                            "VGG depth must be 11, 13, 16 or 19, got " + depth);
            }
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
            if (config == null) {
                throw new IllegalStateException("Call setDepth(11, 13, 16 or 19) before build().");
            }
            NamedSequentialBlock net = new NamedSequentialBlock();
            int conv = 0;
            int pool = 0;
            for (int filters : config) {
                if (filters == POOL) {
                    net.add("pool" + ++pool, Layers.maxPool2());
                } else {
                    conv++;
                    net.add("conv" + conv, Layers.conv3x3(filters, 1, true));
                    net.add("bn" + conv, Layers.batchNorm());
                    net.add("relu" + conv, Activation.reluBlock());
                }
            }
            net.add("avgpool", Pool.globalAvgPool2dBlock());
            net.add("flatten", Blocks.batchFlattenBlock());
            net.add(Networks.OUTPUT_LAYER, Linear.builder().setUnits(numClasses).build());
            return Initializers.apply(net, Initializers.kaimingNormal());
        }
    }
}

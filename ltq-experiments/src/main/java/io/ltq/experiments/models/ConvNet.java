package io.ltq.experiments.models;

import io.ltq.djl.structure.NamedSequentialBlock;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.core.Linear;

/**
 * Builds the paper's Conv-2, Conv-4 and Conv-6 networks (VGG-like, after Simonyan and Zisserman):
 * pairs of 3x3 convolutions with padding 1 and ReLU, each pair followed by a 2x2 max pool, with 64,
 * 128 and 256 filters for the first, second and third pair; then FC 256 ReLU, FC 256 ReLU and FC
 * 10. Weights are Glorot normal, biases zero, and there is no batch norm.
 *
 * <p>The fully connected layers infer their input size, so the same network runs on CIFAR-10
 * (3x32x32) and Fashion-MNIST (1x28x28); only the first FC layer's size changes. On 3x32x32 the
 * counts are 4,301,642 (Conv-2), 2,425,930 (Conv-4) and 2,262,602 (Conv-6) parameters. The paper's
 * table gives 4.3M, 2.4M and 1.7M; its Conv-6 figure does not follow from the layer list it prints
 * (the convolutions alone hold 1.14M weights and the first FC layer 1.05M), so this factory follows
 * the layer list.
 *
 * <pre>
 * Block conv4 = ConvNet.builder().setDepth(4).build();
 * </pre>
 */
public final class ConvNet {

    private static final int[] PAIR_FILTERS = {64, 128, 256};

    private ConvNet() {}

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

        private int depth;
        private Shape inputShape = new Shape(3, 32, 32);
        private long[] fcWidths = {256, 256};
        private int numClasses = 10;

        Builder() {}

        /**
         * Sets the number of convolutional layers: 2, 4 or 6.
         *
         * @param depth the number of convolutions
         * @return this builder
         */
        public Builder setDepth(int depth) {
            if (depth != 2 && depth != 4 && depth != 6) {
                throw new IllegalArgumentException(
                        "Conv networks have 2, 4 or 6 convolutional layers, got " + depth);
            }
            this.depth = depth;
            return this;
        }

        /**
         * Sets the (channels, height, width) input the network will see (default 3x32x32), to check
         * that every max pool has pixels to halve.
         *
         * @param inputShape the shape of one example
         * @return this builder
         */
        public Builder optInputShape(Shape inputShape) {
            this.inputShape = inputShape;
            return this;
        }

        /**
         * Sets the widths of the hidden fully connected layers (default 256, 256).
         *
         * @param widths one positive width per hidden layer
         * @return this builder
         */
        public Builder optFcWidths(long... widths) {
            for (long w : widths) {
                if (w <= 0) {
                    throw new IllegalArgumentException("FC widths must be positive, got " + w);
                }
            }
            this.fcWidths = widths.clone();
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
            if (depth == 0) {
                throw new IllegalStateException("Call setDepth(2, 4 or 6) before build().");
            }
            int pairs = depth / 2;
            Layers.checkImageShape(inputShape, pairs, "Conv-" + depth);
            NamedSequentialBlock net = new NamedSequentialBlock();
            int conv = 0;
            for (int pair = 0; pair < pairs; pair++) {
                for (int k = 0; k < 2; k++) {
                    conv++;
                    net.add("conv" + conv, Layers.conv3x3(PAIR_FILTERS[pair], 1, true));
                    net.add("relu" + conv, Activation.reluBlock());
                }
                net.add("pool" + (pair + 1), Layers.maxPool2());
            }
            net.add("flatten", Blocks.batchFlattenBlock());
            for (int i = 0; i < fcWidths.length; i++) {
                net.add("fc" + (i + 1), Linear.builder().setUnits(fcWidths[i]).build());
                net.add("fcrelu" + (i + 1), Activation.reluBlock());
            }
            net.add(Networks.OUTPUT_LAYER, Linear.builder().setUnits(numClasses).build());
            return Initializers.apply(net, Initializers.glorotNormal());
        }
    }
}

package io.ltq.experiments.models;

import io.ltq.djl.structure.NamedSequentialBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.core.Linear;

import java.util.Arrays;

/**
 * Builds LeNet-300-100, the paper's fully connected MNIST network: flatten, FC 300 ReLU, FC 100
 * ReLU, FC 10 (266,610 parameters on 28x28 input), with Glorot normal weights and zero biases.
 *
 * <pre>
 * Block net = LeNet300100.builder().build();
 * </pre>
 */
public final class LeNet300100 {

    private LeNet300100() {}

    /**
     * Returns a builder with the paper's layer sizes.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /** Configures and builds the network. */
    public static final class Builder {

        private long[] hidden = {300, 100};
        private int numClasses = 10;

        Builder() {}

        /**
         * Sets the widths of the hidden layers, input side first (default 300, 100).
         *
         * @param widths one positive width per hidden layer
         * @return this builder
         */
        public Builder optHiddenWidths(long... widths) {
            if (Arrays.stream(widths).anyMatch(w -> w <= 0)) {
                throw new IllegalArgumentException(
                        "Hidden widths must be positive, got " + Arrays.toString(widths));
            }
            this.hidden = widths.clone();
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
         * Builds the network; {@code Linear} layers infer their input size at initialization, so
         * any image shape works.
         *
         * @return the uninitialized block
         */
        public Block build() {
            NamedSequentialBlock net = new NamedSequentialBlock();
            net.add("flatten", Blocks.batchFlattenBlock());
            for (int i = 0; i < hidden.length; i++) {
                net.add("fc" + (i + 1), Linear.builder().setUnits(hidden[i]).build());
                net.add("relu" + (i + 1), Activation.reluBlock());
            }
            net.add(Networks.OUTPUT_LAYER, Linear.builder().setUnits(numClasses).build());
            return Initializers.apply(net, Initializers.glorotNormal());
        }
    }
}

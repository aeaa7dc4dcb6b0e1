package io.ltq.experiments.models;

import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.initializer.Initializer;
import io.ltq.djl.init.PortableInitializer;

/**
 * The weight initializations the paper's networks use, drawn in Java by {@link
 * PortableInitializer} so that a seed gives the same θ0 on every engine:
 *
 * <ul>
 *   <li>{@link #glorotNormal()}: variance {@code 2 / (fanIn + fanOut)}, Glorot and Bengio's normal
 *       initialization (PyTorch's {@code xavier_normal_}), which the paper uses for LeNet and the
 *       Conv networks.
 *   <li>{@link #kaimingNormal()}: variance {@code 2 / fanIn}, He et al.'s normal initialization
 *       (PyTorch's {@code kaiming_normal_} in its default fan-in mode), used for ResNet-20 and
 *       VGG as in OpenLTH.
 * </ul>
 *
 * <p>Biases start at zero; batch-norm scales at one and shifts at zero (DJL's constant
 * initializers, which draw nothing).
 */
public final class Initializers {

    private Initializers() {}

    /**
     * Returns Glorot (Xavier) normal initialization.
     *
     * @return an initializer drawing from {@code N(0, 2 / (fanIn + fanOut))}
     */
    public static Initializer glorotNormal() {
        return PortableInitializer.glorotNormal();
    }

    /**
     * Returns Kaiming (He) normal initialization in fan-in mode.
     *
     * @return an initializer drawing from {@code N(0, 2 / fanIn)}
     */
    public static Initializer kaimingNormal() {
        return PortableInitializer.kaimingNormal();
    }

    /**
     * Sets the weight initializer of every layer in a block and zero biases.
     *
     * <p>Call it before the block is initialized; a {@code TrainingConfig} initializer would
     * override it.
     *
     * @param block the network
     * @param weights the initializer for all {@link Parameter.Type#WEIGHT} parameters
     * @param <B> the block type
     * @return the block
     */
    public static <B extends Block> B apply(B block, Initializer weights) {
        block.setInitializer(weights, Parameter.Type.WEIGHT);
        block.setInitializer(Initializer.ZEROS, Parameter.Type.BIAS);
        return block;
    }
}

package io.ltq.experiments.models;

import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.initializer.Initializer;
import ai.djl.training.initializer.XavierInitializer;

/**
 * The weight initializations the paper's networks use.
 *
 * <p>DJL's {@link XavierInitializer} draws {@code N(0, magnitude / factor)}, with {@code factor}
 * the fan-in ({@code IN}) or the mean of fan-in and fan-out ({@code AVG}). Hence:
 *
 * <ul>
 *   <li>{@link #glorotNormal()} is {@code AVG} with magnitude 1, i.e. variance {@code 2 / (fanIn +
 *       fanOut)}, Glorot and Bengio's normal initialization (PyTorch's {@code xavier_normal_}),
 *       which the paper uses for LeNet and the Conv networks. Magnitude 2 would double that
 *       variance.
 *   <li>{@link #kaimingNormal()} is {@code IN} with magnitude 2, i.e. variance {@code 2 / fanIn},
 *       He et al.'s normal initialization (PyTorch's {@code kaiming_normal_} in its default fan-in
 *       mode), used for ResNet-20 and VGG as in OpenLTH.
 * </ul>
 *
 * <p>Biases start at zero; batch-norm scales at one and shifts at zero (DJL's defaults).
 */
public final class Initializers {

    private Initializers() {}

    /**
     * Returns Glorot (Xavier) normal initialization.
     *
     * @return an initializer drawing from {@code N(0, 2 / (fanIn + fanOut))}
     */
    public static Initializer glorotNormal() {
        return new XavierInitializer(
                XavierInitializer.RandomType.GAUSSIAN, XavierInitializer.FactorType.AVG, 1);
    }

    /**
     * Returns Kaiming (He) normal initialization in fan-in mode.
     *
     * @return an initializer drawing from {@code N(0, 2 / fanIn)}
     */
    public static Initializer kaimingNormal() {
        return new XavierInitializer(
                XavierInitializer.RandomType.GAUSSIAN, XavierInitializer.FactorType.IN, 2);
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

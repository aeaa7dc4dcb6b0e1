package io.ltq.experiments.lottery;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;

/**
 * A network LTQ can run: a name and a factory of fresh, uninitialized DJL blocks. LTQ
 * initializes θ0 itself ({@link io.ltq.djl.init.PortableInitializer}), so the same seed gives the
 * same weights on every engine; the block's {@code Linear} and {@code Conv*} weights are pruned,
 * the last {@code Linear} at the output layer's rate.
 *
 * <p>The bundled networks are {@link io.ltq.experiments.models.Networks}. Bring your own by
 * registering it ({@link io.ltq.experiments.catalog.LtqExtension#networks()}), by giving {@code
 * --model} the class name of a {@code Network} or of a DJL {@code Block} with a public no-argument
 * constructor, or from Java ({@link io.ltq.experiments.run.LotteryRun}).
 *
 * <pre>{@code
 * Network mine = Network.of("acme-net", (shape, classes) -> new AcmeNet(classes));
 * }</pre>
 */
public interface Network {

    /**
     * Returns the name {@code --model} takes and {@code run.json} records.
     *
     * @return e.g. {@code lenet300}, or a class name
     */
    String name();

    /**
     * Creates a fresh, uninitialized network.
     *
     * @param exampleShape the (channels, height, width) shape of one example of the run's data
     * @param numClasses the classes of the run's data, the width of the output layer
     * @return a new block
     */
    Block newBlock(Shape exampleShape, int numClasses);

    /**
     * Returns the setup the network trains with where the command line leaves a value out.
     *
     * @return the papers' setup for the bundled networks, {@link Preset#DEFAULT} otherwise
     */
    default Preset preset() {
        return Preset.DEFAULT;
    }

    /**
     * Makes a network from a name and a block factory.
     *
     * @param name the name {@code run.json} records
     * @param factory makes a fresh block for an example shape and a number of classes
     * @return the network, with {@link Preset#DEFAULT}
     */
    static Network of(String name, Factory factory) {
        return new Network() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public Block newBlock(Shape exampleShape, int numClasses) {
                return factory.newBlock(exampleShape, numClasses);
            }

            @Override
            public String toString() {
                return name;
            }
        };
    }

    /** Makes a fresh block for an example shape and a number of classes. */
    @FunctionalInterface
    interface Factory {

        /**
         * Creates a fresh, uninitialized block.
         *
         * @param exampleShape the (channels, height, width) shape of one example
         * @param numClasses the number of classes
         * @return a new block
         */
        Block newBlock(Shape exampleShape, int numClasses);
    }
}

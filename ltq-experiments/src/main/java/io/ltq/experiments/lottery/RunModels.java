package io.ltq.experiments.lottery;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import io.ltq.djl.init.PortableInitializer;
import io.ltq.experiments.UserMistakeException;
import java.util.List;
import java.util.Set;

/** Creates the network of a run, initialized from the run's seed. */
public final class RunModels {

    /** The engines LTQ trains on; DJL can list others (such as its RPC client) that cannot train. */
    public static final List<String> TRAINING_ENGINES = List.of("PyTorch", "MXNet");

    private RunModels() {}

    /**
     * Returns the training engines found on the classpath, in {@link #TRAINING_ENGINES} order.
     *
     * @return the engine names as DJL spells them
     */
    public static List<String> availableEngines() {
        Set<String> found = Engine.getAllEngines();
        return TRAINING_ENGINES.stream().filter(found::contains).toList();
    }

    /**
     * Creates the model of a run on its engine and device, with θ0 drawn from the init seed by
     * {@link PortableInitializer}, bit-identical on every engine.
     *
     * @param config the run's settings
     * @param network the run's network
     * @param exampleShape the shape of one example
     * @param numClasses the classes of the run's data
     * @return the initialized model; the caller closes it
     */
    public static Model create(LotteryConfig config, Network network, Shape exampleShape,
            int numClasses) {
        Device device = device(config);
        NetworkSettings settings = config.network();
        Model model = Model.newInstance("ltq-" + settings.model(), device, settings.engine());
        try {
            Block block = network.newBlock(exampleShape, numClasses);
            portableByDefault(block);
            model.setBlock(block);
            block.initialize(model.getNDManager(), DataType.FLOAT32, batchShape(config,
                    exampleShape));
            // θ0 from LTQ's own streams: the same seed gives the same weights on every engine.
            PortableInitializer.draw(block, config.seeds().initSeed());
            return model;
        } catch (RuntimeException e) {
            model.close();
            throw e;
        }
    }

    /**
     * Lets LTQ draw the weights a network leaves at DJL's default, N(0, 2 / fanIn) from the
     * engine's own unseeded generator: the same distribution, {@link
     * PortableInitializer#kaimingNormal()}, drawn from the run's seed, so that a block of one's
     * own starts from the same θ0 on every engine and in every resumed run, and the reinit
     * control can draw θ0′. Initializers the network chose itself are kept.
     */
    static void portableByDefault(Block block) {
        for (Pair<String, Parameter> p : block.getParameters()) {
            Parameter parameter = p.getValue();
            if (parameter.getType() == Parameter.Type.WEIGHT
                    && parameter.getInitializer() == Parameter.Type.WEIGHT.getInitializer()) {
                parameter.setInitializer(PortableInitializer.kaimingNormal());
            }
        }
    }

    /**
     * Returns the device a run trains on, refusing a GPU the engine cannot see.
     *
     * @param config the run's settings
     * @return the CPU or the first GPU
     * @throws UserMistakeException when the run asks for a GPU and the engine finds none
     */
    public static Device device(LotteryConfig config) {
        return device(config.network().engine(), config.network().device());
    }

    /**
     * Returns a device by its command-line name, refusing a GPU the engine cannot see.
     *
     * @param engine the engine name, e.g. {@code PyTorch}
     * @param device {@code cpu} or {@code gpu}
     * @return the CPU or the first GPU
     * @throws UserMistakeException when a GPU is asked for and the engine finds none
     */
    public static Device device(String engine, String device) {
        if (!device.equalsIgnoreCase("gpu")) {
            return Device.cpu();
        }
        // Asked before any array exists; otherwise the engine fails later with pages of native text.
        if (Engine.getEngine(engine).getGpuCount() == 0) {
            throw new UserMistakeException(
                    "--device gpu: " + engine + " finds no CUDA GPU on this machine; build with"
                            + " the GPU profile (mvn -Dgpu, see README: Engines, natives and"
                            + " GPUs) on a machine with one, or use --device cpu.");
        }
        return Device.gpu();
    }

    /**
     * Returns the shape of one training batch.
     *
     * @param config the run's settings
     * @param exampleShape the shape of one example
     * @return (batch size, example dimensions...)
     */
    public static Shape batchShape(LotteryConfig config, Shape exampleShape) {
        long[] example = exampleShape.getShape();
        long[] dims = new long[example.length + 1];
        dims[0] = config.data().batchSize();
        System.arraycopy(example, 0, dims, 1, example.length);
        return new Shape(dims);
    }
}

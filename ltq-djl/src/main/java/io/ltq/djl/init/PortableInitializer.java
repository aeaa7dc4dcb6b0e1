package io.ltq.djl.init;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.initializer.Initializer;
import ai.djl.util.Pair;
import io.ltq.random.Seeds;
import java.nio.FloatBuffer;
import java.util.SplittableRandom;

/**
 * A normal initialization drawn in Java from LTQ's seeded streams, so that the same seed gives
 * bit-identical weights on every engine and device, and runs in parallel share no random state.
 *
 * <p>Set it on a block like any DJL initializer, initialize the block, then draw the weights:
 *
 * <pre>{@code
 * block.setInitializer(PortableInitializer.glorotNormal(), Parameter.Type.WEIGHT);
 * block.setInitializer(Initializer.ZEROS, Parameter.Type.BIAS);
 * block.initialize(manager, DataType.FLOAT32, inputShape);
 * PortableInitializer.draw(block, seed);  // θ0 of this seed, the same on PyTorch and MXNet
 * }</pre>
 *
 * <p>Each parameter has its own stream: a {@link SplittableRandom} seeded with {@link
 * Seeds#derive(long, String) Seeds.derive(seed, path)}, with {@code path} the parameter's name in
 * {@link Block#getParameters()}. Normal deviates come from the Box–Muller transform on pairs of
 * uniform doubles, {@code u1 = 1 − nextDouble()} and {@code u2 = nextDouble()}: {@code
 * sqrt(−2 ln u1) · cos(2π u2)}, then {@code · sin(2π u2)}, computed with {@link StrictMath} and
 * scaled by the standard deviation before the cast to float, so the bits do not depend on the
 * platform. Fans are counted as DJL's {@code XavierInitializer} counts them: for a weight of shape
 * {@code (out, in, k…)}, {@code fanIn = in · Πk} and {@code fanOut = out · Πk}.
 *
 * <p>When DJL itself calls {@link #initialize} (inside {@code block.initialize}) the parameter's
 * name is unknown, so it draws from a stream of the shape alone; {@link #draw(Block, long)} then
 * replaces those values with the parameter's own stream.
 */
public final class PortableInitializer implements Initializer {

    private final String name;
    private final double gain;
    private final boolean averageFans;

    private PortableInitializer(String name, double gain, boolean averageFans) {
        this.name = name;
        this.gain = gain;
        this.averageFans = averageFans;
    }

    /**
     * Returns Glorot (Xavier) normal initialization, as PyTorch's {@code xavier_normal_}.
     *
     * @return an initializer drawing from {@code N(0, 2 / (fanIn + fanOut))}
     */
    public static PortableInitializer glorotNormal() {
        return new PortableInitializer("glorot_normal", 2, true);
    }

    /**
     * Returns Kaiming (He) normal initialization in fan-in mode, as PyTorch's {@code
     * kaiming_normal_} by default.
     *
     * @return an initializer drawing from {@code N(0, 2 / fanIn)}
     */
    public static PortableInitializer kaimingNormal() {
        return new PortableInitializer("kaiming_normal", 2, false);
    }

    /**
     * Draws every parameter of an initialized block whose initializer is a {@code
     * PortableInitializer} from its own stream, in place; other parameters are left as they are.
     *
     * @param block an initialized block
     * @param seed the seed, e.g. a run's initialization seed
     * @return how many parameters were drawn
     */
    public static int draw(Block block, long seed) {
        int drawn = 0;
        for (Pair<String, Parameter> pair : block.getParameters()) {
            Parameter p = pair.getValue();
            if (!(p.getInitializer() instanceof PortableInitializer portable)) {
                continue;
            }
            if (!p.isInitialized()) {
                throw new IllegalStateException(
                        "Parameter " + pair.getKey() + " is not initialized: call"
                                + " block.initialize(...) before PortableInitializer.draw.");
            }
            NDArray array = p.getArray();
            if (array.getDataType() != DataType.FLOAT32) {
                throw new IllegalArgumentException(
                        "Parameter " + pair.getKey() + " is " + array.getDataType()
                                + "; PortableInitializer draws float32 weights.");
            }
            array.set(FloatBuffer.wrap(
                    portable.sample(array.getShape(), Seeds.derive(seed, pair.getKey()))));
            drawn++;
        }
        return drawn;
    }

    /**
     * Returns the standard deviation this initialization uses for a weight shape.
     *
     * @param shape {@code (out, in, k…)}
     * @return {@code sqrt(2 / (fanIn + fanOut))} or {@code sqrt(2 / fanIn)}
     */
    public double standardDeviation(Shape shape) {
        if (shape.dimension() < 2) {
            throw new IllegalArgumentException(
                    name + " needs a weight of at least 2 dimensions (out, in, ...), got " + shape
                            + "; initialize biases with Initializer.ZEROS.");
        }
        long receptive = shape.size() / (shape.get(0) * shape.get(1));
        double fanIn = (double) shape.get(1) * receptive;
        double fanOut = (double) shape.get(0) * receptive;
        return Math.sqrt(gain / (averageFans ? fanIn + fanOut : fanIn));
    }

    /**
     * Draws the values of one tensor, row-major.
     *
     * @param shape the tensor's shape
     * @param streamSeed the seed of the tensor's own stream
     * @return {@code shape.size()} values
     */
    public float[] sample(Shape shape, long streamSeed) {
        double std = standardDeviation(shape);
        float[] out = new float[Math.toIntExact(shape.size())];
        SplittableRandom random = new SplittableRandom(streamSeed);
        for (int i = 0; i < out.length; i += 2) {
            double radius = StrictMath.sqrt(-2 * StrictMath.log(1 - random.nextDouble()));
            double angle = 2 * StrictMath.PI * random.nextDouble();
            out[i] = (float) (std * radius * StrictMath.cos(angle));
            if (i + 1 < out.length) {
                out[i + 1] = (float) (std * radius * StrictMath.sin(angle));
            }
        }
        return out;
    }

    /** {@inheritDoc} */
    @Override
    public NDArray initialize(NDManager manager, Shape shape, DataType dataType) {
        NDArray drawn = manager.create(sample(shape, Seeds.derive(0, shape.toString())), shape);
        return dataType == DataType.FLOAT32 ? drawn : drawn.toType(dataType, false);
    }

    @Override
    public String toString() {
        return "PortableInitializer[" + name + "]";
    }
}

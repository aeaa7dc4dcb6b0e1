package io.ltq.bench.quick;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Blocks;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.pooling.Pool;
import io.ltq.djl.init.PortableInitializer;
import io.ltq.experiments.models.Initializers;
import io.ltq.mask.Mask;
import io.ltq.mask.MaskSet;
import io.ltq.prune.LayerKind;
import io.ltq.prune.MagnitudePruner;
import io.ltq.prune.Pruner;
import io.ltq.prune.PruningScope;
import io.ltq.prune.WeightTensor;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The prunable parameter set of VGG-19 (CIFAR variant: sixteen 3x3 convolutions and one
 * 512x10 output layer, 20,024,000 weights in 17 tensors), optionally with every channel count
 * scaled so that the set holds about a given number of weights. The benchmarks prune, rewind and
 * store it.
 *
 * <pre>{@code
 * VggSizedParameters vgg = VggSizedParameters.ofSize(2_000_000); // ~2M weights, same 17 tensors
 * List<WeightTensor> weights = vgg.randomWeights(42);
 * }</pre>
 */
public final class VggSizedParameters {

    /** The output channels of VGG-19's convolutions. */
    private static final int[] VGG19_CONVS = {
        64, 64, 128, 128, 256, 256, 256, 256, 512, 512, 512, 512, 512, 512, 512, 512
    };

    /** The number of weights of the unscaled set. */
    public static final long VGG19_WEIGHTS = 20_024_000L;

    private static final int CLASSES = 10;

    private final int[] channels;
    private final Map<String, long[]> shapes;
    private final long weights;

    private VggSizedParameters(int[] channels) {
        this.channels = channels;
        Map<String, long[]> s = new LinkedHashMap<>();
        long total = 0;
        int in = 3;
        for (int i = 0; i < channels.length; i++) {
            long[] shape = {channels[i], in, 3, 3};
            s.put(convName(i), shape);
            total += (long) channels[i] * in * 9;
            in = channels[i];
        }
        s.put(outputName(), new long[] {CLASSES, in});
        total += (long) CLASSES * in;
        this.shapes = Collections.unmodifiableMap(s);
        this.weights = total;
    }

    /**
     * Returns the pruner the rewinding benchmarks apply to these tensors: 20% of the survivors of
     * every tensor, the output layer's included, under one global threshold.
     *
     * @return the pruner
     */
    public static Pruner globalPruner() {
        return MagnitudePruner.builder()
                .optFraction(0.2)
                .optFraction(LayerKind.OUTPUT, 0.2)
                .optScope(PruningScope.GLOBAL)
                .build();
    }

    /**
     * Returns VGG-19's own parameter set.
     *
     * @return 20,024,000 weights in 17 tensors
     */
    public static VggSizedParameters vgg19() {
        return new VggSizedParameters(VGG19_CONVS.clone());
    }

    /**
     * Returns VGG-19's tensors with every channel count scaled by the same factor, so that the
     * set holds about {@code targetWeights} weights (weights grow with the square of the width).
     *
     * @param targetWeights the number of weights wanted, at least 1,000
     * @return the scaled set
     */
    public static VggSizedParameters ofSize(long targetWeights) {
        if (targetWeights < 1_000) {
            throw new IllegalArgumentException(
                    "A VGG-sized parameter set needs at least 1,000 weights, got "
                            + targetWeights + ".");
        }
        if (targetWeights == VGG19_WEIGHTS) {
            return vgg19();
        }
        double scale = Math.sqrt((double) targetWeights / VGG19_WEIGHTS);
        int[] c = new int[VGG19_CONVS.length];
        for (int i = 0; i < c.length; i++) {
            c[i] = Math.max(1, (int) Math.round(VGG19_CONVS[i] * scale));
        }
        return new VggSizedParameters(c);
    }

    /**
     * Returns the number of weights.
     *
     * @return the total size of the tensors
     */
    public long weights() {
        return weights;
    }

    /**
     * Returns the tensor shapes by parameter path, in network order; the paths are those of the
     * block {@link #newBlock()} builds.
     *
     * @return the shapes
     */
    public Map<String, long[]> shapes() {
        return shapes;
    }

    /**
     * Returns weights drawn from a normal distribution, as a pruner receives them: the
     * convolutions as CONV, the last tensor as OUTPUT.
     *
     * @param seed the seed
     * @return one tensor per shape, in order
     */
    public List<WeightTensor> randomWeights(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        List<WeightTensor> out = new ArrayList<>(shapes.size());
        int i = 0;
        for (Map.Entry<String, long[]> e : shapes.entrySet()) {
            long[] shape = e.getValue();
            float[] v = new float[Math.toIntExact(product(shape))];
            // A cheap normal-ish draw (sum of uniforms); the pruner only sees magnitudes.
            for (int j = 0; j < v.length; j++) {
                v[j] = (float) (random.nextDouble() + random.nextDouble() + random.nextDouble()
                        - 1.5);
            }
            LayerKind kind = i == shapes.size() - 1 ? LayerKind.OUTPUT : LayerKind.CONV;
            out.add(new WeightTensor(e.getKey(), kind, shape, v));
            i++;
        }
        return out;
    }

    /**
     * Returns random masks of about the given density, independently per weight.
     *
     * @param density the probability that a weight survives
     * @param seed the seed
     * @return one mask per tensor
     */
    public MaskSet randomMasks(double density, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        Map<String, Mask> out = new LinkedHashMap<>();
        for (Map.Entry<String, long[]> e : shapes.entrySet()) {
            long[] shape = e.getValue();
            long n = product(shape);
            long[] words = new long[Math.toIntExact((n + 63) >>> 6)];
            for (long i = 0; i < n; i++) {
                if (random.nextDouble() < density) {
                    words[(int) (i >>> 6)] |= 1L << i;
                }
            }
            out.put(e.getKey(), Mask.fromWords(shape, words));
        }
        return MaskSet.of(out);
    }

    /**
     * Builds a DJL block whose prunable weights are exactly these tensors: the convolutions (3x3,
     * padding 1, with biases) in a row, global average pooling and the output layer. It is meant
     * to be initialized with input shape {@code (1, 3, 32, 32)} and to hold parameters, not to be
     * trained.
     *
     * @return an uninitialized block whose weights {@link PortableInitializer} draws
     */
    public SequentialBlock newBlock() {
        SequentialBlock block = new SequentialBlock();
        for (int c : channels) {
            block.add(
                    Conv2d.builder()
                            .setKernelShape(new Shape(3, 3))
                            .optPadding(new Shape(1, 1))
                            .setFilters(c)
                            .build());
        }
        block.add(Pool.globalAvgPool2dBlock());
        block.add(Blocks.batchFlattenBlock());
        block.add(Linear.builder().setUnits(CLASSES).build());
        // Drawn by LTQ, not the engine: the benchmarks see the same weights on every engine.
        return Initializers.apply(block, Initializers.kaimingNormal());
    }

    /**
     * Returns the input shape {@link #newBlock()} is initialized with.
     *
     * @return {@code (1, 3, 32, 32)}
     */
    public static Shape inputShape() {
        return new Shape(1, 3, 32, 32);
    }

    // SequentialBlock names its children "01Conv2d", "02Conv2d", ..., so the weights are
    // "01Conv2d_weight" and so on; the output layer comes after pooling and flattening.
    private static String convName(int i) {
        return String.format("%02dConv2d_weight", i + 1);
    }

    private String outputName() {
        return String.format("%02dLinear_weight", channels.length + 3);
    }

    private static long product(long[] shape) {
        long n = 1;
        for (long d : shape) {
            n *= d;
        }
        return n;
    }

    @Override
    public String toString() {
        return "VggSizedParameters[" + weights + " weights in " + shapes.size() + " tensors]";
    }
}

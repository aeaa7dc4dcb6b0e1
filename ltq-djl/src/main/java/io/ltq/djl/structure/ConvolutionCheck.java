package io.ltq.djl.structure;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.ParameterStore;
import io.ltq.djl.internal.ArrayCopy;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Checks that an engine's convolution is right at an input channel count that is not a multiple
 * of 16, the widths compact structured tickets have.
 *
 * <p>Dense networks have 16, 32, 64... channels; a compact ticket has 17 or 52. On some machines
 * an engine's convolution is wrong there: PyTorch 2.7.1 (oneDNN 3.7.1) on an AMD EPYC with
 * AVX-512 returned outputs off by 0.4 to 1.6 — not rounding — for every input channel count
 * above 16 that is not a multiple of 16 (17…31, 33…47, 49…63 measured; 1…16, 32, 48 and 64
 * right) in a batch of two examples (one example alone was right), differently from call to
 * call, while MXNet on the same machine was right. A compact ticket trained or run there would
 * silently compute something else than its masked network. The check convolves a batch of 4
 * examples of 17 input channels once per engine and JVM against a reference computed in Java in
 * double precision; the values come from a seeded Java stream, not the engine.
 *
 * <pre>{@code
 * ConvolutionCheck.Result r = ConvolutionCheck.of("PyTorch");
 * if (!r.correct()) { ... another engine, or compact widths that are multiples of 16 ... }
 * }</pre>
 */
public final class ConvolutionCheck {

    /** The largest |difference| from the reference that counts as rounding. */
    public static final double TOLERANCE = 1e-3;

    /** The input channels checked: above one block of 16 and not a multiple of it. */
    public static final int CHANNELS = 17;

    private static final int FILTERS = 16;
    private static final int BATCH = 4;
    private static final int SIZE = 8;
    private static final Map<String, Result> RESULTS = new ConcurrentHashMap<>();

    private ConvolutionCheck() {}

    /**
     * One engine's outcome.
     *
     * @param engine the engine's name
     * @param maxDifference the largest |output − reference| over the check's outputs
     */
    public record Result(String engine, double maxDifference) {

        /**
         * Returns whether the engine's convolution is right up to rounding.
         *
         * @return {@code true} when the largest difference is at most {@link #TOLERANCE}
         */
        public boolean correct() {
            return maxDifference <= TOLERANCE;
        }
    }

    /**
     * Returns the check of an engine on the CPU, run the first time it is asked for.
     *
     * @param engine the engine's name, e.g. {@code PyTorch}
     * @return the outcome
     */
    public static Result of(String engine) {
        return RESULTS.computeIfAbsent(engine, ConvolutionCheck::run);
    }

    private static Result run(String engine) {
        Shape input = new Shape(BATCH, CHANNELS, SIZE, SIZE);
        SplittableRandom rng = new SplittableRandom(17);
        float[] x = draw(rng, (int) input.size());
        float[] w = draw(rng, FILTERS * CHANNELS * 9);
        try (Model model = Model.newInstance("convolution-check", engine);
                NDManager manager = NDManager.newBaseManager(engine)) {
            Conv2d conv = Conv2d.builder().setKernelShape(new Shape(3, 3))
                    .optPadding(new Shape(1, 1)).setFilters(FILTERS).optBias(false).build();
            model.setBlock(conv);
            conv.initialize(model.getNDManager(), DataType.FLOAT32, input);
            // ArrayCopy: MXNet refuses set() on convolution weights in its MKL-DNN layout.
            ArrayCopy.copy(manager.create(w, new Shape(FILTERS, CHANNELS, 3, 3)),
                    conv.getParameters().get("weight").getArray());
            NDArray in = manager.create(x, input);
            float[] y = conv.forward(new ParameterStore(manager, false), new NDList(in), false)
                    .head().toFloatArray();
            double max = 0;
            for (int n = 0; n < BATCH; n++) {
                for (int o = 0; o < FILTERS; o++) {
                    for (int i = 0; i < SIZE; i++) {
                        for (int j = 0; j < SIZE; j++) {
                            double ref = reference(x, w, n, o, i, j);
                            max = Math.max(max, Math.abs(ref
                                    - y[((n * FILTERS + o) * SIZE + i) * SIZE + j]));
                        }
                    }
                }
            }
            return new Result(engine, Double.isNaN(max) ? Double.POSITIVE_INFINITY : max);
        }
    }

    // One output of a 3×3 convolution with zero padding 1, in double precision.
    private static double reference(float[] x, float[] w, int n, int o, int i, int j) {
        double sum = 0;
        for (int c = 0; c < CHANNELS; c++) {
            for (int ki = 0; ki < 3; ki++) {
                for (int kj = 0; kj < 3; kj++) {
                    int r = i + ki - 1;
                    int s = j + kj - 1;
                    if (r >= 0 && s >= 0 && r < SIZE && s < SIZE) {
                        sum += (double) w[((o * CHANNELS + c) * 3 + ki) * 3 + kj]
                                * x[((n * CHANNELS + c) * SIZE + r) * SIZE + s];
                    }
                }
            }
        }
        return sum;
    }

    private static float[] draw(SplittableRandom rng, int n) {
        float[] out = new float[n];
        for (int i = 0; i < n; i++) {
            out[i] = (float) (rng.nextDouble() * 2 - 1);
        }
        return out;
    }
}

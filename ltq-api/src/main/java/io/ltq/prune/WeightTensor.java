package io.ltq.prune;

import java.util.Arrays;
import java.util.Objects;

/**
 * The values of one prunable tensor, read out of an engine, as the pruners see them.
 *
 * @param name the parameter path, the key of its mask
 * @param kind the layer kind, which selects the pruning rate
 * @param shape the tensor shape
 * @param values the weights in row-major order, {@code product(shape)} of them
 */
public record WeightTensor(String name, LayerKind kind, long[] shape, float[] values) {

    /**
     * Checks the record.
     *
     * @param name the parameter path
     * @param kind the layer kind
     * @param shape the tensor shape
     * @param values the weights
     */
    public WeightTensor {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(values, "values");
        long n = 1;
        for (long d : shape) {
            n *= d;
        }
        if (n != values.length) {
            throw new IllegalArgumentException(
                    "Tensor " + name + " of shape " + Arrays.toString(shape) + " needs " + n
                            + " values, got " + values.length + ".");
        }
        shape = shape.clone();
    }

    /**
     * Returns the number of weights.
     *
     * @return the length of {@link #values()}
     */
    public int size() {
        return values.length;
    }
}

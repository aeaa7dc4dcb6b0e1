package io.ltq.djl.rewind;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Parameter;
import io.ltq.djl.internal.ArrayCopy;

/** Writes new values into a parameter in place, wherever training keeps copies of it. */
@FunctionalInterface
public interface ParameterWriter {

    /** Copies the values into the parameter's own array, which suffices with no trainer open. */
    ParameterWriter IN_PLACE =
            new ParameterWriter() {
                @Override
                public void write(Parameter parameter, NDArray values) {
                    ArrayCopy.copy(values, parameter.getArray());
                }

                @Override
                public void writeMasked(Parameter parameter, NDArray values, NDArray mask) {
                    // Copy, then multiply in place: no temporary as large as the tensor.
                    NDArray array = parameter.getArray();
                    ArrayCopy.copy(values, array);
                    array.muli(mask);
                }
            };

    /**
     * Sets a parameter's values.
     *
     * @param parameter the parameter
     * @param values the new values, same shape; the caller keeps ownership
     */
    void write(Parameter parameter, NDArray values);

    /**
     * Sets a parameter's values times a 0/1 mask. By default the product is computed and
     * {@linkplain #write written}; {@link #IN_PLACE} multiplies in the parameter's array.
     *
     * @param parameter the parameter
     * @param values the new values, same shape, possibly the parameter's own array; the caller
     *     keeps ownership
     * @param mask the 0/1 array of the same shape
     */
    default void writeMasked(Parameter parameter, NDArray values, NDArray mask) {
        try (NDArray masked = values.mul(mask)) {
            write(parameter, masked);
        }
    }
}

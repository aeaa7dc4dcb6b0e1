package io.ltq.djl.rewind;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Parameter;

/** Writes new values into a parameter in place, wherever training keeps copies of it. */
@FunctionalInterface
public interface ParameterWriter {

    /** Copies the values into the parameter's own array, which suffices with no trainer open. */
    ParameterWriter IN_PLACE = (parameter, values) -> values.copyTo(parameter.getArray());

    /**
     * Sets a parameter's values.
     *
     * @param parameter the parameter
     * @param values the new values, same shape; the caller keeps ownership
     */
    void write(Parameter parameter, NDArray values);
}

package io.ltq.djl.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.ltq.mask.Mask;

/** Turns bit masks into multiplicative NDArrays on an engine. */
public final class MaskArrays {

    private MaskArrays() {}

    /**
     * Creates a 0/1 array of a mask, to multiply weights with.
     *
     * @param manager the manager that owns the new array (its engine and device are used)
     * @param mask the mask
     * @param dataType the data type of the weights it will multiply
     * @return an array of the mask's shape holding 1 where a weight survives
     */
    public static NDArray create(NDManager manager, Mask mask, DataType dataType) {
        NDArray floats = manager.create(mask.toFloatArray(), new Shape(mask.getShape()));
        if (dataType == DataType.FLOAT32) {
            return floats;
        }
        NDArray typed = floats.toType(dataType, false);
        floats.close();
        return typed;
    }
}

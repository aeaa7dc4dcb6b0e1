package io.ltq.djl.internal;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.ltq.mask.Mask;
import java.nio.ByteBuffer;

/** Turns bit masks into multiplicative NDArrays on an engine. */
public final class MaskArrays {

    /** Weights per chunk copied to the engine's buffer. */
    private static final int CHUNK = 1 << 16;

    private MaskArrays() {}

    /**
     * Creates a 0/1 array of a mask, to multiply weights with.
     *
     * <p>The mask crosses to the engine as one byte per weight and is widened there: a quarter of
     * the bytes a float array would copy, and no float array on the Java heap.
     *
     * @param manager the manager that owns the new array (its engine and device are used)
     * @param mask the mask
     * @param dataType the data type of the weights it will multiply
     * @return an array of the mask's shape holding 1 where a weight survives
     */
    public static NDArray create(NDManager manager, Mask mask, DataType dataType) {
        Shape shape = new Shape(mask.getShape());
        int size = Math.toIntExact(mask.size());
        if (size == 0 || shape.dimension() == 0) {
            // Nothing to gain for empty or scalar tensors; the plain path handles their shapes.
            NDArray floats = manager.create(mask.toFloatArray(), shape);
            return floats.getDataType() == dataType ? floats : cast(floats, dataType);
        }
        ByteBuffer bytes = manager.allocateDirect(size);
        fill(mask, size, bytes);
        return cast(manager.create(bytes, shape, DataType.UINT8), dataType);
    }

    private static NDArray cast(NDArray array, DataType dataType) {
        try (array) {
            return array.toType(dataType, false);
        }
    }

    /** Writes one byte 0 or 1 per weight, a chunk at a time. */
    private static void fill(Mask mask, int size, ByteBuffer out) {
        byte[] chunk = new byte[Math.min(CHUNK, size)];
        for (int done = 0; done < size; ) {
            int n = Math.min(chunk.length, size - done);
            mask.copyBytes(done, chunk, 0, n);
            out.put(chunk, 0, n);
            done += n;
        }
        out.rewind();
    }
}

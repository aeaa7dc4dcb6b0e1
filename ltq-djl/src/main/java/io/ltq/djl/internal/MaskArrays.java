package io.ltq.djl.internal;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.ltq.mask.Mask;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Turns bit masks into multiplicative NDArrays on an engine. */
public final class MaskArrays {

    private static final VarHandle LONGS =
            MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    /** For each byte of mask bits, the eight 0/1 bytes it becomes, as one little-endian long. */
    private static final long[] SPREAD = new long[256];

    static {
        for (int v = 0; v < 256; v++) {
            long x = 0;
            for (int j = 0; j < 8; j++) {
                x |= (long) ((v >>> j) & 1) << (8 * j);
            }
            SPREAD[v] = x;
        }
    }

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
        fill(mask.toWords(), size, bytes);
        return cast(manager.create(bytes, shape, DataType.UINT8), dataType);
    }

    private static NDArray cast(NDArray array, DataType dataType) {
        try (array) {
            return array.toType(dataType, false);
        }
    }

    /** Writes one byte 0 or 1 per weight, eight at a time. */
    private static void fill(long[] words, int size, ByteBuffer out) {
        byte[] chunk = new byte[1 << 16];
        for (int done = 0; done < size; ) {
            int n = Math.min(chunk.length, size - done);
            int full = n >>> 3;
            for (int b = 0; b < full; b++) {
                int bit = done + (b << 3);
                int v = (int) (words[bit >>> 6] >>> (bit & 63)) & 0xff;
                LONGS.set(chunk, b << 3, SPREAD[v]);
            }
            for (int i = full << 3; i < n; i++) {
                int bit = done + i;
                chunk[i] = (byte) ((words[bit >>> 6] >>> bit) & 1);
            }
            out.put(chunk, 0, n);
            done += n;
        }
        out.rewind();
    }
}

package io.ltq.djl.internal;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;

/** Copies the values of one NDArray into another in place, by the fastest path each engine has. */
public final class ArrayCopy {

    private static final NDIndex ALL = new NDIndex("...");

    private ArrayCopy() {}

    /**
     * Copies values into an existing array of the same shape, leaving {@code from} untouched.
     *
     * <p>On PyTorch DJL's {@code copyTo} goes through a Java buffer (two copies and a heap array
     * as large as the tensor), while a full-slice assignment is one native copy, about four times
     * faster. MXNet's {@code copyTo} is already a native copy (and its slice assignment is slow).
     *
     * @param from the values
     * @param into the array to overwrite
     */
    public static void copy(NDArray from, NDArray into) {
        if (from == into) {
            return;
        }
        if (into.getShape().dimension() > 0
                && into.size() > 0
                && "PyTorch".equals(into.getManager().getEngine().getEngineName())) {
            into.set(ALL, from);
        } else {
            from.copyTo(into);
        }
    }
}

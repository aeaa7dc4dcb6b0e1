package io.ltq.bench.quick;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;

/**
 * Waits until an engine has finished writing a block's parameters, or an array. MXNet runs
 * operations asynchronously, so a timer stopped when the Java call returns would miss the work;
 * reading one value of an array waits for every pending write to it, and so for every operation
 * it was computed from. On PyTorch (CPU) operations are synchronous and this costs a few
 * microseconds.
 */
public final class EngineSync {

    private EngineSync() {}

    /**
     * Blocks until every parameter of the block is written.
     *
     * @param block an initialized block
     */
    public static void await(Block block) {
        for (Pair<String, Parameter> p : block.getParameters()) {
            await(p.getValue().getArray());
        }
    }

    /**
     * Blocks until an array is written: a network's output, say, once its forward pass is done.
     *
     * @param array a float array
     * @return its first value, so that a benchmark can return it; NaN when it is empty
     */
    public static float await(NDArray array) {
        if (array.size() == 0) {
            return Float.NaN;
        }
        return array.getFloat(new long[array.getShape().dimension()]);
    }
}

package io.ltq.bench.quick;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;

/**
 * Waits until an engine has finished writing a block's parameters. MXNet runs operations
 * asynchronously, so a timer stopped when the Java call returns would miss the work; reading one
 * value of each parameter waits for every pending write to it. On PyTorch (CPU) operations are
 * synchronous and this costs a few microseconds.
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
            NDArray array = p.getValue().getArray();
            if (array.size() == 0) {
                continue;
            }
            long[] first = new long[array.getShape().dimension()];
            array.getFloat(first);
        }
    }
}

package io.ltq.experiments.models;

import ai.djl.nn.Block;
import ai.djl.nn.ParallelBlock;

/**
 * Sums a residual branch and its shortcut: {@code main(x) + shortcut(x)}. The ReLU that follows the
 * sum in a ResNet basic block is left to the enclosing sequence.
 *
 * <p>A {@link ParallelBlock} with named children, so parameters read {@code ..._main_...} and
 * {@code ..._shortcut_...} rather than two indistinguishable class names.
 */
public class ResidualBlock extends ParallelBlock {

    /**
     * Creates the block.
     *
     * @param main the residual branch
     * @param shortcut the shortcut: an identity or a projection with the branch's output shape
     */
    public ResidualBlock(Block main, Block shortcut) {
        super(Layers::sum);
        addChildBlock("main", main);
        addChildBlock("shortcut", shortcut);
    }
}

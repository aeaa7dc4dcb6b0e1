package io.ltq.experiments.models;

import ai.djl.nn.Block;
import ai.djl.nn.ParallelBlock;
import io.ltq.djl.structure.ResidualJoin;

/**
 * Sums a residual branch and its shortcut: {@code main(x) + shortcut(x)}. The ReLU that follows the
 * sum in a ResNet basic block is left to the enclosing sequence.
 *
 * <p>A {@link ParallelBlock} with named children, so parameters read {@code ..._main_...} and
 * {@code ..._shortcut_...} rather than two indistinguishable class names. As a {@link
 * ResidualJoin} it declares the channels its sum ties, for structured tickets.
 */
public class ResidualBlock extends ParallelBlock implements ResidualJoin {

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

    @Override
    public Block withBranches(Block main, Block shortcut) {
        return new ResidualBlock(main, shortcut);
    }
}

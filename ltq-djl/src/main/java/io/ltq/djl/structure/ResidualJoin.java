package io.ltq.djl.structure;

import ai.djl.nn.Block;

/**
 * A residual block: a block whose two children's outputs are added, the first child the main
 * branch, the second the shortcut (a block without parameters for an identity). DJL has no graph
 * to trace, so a block declares this coupling by implementing the interface: {@link UnitStructure}
 * then ties the channels the addition joins, and rebuilds the block with narrowed branches.
 */
public interface ResidualJoin extends Block {

    /**
     * Returns a new block of this type joining other branches the same way.
     *
     * @param main the main branch
     * @param shortcut the shortcut
     * @return the new block, uninitialized
     */
    Block withBranches(Block main, Block shortcut);
}

package io.ltq.djl.structure;

import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;

/**
 * A {@link SequentialBlock} whose children can carry readable names.
 *
 * <p>{@link SequentialBlock#add(Block)} names each child after its class ({@code 03Linear}); this
 * block lets the factories call layers {@code conv1}, {@code fc2} or {@code output} instead, so
 * parameter names such as {@code 09output_weight} say which layer they belong to. DJL still
 * prefixes the position, which keeps names unique and in order.
 */
public class NamedSequentialBlock extends SequentialBlock {

    /** Creates an empty block. */
    public NamedSequentialBlock() {}

    /**
     * Appends a child block under the given name.
     *
     * @param name the child's name, without the position prefix DJL adds
     * @param block the block to append
     * @return this block
     */
    public NamedSequentialBlock add(String name, Block block) {
        addChildBlock(name, block);
        return this;
    }
}

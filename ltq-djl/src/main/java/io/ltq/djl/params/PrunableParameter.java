package io.ltq.djl.params;

import ai.djl.nn.Parameter;
import io.ltq.prune.LayerKind;

/**
 * One parameter of a DJL block that a pruner may mask.
 *
 * @param path the parameter path, as in {@code block.getParameters()}, the key of its mask
 * @param parameter the DJL parameter
 * @param kind the kind of layer it belongs to, which selects its pruning rate
 */
public record PrunableParameter(String path, Parameter parameter, LayerKind kind) {

    /**
     * Returns the shape of the initialized parameter.
     *
     * @return the dimensions
     * @throws IllegalStateException when the block is not initialized yet
     */
    public long[] shape() {
        if (!parameter.isInitialized()) {
            throw new IllegalStateException(
                    "Parameter " + path + " is not initialized yet: call trainer.initialize(shape)"
                            + " (or block.initialize) before reading or pruning weights.");
        }
        return parameter.getArray().getShape().getShape();
    }
}

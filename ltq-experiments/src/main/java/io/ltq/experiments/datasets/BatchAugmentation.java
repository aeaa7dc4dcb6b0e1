package io.ltq.experiments.datasets;

import ai.djl.ndarray.types.Shape;

/**
 * Changes a batch of training images in place before it becomes an NDArray.
 *
 * <p>Implementations draw their randomness from their own seed and the {@code (epoch, batchIndex)}
 * pair, never from a shared generator, so a run and its resumption see the same augmented batches.
 */
public interface BatchAugmentation {

    /**
     * Augments the images of one batch in place.
     *
     * @param batch {@code count} examples of {@code exampleShape}, one after another
     * @param count the number of examples in the batch
     * @param exampleShape the (channels, height, width) shape of one example
     * @param epoch the pass over the data, counted from 0
     * @param batchIndex the batch within the epoch, counted from 0
     */
    void apply(float[] batch, int count, Shape exampleShape, long epoch, long batchIndex);
}

package io.ltq.rewind;

import io.ltq.mask.MaskSet;

/**
 * Captures a network's weights at one training step and later resets the surviving weights to
 * them: {@code θ := m ⊙ θk}. Rewinding to step 0 gives the original lottery ticket; rewinding to
 * an early step {@code k > 0} is "late rewinding".
 *
 * <p>Every parameter is reset, not only the prunable ones (biases and normalization statistics
 * go back to step {@code k} too); the mask applies to the prunable tensors. After a rewind the
 * optimizer starts with fresh state.
 */
public interface Rewinder {

    /**
     * Copies the current weights as the rewind point, replacing any earlier capture.
     *
     * @param step the training step the weights belong to
     */
    void capture(long step);

    /**
     * Returns whether a rewind point is held.
     *
     * @return {@code true} after {@link #capture(long)}
     */
    boolean hasCapture();

    /**
     * Returns the step of the held rewind point.
     *
     * @return the step given to {@link #capture(long)}
     * @throws IllegalStateException when nothing was captured
     */
    long capturedStep();

    /**
     * Resets every parameter to the captured weights, with pruned weights set to 0.
     *
     * @param masks the masks to apply to the prunable tensors
     * @throws IllegalStateException when nothing was captured
     */
    void rewind(MaskSet masks);

    /**
     * Resets every parameter to a fresh random initialization drawn with the network's own
     * initializers, with pruned weights set to 0: the paper's random-reinitialization control.
     *
     * @param masks the masks to apply to the prunable tensors
     * @param seed the seed of the fresh initialization
     */
    void reinitialize(MaskSet masks, long seed);
}

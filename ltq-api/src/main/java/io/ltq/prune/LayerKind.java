package io.ltq.prune;

/**
 * What kind of layer a weight tensor belongs to; pruning rates are set per kind, as in the paper
 * (fully connected and convolutional layers at their own rates, the output layer at half the rate
 * of the fully connected ones).
 */
public enum LayerKind {
    /** The weight matrix of a fully connected layer other than the output layer. */
    DENSE,
    /** The kernel of a convolution. */
    CONV,
    /** The weight of the last fully connected layer, the one producing the logits. */
    OUTPUT,
    /** Anything else (embeddings, custom weights): not pruned unless a rate is given for it. */
    OTHER
}

package io.ltq.experiments.models;

/**
 * The size and the work of one weight layer for one example.
 *
 * @param path the weight's parameter path, as mask files name it (e.g. {@code 02fc1_weight})
 * @param type {@code linear} or {@code conv}
 * @param weights the number of weights
 * @param flops multiply–accumulates of the weights for one example: in × out for a linear
 *     layer, k × k × C_in × C_out × H_out × W_out for a convolution
 */
public record LayerCost(String path, String type, long weights, long flops) {}

package io.ltq.experiments.cli;

/**
 * The per-level pruning rates a command gives a run, by kind of layer.
 *
 * @param dense fully connected layers
 * @param conv convolutions
 * @param output the output layer
 */
record LayerRates(double dense, double conv, double output) {}

package io.ltq.experiments.training;

/**
 * Loss and accuracy of a network on one dataset.
 *
 * @param loss the mean cross-entropy per example
 * @param accuracy the fraction of examples classified correctly
 * @param examples how many examples were evaluated
 */
public record Evaluation(double loss, double accuracy, long examples) {}
